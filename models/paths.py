"""Where the program keeps its files by default: the platform's per-user data folder."""
from __future__ import annotations

import os
import sys
from pathlib import Path

APP_DIR_NAME = "联动监督问题清单"
DB_FILE_NAME = "联动监督.db"


def user_data_dir() -> Path:
    if sys.platform.startswith("win"):
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / APP_DIR_NAME


def default_db_path() -> Path:
    return user_data_dir() / DB_FILE_NAME


def demo_db_path() -> Path:
    """A fresh demo file in the per-user folder, never the user's own database."""
    from datetime import datetime

    return user_data_dir() / "演示" / f"演示数据-{datetime.now():%Y%m%d-%H%M%S}.db"


def resources_dir() -> Path:
    """The resources/ folder: beside the sources, or inside a PyInstaller bundle."""
    base = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parents[1]))
    return base / "resources"
