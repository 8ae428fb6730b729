"""Authoring tools: canonical formatting, scaffolding, new editions."""
