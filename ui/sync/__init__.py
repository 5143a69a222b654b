"""三级联动交换: dialogs for this office's identity, writing and importing 交换包, conflicts, undo."""
