"""The two kinds of failure: known ones the user can act on (``StoreError``, ``ValidationError``,
each with its Chinese sentence) and bugs (anything else, raised as it is). Below the store, so
the safety modules can name them without importing the store.
"""
from __future__ import annotations

import os
import sqlite3


class StoreError(Exception):
    """A failure the user can act on; ``str(err)`` is the Chinese message to show."""

    def __init__(self, message: str, kind: str = "other"):
        super().__init__(message)
        self.kind = kind


class ValidationError(StoreError):
    """Bad input refused by a rule; ``field`` names the offending field when there is one."""

    def __init__(self, message: str, field: str | None = None, errors: dict[str, str] | None = None):
        super().__init__(message, kind="validation")
        self.field = field
        self.errors = errors or ({field: message} if field else {})


def translate_error(exc: BaseException, path: str | os.PathLike | None = None) -> StoreError | None:
    """A known failure (disk full, read-only, locked, busy, corrupt, …) as a StoreError with a plain
    Chinese message saying what to do; None for anything else, which is a bug to re-raise as is."""
    if isinstance(exc, StoreError):
        return exc
    text = str(exc).lower()
    where = f"（{path}）" if path else ""
    if isinstance(exc, OSError) and getattr(exc, "errno", None) == 28 or "database or disk is full" in text \
            or "disk full" in text or "no space" in text:
        return StoreError(f"磁盘空间已满，刚才的操作没有保存{where}。请清理磁盘或把数据库移到空间充足的位置后重试。", "disk_full")
    if "readonly" in text or "read-only" in text or isinstance(exc, PermissionError):
        return StoreError(f"数据库文件是只读的，无法保存{where}。请检查文件或文件夹的写入权限，或另存到可写的位置。", "readonly")
    if "locked" in text or "busy" in text:
        return StoreError(f"数据库正被其他程序占用{where}。请关闭其他正在使用该文件的程序后重试。", "locked")
    if "malformed" in text or "not a database" in text or "corrupt" in text or "file is encrypted" in text:
        return StoreError(f"数据库文件已损坏或不是本程序的数据库{where}。请从备份恢复。", "corrupt")
    if "disk i/o error" in text or "i/o error" in text:
        return StoreError(f"读写磁盘时出错，刚才的操作没有保存{where}。请检查磁盘或U盘是否正常、是否已拔出，然后重试。", "io")
    if "unable to open" in text or isinstance(exc, FileNotFoundError):
        return StoreError(f"无法打开数据库文件{where}。请确认路径存在且有访问权限。", "open")
    if isinstance(exc, sqlite3.IntegrityError):
        why = ("与已有记录重复" if "unique" in text else "所引用的记录不存在或仍被其他记录使用"
               if "foreign key" in text else "有必填内容为空" if "not null" in text else "有内容超出允许范围")
        return StoreError(f"数据不符合完整性要求（{why}），操作已取消。", "integrity")
    if isinstance(exc, IsADirectoryError):
        return StoreError(f"这里需要一个文件，但给出的是文件夹{where}。请重新选择文件。", "file")
    if isinstance(exc, OSError):   # a file the system would not read or write: never a bug of ours
        return StoreError(f"无法读写文件{where}。请检查文件是否存在、是否被其他程序占用、磁盘是否正常。", "file")
    return None


def reraise(exc: BaseException, path: str | os.PathLike | None = None):
    """Raise the known failure's StoreError (caused by ``exc``), or ``exc`` itself when it is a bug."""
    known = translate_error(exc, path)
    if known is None:
        raise exc
    raise known from exc
