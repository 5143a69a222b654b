"""File dialogs start where the clerk keeps files: the last folder used for that kind of file,
else the documents folder (never the program's own folder)."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths


def documents_dir() -> Path:
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(docs) if docs and Path(docs).is_dir() else Path.home()


def start_dir(settings: QSettings | None, key: str) -> Path:
    """The folder remembered under ``key`` if it still exists, else the documents folder."""
    saved = settings.value(key, "", type=str) if settings is not None else ""
    if saved and Path(saved).is_dir():
        return Path(saved)
    return documents_dir()


def remember_dir(settings: QSettings | None, key: str, path: str | Path) -> None:
    """Remember the folder of ``path`` (a file) or ``path`` itself (a folder) for next time."""
    if settings is None or not path:
        return
    p = Path(path)
    settings.setValue(key, str(p if p.is_dir() else p.parent))
