"""Exports and printing: save paths, print preview and PDF."""
