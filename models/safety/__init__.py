"""Safety of the data: backups and restore, integrity checks, the open-by-another-copy lock."""
