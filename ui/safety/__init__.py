"""Qt side of data safety: backup/restore menu and dialog, checks when a database is opened."""
