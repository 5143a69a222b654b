"""Import wizard, undo of an import, and units' reply workbooks (反馈表)."""
