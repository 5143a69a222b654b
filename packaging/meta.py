"""What both packages say about the program: names, app id, version (read from pyproject.toml)."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP_NAME = "联动监督问题清单管理系统"        # window title, Start menu, package description
SHORT_NAME = "联动监督问题清单"              # shortcut, install folder, data folder (models/paths.py)
APP_ID = "cn.liandong.jiandu"              # UOS/Kylin app store id: /opt/apps/<APP_ID>/
EXECUTABLE = "liandong-jiandu"             # the program file in the Linux bundle (ASCII for launchers)
PUBLISHER = "联动监督问题清单管理系统开发组"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICONS = ROOT / "resources" / "icons"
TEXTS = ROOT / "resources" / "packaging"
BUILD = ROOT / "build"
DIST = ROOT / "dist"


def version() -> str:
    """The version in pyproject.toml, e.g. 0.1.0."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    match = re.search(r'^version\s*=\s*"([^"]+)"', text, re.MULTILINE)
    if not match:
        raise SystemExit("pyproject.toml 中没有 version")
    return match.group(1)


def four_part_version(text: str | None = None) -> str:
    """UOS's info file and Windows want four numbers: 0.1.0 -> 0.1.0.0."""
    parts = [int(p) for p in re.findall(r"\d+", text or version())][:4]
    return ".".join(str(p) for p in parts + [0] * (4 - len(parts)))


def windows_installer_name() -> str:
    return f"{SHORT_NAME}-{version()}-win64-setup.exe"


def deb_name(arch: str = "amd64") -> str:
    return f"{APP_ID}_{version()}_{arch}.deb"
