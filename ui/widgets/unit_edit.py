"""Unit name fields with type-ahead over full and short names (one unit, or several 、-separated)."""
from __future__ import annotations

import re

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import QCompleter, QLineEdit

from models.names_order import sorted_names
from models.units import list_units
from ui.widgets.collation import units_in_order

_SEPARATORS = re.compile(r"[、，,；;/]")


def unit_choices(store) -> list[str]:
    """Every full name, then every short name that differs, for the completers."""
    units = units_in_order(list_units(store))
    names = [u.name for u in units]
    shorts = [u.short_name for u in units if u.short_name and u.short_name != u.name]
    return names + sorted_names(set(shorts) - set(names))


def _completer(model: QStringListModel, parent) -> QCompleter:
    c = QCompleter(model, parent)
    c.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    c.setFilterMode(Qt.MatchFlag.MatchContains)
    c.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    c.setMaxVisibleItems(12)
    return c


class UnitLineEdit(QLineEdit):
    """One unit: type part of the full or short name and pick it from the list."""

    def __init__(self, model: QStringListModel, parent=None):
        super().__init__(parent)
        self.setCompleter(_completer(model, self))
        self.setClearButtonEnabled(True)

    def set_unit(self, name: str) -> None:
        self.setText(name)


class _MultiCompleter(QCompleter):
    """Completes only the last 、-separated name and keeps the earlier ones."""

    def splitPath(self, path: str) -> list[str]:  # noqa: N802 (Qt name)
        return [_SEPARATORS.split(path)[-1].strip()]

    def pathFromIndex(self, index) -> str:  # noqa: N802 (Qt name)
        chosen = super().pathFromIndex(index)
        text = self.widget().text() if self.widget() else ""
        parts = _SEPARATORS.split(text)[:-1]
        return "、".join([p.strip() for p in parts if p.strip()] + [chosen])


class MultiUnitEdit(QLineEdit):
    """Several units as 民政局、卫健委; type-ahead for the one being typed."""

    def __init__(self, model: QStringListModel, parent=None):
        super().__init__(parent)
        c = _MultiCompleter(model, self)
        c.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        c.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCompleter(c)
        self.setClearButtonEnabled(True)

    def names(self) -> list[str]:
        return [p.strip() for p in _SEPARATORS.split(self.text()) if p.strip()]

    def set_names(self, names: list[str]) -> None:
        self.setText("、".join(n for n in names if n))

    def add_name(self, name: str) -> None:
        names = self.names()
        if name not in names:
            names.append(name)
        self.set_names(names)
