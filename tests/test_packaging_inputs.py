"""The inputs of the Windows installer and the UOS/Kylin package are complete and well-formed.

The packages themselves are built by packaging/build-windows.sh and packaging/build-deb.sh (too slow
for CI); this checks what they are made from: icons, the desktop entry, the app store info file,
the installer texts and the hash pins.
"""
from __future__ import annotations

import json
import re
import shutil
import struct
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
sys.path.insert(0, str(PACKAGING / "deb"))
sys.path.insert(0, str(PACKAGING))

import glibc_floor  # noqa: E402
import make_deb  # noqa: E402
import meta  # noqa: E402

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([0-9][0-9A-Za-z.+!-]*) --hash=sha256:([0-9a-f]{64})$")


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} 不是 PNG"
    return struct.unpack(">II", data[16:24])


def test_icons_exist_in_every_size():
    for svg in ("app.svg", "app-small.svg"):
        root = ET.parse(meta.ICONS / svg).getroot()
        assert root.tag.endswith("svg")
    for size in meta.ICON_SIZES:
        assert png_size(meta.ICONS / f"app-{size}.png") == (size, size)


def test_windows_icon_holds_every_size():
    data = (meta.ICONS / "app.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1)
    sizes = []
    for i in range(count):
        w, h, _, _, planes, bits, length, offset = struct.unpack("<BBBBHHII", data[6 + 16 * i: 22 + 16 * i])
        assert offset + length <= len(data) and bits == 32
        sizes.append(w or 256)
        image = data[offset:offset + length]
        assert image[:8] == b"\x89PNG\r\n\x1a\n" or struct.unpack("<I", image[:4])[0] == 40
    assert sorted(sizes) == sorted(meta.ICON_SIZES)


def test_build_spec_uses_an_icon_that_exists():
    spec = (ROOT / "build.spec").read_text(encoding="utf-8")
    paths = re.findall(r'ROOT / "resources" / "icons" / "([^"]+)"', spec)
    assert paths, "build.spec 没有引用 resources/icons 中的图标"
    for name in paths:
        assert (meta.ICONS / name).is_file(), name


def test_desktop_entry_starts_the_installed_program():
    text = make_deb.desktop_entry()
    lines = text.splitlines()
    assert lines[0] == "[Desktop Entry]"
    entry = dict(line.split("=", 1) for line in lines[1:] if line and not line.startswith("#"))
    assert entry["Type"] == "Application" and entry["Terminal"] == "false"
    assert entry["Exec"] == f"/opt/apps/{meta.APP_ID}/files/{meta.EXECUTABLE}"
    assert entry["Icon"] == meta.APP_ID
    assert entry["Name"] == meta.SHORT_NAME and "@" not in text
    assert entry["Categories"].endswith(";")
    if shutil.which("desktop-file-validate"):
        import subprocess
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"{meta.APP_ID}.desktop"
            path.write_text(text, encoding="utf-8")
            result = subprocess.run(["desktop-file-validate", str(path)], capture_output=True, text=True,
                                    timeout=30)
            assert result.returncode == 0, result.stdout + result.stderr


def test_app_store_info_file():
    info = json.loads(make_deb.info_json())
    assert info["appid"] == meta.APP_ID and re.fullmatch(r"[a-z0-9]+(\.[a-z0-9-]+)+", info["appid"])
    assert info["name"] == meta.APP_NAME
    assert re.fullmatch(r"\d+\.\d+\.\d+\.\d+", info["version"])
    assert info["version"].startswith(meta.version())
    assert info["arch"] == ["amd64"]
    assert isinstance(info["permissions"], dict) and all(isinstance(v, bool) for v in info["permissions"].values())


def test_deb_control_declares_glibc_and_fonts():
    text = make_deb.control(1234, ["libgl1", "libxcb1"], "2.28")
    fields = dict(line.split(": ", 1) for line in text.splitlines() if line and not line.startswith(" "))
    assert fields["Package"] == meta.APP_ID and fields["Architecture"] == "amd64"
    assert fields["Depends"].startswith("libc6 (>= 2.28), libgl1, libxcb1")
    assert "fonts-noto-cjk" in fields["Depends"]
    assert meta.deb_name().endswith("_amd64.deb")


def _pins(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        match = PIN.match(line)
        assert match, f"{path.name}: 格式不对：{line}"
        pins[match.group(1).lower()] = match.group(2)
    return pins


def test_wheel_pins_are_hashes_and_match_the_program():
    win = _pins(PACKAGING / "windows" / "pins-win64.txt")
    linux = _pins(PACKAGING / "deb" / "pins-linux.txt")
    for pins in (win, linux):
        for name in ("pyside6-essentials", "openpyxl", "python-docx", "xlrd", "lxml"):
            assert name in pins, name
        assert pins["shiboken6"] == pins["pyside6-essentials"]
    assert linux["pyside6-essentials"].startswith("6.9."), "Linux 包要用 6.9（glibc 2.28）"
    assert "pyinstaller" in linux


def test_runtime_pins_are_well_formed():
    lines = [line.split() for line in (PACKAGING / "windows" / "runtime-pins.txt").read_text("utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    pins = dict(lines)
    assert pins["python"] == "3.11.9"
    for key in ("sdist", "python311.dll", "python.exe", "pythonw.exe"):
        assert re.fullmatch(r"[0-9a-f]{64}", pins[key]), key


def test_installer_texts_cover_the_template():
    template = (PACKAGING / "windows" / "installer.nsi").read_text(encoding="utf-8")
    texts = (meta.TEXTS / "installer_zh.nsh").read_text(encoding="utf-8")
    defined = set(re.findall(r"^!define (TEXT_\w+)", texts, re.MULTILINE))
    used = set(re.findall(r"\$\{(TEXT_\w+)\}", template))
    assert used and used <= defined, used - defined
    assert 'MUI_LANGUAGE "SimpChinese"' in template
    assert "MULTIUSER_INSTALLMODE_DEFAULT_CURRENTUSER" in template
    assert "$DESKTOP" in template and "$SMPROGRAMS" in template
    assert "$APPDATA" not in template.split("Function un.onInit")[0], "安装/卸载不能动数据文件夹"
    assert "$DataDir" in texts
    assert "BrandingText" in template, "NSIS 默认在窗口底部显示英文版本行"


@pytest.mark.skipif(shutil.which("objdump") is None, reason="没有 objdump（binutils），不检查 glibc 版本的读取")
def test_glibc_floor_reads_a_real_program(tmp_path):
    python = Path(sys.executable).resolve()
    shutil.copy2(python, tmp_path / "python")
    floor, who, _, count = glibc_floor.glibc_floor(tmp_path)
    assert count == 1 and who == ["python"]
    assert glibc_floor.version_key(floor) >= (2, 2, 5)


def test_program_shows_its_icon_and_names_its_desktop_entry(qapp):
    from ui.app import create_app

    app = create_app([sys.argv[0]])
    sizes = {s.width() for s in app.windowIcon().availableSizes()}
    assert set(meta.ICON_SIZES) <= sizes
    assert app.desktopFileName() == meta.APP_ID


def test_every_program_dependency_is_pinned_for_both_packages():
    import tomllib

    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    names = {re.split(r"[<>=!~ ;\[]", d, maxsplit=1)[0].lower().replace("_", "-") for d in deps}
    for pins in (_pins(PACKAGING / "windows" / "pins-win64.txt"), _pins(PACKAGING / "deb" / "pins-linux.txt")):
        assert names <= set(pins), f"安装包缺少依赖：{sorted(names - set(pins))}"


# What PyInstaller (the .deb's bundler) needs besides the program's own dependencies.
LINUX_BUILD_TOOLS = {"pyinstaller", "pyinstaller-hooks-contrib", "altgraph", "packaging", "setuptools"}


def _needed(names: set[str], markers: dict[str, str]) -> set[str]:
    """``names`` and everything they require on the platform ``markers`` describes (installed metadata)."""
    import importlib.metadata

    from packaging.requirements import Requirement

    seen: set[str] = set()
    stack = list(names)
    while stack:
        name = stack.pop().lower().replace("_", "-")
        if name in seen:
            continue
        seen.add(name)
        try:
            requires = importlib.metadata.requires(name) or []
        except importlib.metadata.PackageNotFoundError:
            continue
        for text in requires:
            req = Requirement(text)
            if req.marker is None or req.marker.evaluate({**markers, "extra": ""}):
                stack.append(req.name)
    return seen


def test_the_packages_carry_nothing_the_program_does_not_need():
    import tomllib

    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    names = {re.split(r"[<>=!~ ;\[]", d, maxsplit=1)[0] for d in deps}
    windows = _needed(names, {"sys_platform": "win32", "platform_system": "Windows", "os_name": "nt"})
    linux = _needed(names, {"sys_platform": "linux", "platform_system": "Linux", "os_name": "posix"})
    extra_win = set(_pins(PACKAGING / "windows" / "pins-win64.txt")) - windows
    extra_linux = set(_pins(PACKAGING / "deb" / "pins-linux.txt")) - linux - LINUX_BUILD_TOOLS
    assert not extra_win, f"Windows 安装包带了程序用不到的包：{sorted(extra_win)}"
    assert not extra_linux, f".deb 带了程序用不到的包：{sorted(extra_linux)}"
