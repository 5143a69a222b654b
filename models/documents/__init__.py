"""documents area."""
