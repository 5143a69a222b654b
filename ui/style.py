"""The look of the program: the style sheet and the colours in resources/, read in one place.

ui/ code names a colour (``colour("error")``) or a role (``set_role(label, "note")``); the hex
values live only in resources/colours.json and the rules in resources/style.qss.
"""
from __future__ import annotations

import json
import re
import sys
from functools import cache
from pathlib import Path

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QWidget


def resources_dir() -> Path:
    """resources/ beside the code, or inside a PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    return Path(bundle) / "resources" if bundle else Path(__file__).resolve().parents[1] / "resources"


@cache
def palette() -> dict[str, str]:
    data = json.loads((resources_dir() / "colours.json").read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


def colour(name: str) -> QColor:
    return QColor(palette()[name])


def hex_of(name: str) -> str:
    return palette()[name]


def span(name: str, text: str) -> str:
    """Rich text in one of the palette's colours."""
    return f"<span style='color:{hex_of(name)}'>{text}</span>"


@cache
def sheet() -> str:
    """The application style sheet with each @name replaced by its colour."""
    text = (resources_dir() / "style.qss").read_text(encoding="utf-8")
    return re.sub(r"@([a-z_]+)", lambda m: palette()[m.group(1)], text)


def install(app: QApplication) -> None:
    """Put the program's style sheet on the application (once; other sheets are kept)."""
    ours = sheet()
    if ours not in app.styleSheet():
        app.setStyleSheet(app.styleSheet() + "\n" + ours)


def _repolish(widget: QWidget) -> None:
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def set_role(widget: QWidget, role: str) -> QWidget:
    """Give a widget one of the style sheet's roles (note, error, banner, card…)."""
    widget.setProperty("role", role)
    _repolish(widget)
    return widget


def mark_invalid(widget: QWidget, invalid: bool) -> None:
    """The red frame of a wrongly filled input."""
    if bool(widget.property("invalid")) != invalid:
        widget.setProperty("invalid", invalid)
        _repolish(widget)
