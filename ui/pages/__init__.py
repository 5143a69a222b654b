"""Pages of the main window: start page, units, campaigns."""
