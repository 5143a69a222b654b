"""Qt user interface (no SQL here: ask models/)."""
from ui.qt_compat import keep_none_alive

keep_none_alive()  # before any window is built: see ui/qt_compat.py
