"""佐证材料 from another office are data, never programs: names are sanitised before they touch the
disk, and opening one is checked first (executables refused, macro documents only after a warning)."""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

MAX_NAME = 80
# Programs, scripts, shortcuts and installers on Windows, Linux (UOS/麒麟) and macOS.
REFUSED_SUFFIXES = frozenset(
    ".exe .bat .cmd .com .scr .msi .msp .ps1 .psm1 .vbs .vbe .js .jse .wsf .wsh .hta .cpl .pif .lnk .url .reg "
    ".jar .sh .bash .desktop .run .bin .appimage .deb .rpm .py .pyw .pl .rb .app .dmg .pkg .command .inf .gadget "
    ".scf .dll .sys .ocx .apk .elf .out".split())
MACRO_SUFFIXES = frozenset(".docm .dotm .xlsm .xltm .xlam .pptm .potm .ppam .ppsm .sldm".split())
# What a file's first bytes say it is, whatever its name.
_MAGIC = ((b"MZ", "Windows 程序"), (b"\x7fELF", "Linux 程序"), (b"#!", "脚本"), (b"L\x00\x00\x00\x01\x14\x02\x00", "快捷方式"),
          (b"\xcf\xfa\xed\xfe", "macOS 程序"), (b"\xca\xfe\xba\xbe", "程序"), (b"[Desktop Entry]", "启动器"))
_BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]")
_BAD = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')
_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$", re.IGNORECASE)


def safe_file_name(name: str) -> str:
    """The last part of a name, without control/bidi characters or path signs, bounded in length."""
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[\\/]", name)[-1]
    name = _BIDI.sub("", name)
    name = _BAD.sub("_", name).strip(" .")
    if not name or _RESERVED.match(name):
        name = f"附件_{name}" if name else "附件"
    stem, dot, suffix = name.rpartition(".")
    if not dot or len(suffix) > 10:
        stem, suffix = name, ""
    suffix = f".{suffix}" if suffix else ""
    return stem[:MAX_NAME - len(suffix)] + suffix


def opening_check(path: Path, file_name: str | None = None) -> tuple[str, str]:
    """("refuse" | "warn" | "ok", Chinese reason) for opening a 佐证材料 from another office."""
    name = file_name or path.name
    suffixes = [s.lower() for s in Path(name.lower()).suffixes] + [path.suffix.lower()]
    for s in suffixes:
        if s in REFUSED_SUFFIXES:
            return "refuse", f"“{name}”是程序、脚本或快捷方式（{s}），来自其他机关的文件不能在本机运行，已拒绝打开。"
    try:
        with open(path, "rb") as f:
            head = f.read(64)
    except OSError:
        head = b""
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return "refuse", f"“{name}”的内容是{what}，虽然名称不像，也不能在本机运行，已拒绝打开。"
    if any(s in MACRO_SUFFIXES for s in suffixes):
        return "warn", f"“{name}”是带宏的文档，宏可能含有恶意代码。请在打开后不要启用宏。确定要打开吗？"
    return "ok", ""
