"""psmctl: the Piano Strategico Metropolitano as plain files in git."""

__version__ = "0.1.0"
