"""Render a plan to documents: plan → plain dicts → Jinja Markdown → Pandoc."""
