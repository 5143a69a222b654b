"""Showing a wrong field ON the field: red border, the reason under it, and a tooltip."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from ui import style


class FieldErrors:
    """Keeps, per field key, the input widget and the label that shows its error."""

    def __init__(self) -> None:
        self._fields: dict[str, tuple[QWidget, QLabel, str]] = {}

    def add(self, key: str, widget: QWidget, parent: QWidget | None = None) -> QLabel:
        """Register a field; returns the (hidden) error label to place under it."""
        label = QLabel(parent)
        label.setObjectName(f"error_{key}")
        style.set_role(label, "error")
        label.setWordWrap(True)
        label.hide()
        self._fields[key] = (widget, label, widget.toolTip())
        return label

    def keys(self) -> list[str]:
        return list(self._fields)

    def widget(self, key: str) -> QWidget:
        """The input of the field ``key`` (in the order the fields were added)."""
        return self._fields[key][0]

    def clear(self) -> None:
        for widget, label, tip in self._fields.values():
            style.mark_invalid(widget, False)
            widget.setToolTip(tip)
            label.clear()
            label.hide()

    def show(self, errors: dict[str, str]) -> list[str]:
        """Mark every known field in ``errors``; focus the first one. Returns unknown keys."""
        self.clear()
        unknown = []
        first: QWidget | None = None
        for key, message in errors.items():
            entry = self._fields.get(key)
            if entry is None:
                unknown.append(key)
                continue
            widget, label, _ = entry
            style.mark_invalid(widget, True)
            widget.setToolTip(message)
            label.setText(message)
            label.show()
        # focus the first wrong field in the order the fields appear on screen
        for key, (widget, _, _) in self._fields.items():
            if key in errors:
                first = widget
                break
        if first is not None:
            first.setFocus()
        return unknown

    def message(self, key: str) -> str:
        entry = self._fields.get(key)
        return entry[1].text() if entry and not entry[1].isHidden() else ""

    def is_marked(self, key: str) -> bool:
        return bool(self.message(key))
