"""What is at a database path before it is opened, and the true Chinese sentence for each case.

SQLite happily "opens" a folder name, a text file, a missing or zero-length file or a WAL left
alone, and answers with English errors or a new empty database. Looking first lets the program
say what was really found: a loss to report (a database with backups that is gone or empty), a
stray log file, a folder, a file that is not a database, or a new path to ask about.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from models.safety.backup import list_backups

SQLITE_HEADER = b"SQLite format 3\x00"

OK = "ok"                 # a file that starts like a database: open it (checks follow)
NEW = "new"               # nothing there and nothing lost: a new database may be made
FOLDER = "folder"         # the path is a folder
MISSING = "missing"       # no file, but its backups show a database used to be there
EMPTY = "empty"           # a zero-length file where a database with backups used to be
WAL_ONLY = "wal_only"     # a -wal (with changes) but no database, or an empty one
FOREIGN = "foreign"       # a file that is not an SQLite database (a renamed text file …)
UNREADABLE = "unreadable"  # the file cannot be read at all (permissions)


@dataclass
class Finding:
    kind: str
    backups: int = 0          # how many backups of this database exist
    wal_size: int = 0


def side_file(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size if path.is_file() else 0
    except OSError:
        return 0


def examine(path: str | os.PathLike) -> Finding:
    """Look at ``path`` without opening it as a database and without changing anything."""
    path = Path(path)
    if path.is_dir():
        return Finding(FOLDER)
    backups = len(list_backups(path))
    wal = _size(side_file(path, "-wal"))
    if not path.exists():
        if wal:
            return Finding(WAL_ONLY, backups, wal)
        return Finding(MISSING if backups else NEW, backups)
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(SQLITE_HEADER))
    except OSError:
        return Finding(UNREADABLE, backups, wal)
    if not head:
        if wal:
            return Finding(WAL_ONLY, backups, wal)
        return Finding(EMPTY if backups else NEW, backups)
    if head != SQLITE_HEADER:
        return Finding(FOREIGN, backups, wal)
    return Finding(OK, backups, wal)


def _kb(size: int) -> str:
    return f"{max(1, round(size / 1024))} KB"


def folder_message(path: Path) -> str:
    return (f"指定的路径是一个文件夹，不是数据库文件：\n{path}\n\n"
            "请指定文件夹中的数据库文件（扩展名为 .db），例如：\n"
            f"{path / '联动监督.db'}\n程序没有改动这个文件夹。")


def foreign_message(path: Path, has_backups: bool) -> str:
    text = (f"这个文件不是数据库文件：\n{path}\n\n"
            "文件开头没有数据库的标记，可能是改了扩展名的其他文件（例如文本文件或表格），"
            "也可能已严重损坏。程序没有改动它。")
    if has_backups:
        return text + "\n但这里有它的备份，原来的数据库可能已被覆盖。"
    return text + "\n请确认打开的是不是正确的数据库文件。"


def unreadable_message(path: Path) -> str:
    return (f"无法读取数据库文件：\n{path}\n\n当前用户没有读取这个文件的权限。"
            "请检查文件的权限，或请管理员帮助。程序没有改动它。")


def lost_message(path: Path, finding: Finding) -> str:
    """A database with backups that is gone or empty: a loss, not a new database."""
    if finding.kind == MISSING:
        what = (f"数据库文件不见了：\n{path}\n\n这里原来有数据库：旁边的备份文件夹中有它的 "
                f"{finding.backups} 个备份。文件可能被移动、改名或删除了。")
    else:
        what = (f"数据库文件是空的（0 字节）：\n{path}\n\n这里原来有数据库：备份文件夹中有它的 "
                f"{finding.backups} 个备份。文件可能在复制或保存时被清空了。")
    return what + "\n程序没有把它当作新的空数据库打开，也没有改动任何备份。"


def wal_only_message(path: Path, finding: Finding) -> str:
    where = "数据库文件不存在" if not path.exists() else "数据库文件是空的（0 字节）"
    return (f"{where}，但旁边有它的日志文件：\n{side_file(path, '-wal')}（{_kb(finding.wal_size)}）\n\n"
            "日志文件只记着最近的修改，单独不能恢复出数据；数据库文件可能被移动、改名或删除了。"
            "程序没有新建数据库，也没有改动这些文件。\n"
            "请找回数据库文件，放回原处（与日志文件同名、同一文件夹）后重新打开。")


def create_message(path: Path) -> str:
    missing = [p for p in [path.parent, *path.parent.parents] if not p.exists()]
    text = f"数据库文件不存在：\n{path}\n\n是否在这里新建一个空的数据库？"
    if missing:
        text += f"\n将同时新建文件夹：\n{missing[-1]}"
    return text + "\n如果路径写错了，请选择“取消”，检查后重新打开。"
