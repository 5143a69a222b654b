"""workflow area."""
