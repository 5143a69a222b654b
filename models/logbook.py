"""The program's log: a rotating file in the data folder that keeps the traceback of every bug.

A bug is shown to the user as one Chinese sentence naming this file; what IT needs (the
traceback, the action, the time) is only ever written here, never put on screen.
"""
from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

from models.paths import user_data_dir

LOGGER_NAME = "liandong"
LOG_FILE_NAME = "程序日志.log"
MAX_BYTES = 1_000_000      # a few hundred tracebacks; then the file rolls over
BACKUP_COUNT = 3           # 程序日志.log.1 … .3 kept, the oldest dropped

log = logging.getLogger(LOGGER_NAME)
_handler: RotatingFileHandler | None = None


def log_folder() -> Path:
    return user_data_dir() / "日志"


def log_path() -> Path:
    """Where the log is (or will be once something is written)."""
    if _handler is not None:
        return Path(_handler.baseFilename)
    return log_folder() / LOG_FILE_NAME


def start(folder: Path | None = None) -> Path:
    """Send the program's log to ``folder``/程序日志.log (the data folder by default); once."""
    global _handler
    target = (folder or log_folder()) / LOG_FILE_NAME
    if _handler is not None:
        if Path(_handler.baseFilename) == target:
            return target
        stop()
    target.parent.mkdir(parents=True, exist_ok=True)
    _handler = RotatingFileHandler(target, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8",
                                   delay=True)
    _handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(_handler)
    log.setLevel(logging.INFO)
    return target


def stop() -> None:
    global _handler
    if _handler is not None:
        log.removeHandler(_handler)
        _handler.close()
        _handler = None


def record_bug(exc: BaseException, doing: str) -> Path:
    """Write a bug's traceback with what the user was doing; returns the log file's path."""
    log.error("程序出错（%s）", doing, exc_info=(type(exc), exc, exc.__traceback__))
    return log_path()
