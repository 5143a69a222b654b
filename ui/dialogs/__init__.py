"""Dialogs: problem, unit and campaign editors, and the Chinese message helpers."""
