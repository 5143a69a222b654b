"""The oldest glibc a bundle runs on: the highest GLIBC_x.y that any ELF file in it asks for.

    python3 packaging/deb/glibc_floor.py FOLDER [--max 2.31]

Reads every ELF file (programs, .so libraries, Qt plugins, Python modules) with `objdump -T` and
prints the highest GLIBC_ version among the symbols it imports, the files that need it, and the
highest GLIBCXX_ (libstdc++) version. With --max it fails when the floor is above that version.
"""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

UNDEFINED = re.compile(r"\*UND\*\s+\S+\s+(?:\(?)(GLIBC(?:XX)?)_(\d+(?:\.\d+)*)")
NEEDED = re.compile(r"^\s*NEEDED\s+(\S+)", re.MULTILINE)


def version_key(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in text.split("."))


def elf_files(folder: Path) -> list[Path]:
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as f:
                if f.read(4) == b"\x7fELF":
                    found.append(path)
    return found


def imported_versions(path: Path) -> dict[str, set[str]]:
    """{'GLIBC': {'2.17', …}, 'GLIBCXX': {…}} of the symbols the file imports."""
    out = subprocess.run(["objdump", "-T", str(path)], capture_output=True, text=True).stdout
    found: dict[str, set[str]] = {"GLIBC": set(), "GLIBCXX": set()}
    for match in UNDEFINED.finditer(out):
        found[match.group(1)].add(match.group(2))
    return found


def needed_libraries(path: Path) -> list[str]:
    out = subprocess.run(["objdump", "-p", str(path)], capture_output=True, text=True).stdout
    return NEEDED.findall(out)


def glibc_floor(folder: Path) -> tuple[str, list[str], str, int]:
    """(highest GLIBC version, files needing it, highest GLIBCXX version, number of ELF files)."""
    best, who, best_cxx = "2.2.5", [], "0"
    files = elf_files(folder)
    for path in files:
        versions = imported_versions(path)
        for v in versions["GLIBC"]:
            if version_key(v) > version_key(best):
                best, who = v, []
            if v == best:
                who.append(str(path.relative_to(folder)))
        for v in versions["GLIBCXX"]:
            if version_key(v) > version_key(best_cxx):
                best_cxx = v
    return best, sorted(set(who)), best_cxx, len(files)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="打包结果需要的最低 glibc 版本")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--max", help="高于此版本则失败，如 2.31")
    args = parser.parse_args(argv)
    floor, who, cxx, count = glibc_floor(args.folder)
    print(f"检查了 {count} 个 ELF 文件；最高 GLIBC_{floor}（需要 glibc ≥ {floor}），最高 GLIBCXX_{cxx}")
    for name in who[:10]:
        print(f"  需要 GLIBC_{floor}：{name}")
    if args.max and version_key(floor) > version_key(args.max):
        print(f"超过上限 {args.max}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
