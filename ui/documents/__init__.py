"""Dialogs for the Word documents: letter options, bulletin editor, document settings."""
