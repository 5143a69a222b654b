"""Feature modules: each has install(window)."""
