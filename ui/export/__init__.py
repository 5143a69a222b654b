"""Exports and printing: background worker, progress, save paths, print preview and PDF."""
