"""Qt user interface (no SQL here: ask models/)."""
