"""Small reusable widgets: field error display, unit type-ahead edits."""
