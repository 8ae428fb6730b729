"""Compare two plan editions: match elements by identity, classify what changed."""
