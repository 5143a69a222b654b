"""Core pages of the ledger issue: start page, 问题清单, 单位, 监督专题 (filled in by the ledger work)."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel


def install(window) -> None:
    window.add_page("ledger", "问题清单", QLabel("问题清单"), order=20)
