"""exchange area."""
