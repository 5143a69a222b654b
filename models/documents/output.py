"""Files a document export writes: safe names (capped by bytes), one Chinese reason per failure,
and multi-file exports where one file that cannot be written never stops the others."""
from __future__ import annotations

import errno
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from models.normalize import strip_unsafe
from models.store import StoreError

# Linux and Windows allow 255 bytes (ext4) / 255 UTF-16 units (NTFS) in one name; atomic_path's
# temporary name adds ~20 bytes, so names are kept to 200 bytes of UTF-8 (66 Chinese characters).
MAX_NAME_BYTES = 200
_FORBIDDEN = '\\/:*?"<>|'


def file_name(stem: str, suffix: str, *, max_bytes: int = MAX_NAME_BYTES) -> str:
    """``stem`` + ``suffix`` as a file name every system takes: no \\ / : * ? " < > |, no control
    characters, no trailing dots or spaces, at most ``max_bytes`` bytes of UTF-8. A name that has
    to be shortened ends in "…" and six characters of a checksum of the whole name, so two long
    unit names that start alike still give two files."""
    clean = "".join("_" if c in _FORBIDDEN else c for c in strip_unsafe(stem) if c >= " ")
    clean = clean.strip().rstrip(". ") or "文档"
    room = max_bytes - len(suffix.encode("utf-8"))
    if len(clean.encode("utf-8")) <= room:
        return clean + suffix
    tail = "…" + hashlib.sha1(clean.encode("utf-8")).hexdigest()[:6]
    keep = room - len(tail.encode("utf-8"))
    cut = clean.encode("utf-8")[:keep].decode("utf-8", errors="ignore").rstrip(". ")
    return cut + tail + suffix


def describe_file_error(exc: BaseException) -> str:
    """One Chinese sentence for a file that could not be written (never Python's English text)."""
    if isinstance(exc, StoreError):
        return str(exc)
    code = getattr(exc, "errno", None)
    if isinstance(exc, PermissionError) or code in (errno.EACCES, errno.EPERM):
        return "没有写入权限，或文件正被其他程序（如 Word、WPS、Excel）打开"
    if code == errno.ENOSPC:
        return "磁盘空间已满"
    if code == errno.ENAMETOOLONG:
        return "文件名或路径太长"
    if code == errno.EROFS:
        return "该位置是只读的"
    if isinstance(exc, FileNotFoundError) or code == errno.ENOENT:
        return "保存位置不存在"
    if isinstance(exc, OSError):
        return "无法写入该文件"
    return "生成时出错"


@dataclass
class Written:
    """What a multi-file export did: the files written and, for each one not written, why."""
    paths: list[Path] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)   # (file name, Chinese reason)
    warnings: list[str] = field(default_factory=list)

    def failure_text(self) -> str:
        return "\n".join(f"{name}：{why}" for name, why in self.failed)


def write_each(jobs: Iterable[tuple[Path, Callable[[Path], object]]]) -> Written:
    """Run ``write(path)`` for every (path, write); a file that fails is noted with its reason
    and the rest go on. A name used twice gets "（2）", "（3）" … before its suffix."""
    out = Written()
    taken: set[str] = set()
    for first, write in jobs:
        path, n = Path(first), 2
        while path.name.casefold() in taken:
            path = path.with_name(f"{Path(first).stem}（{n}）{path.suffix}")
            n += 1
        taken.add(path.name.casefold())
        try:
            result = write(path)
        except (OSError, StoreError) as exc:
            out.failed.append((path.name, describe_file_error(exc)))
            continue
        out.paths.append(path)
        if isinstance(result, list):
            out.warnings += [w for w in result if isinstance(w, str)]
    return out

