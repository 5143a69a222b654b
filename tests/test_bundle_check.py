"""``main.py --smoke`` proves an installation complete: every module of the program and every library
module it imports anywhere loads, and each compiled library answers a call (bundle_check.py).

The packaged programs are checked with it by packaging/windows/try_wine.sh and packaging/deb/try_deb.sh;
here the lists it checks are kept equal to what the source imports, and a missing library must fail it.
"""
from __future__ import annotations

import ast
import importlib.metadata
import os
import re
import subprocess
import sys
from pathlib import Path

import bundle_check

ROOT = Path(__file__).resolve().parents[1]
OWN = {"main", "bundle_check", *bundle_check.OWN_PACKAGES}


def _program_files() -> list[Path]:
    return [ROOT / "main.py", *(p for package in bundle_check.OWN_PACKAGES
                                for p in sorted((ROOT / package).rglob("*.py")))]


def _library_imports() -> dict[str, str]:
    """{module named in an import statement: first file importing it} for modules outside the
    standard library and the program, in function bodies too (imported only when a feature runs)."""
    found: dict[str, str] = {}
    for path in _program_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in OWN and top not in sys.stdlib_module_names and top != "__future__":
                    found.setdefault(name, path.relative_to(ROOT).as_posix())
    return found


def test_the_smoke_check_imports_every_library_module_the_program_imports():
    imported = _library_imports()
    listed = set(bundle_check.LIBRARY_MODULES)
    missing = sorted(f"{name}（{where}）" for name, where in imported.items() if name not in listed)
    stale = sorted(listed - set(imported))
    assert not missing, f"bundle_check.LIBRARY_MODULES 缺少：{missing}"
    assert not stale, f"bundle_check.LIBRARY_MODULES 中已无程序导入：{stale}"


def test_every_dependency_in_pyproject_is_checked():
    import tomllib  # Python 3.11+, like tests/test_packaging_inputs.py

    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    dists = {re.split(r"[<>=!~ ;\[]", d, maxsplit=1)[0].lower().replace("_", "-") for d in deps}
    providers = importlib.metadata.packages_distributions()
    checked = {dist.lower().replace("_", "-")
               for module in bundle_check.LIBRARY_MODULES for dist in providers.get(module.split(".")[0], [])}
    assert dists <= checked, f"smoke 检查没有覆盖这些依赖：{sorted(dists - checked)}"
    compiled = {"pynacl", "pypdfium2", "python-calamine"}  # each has a native call in NATIVE_CALLS
    assert compiled <= dists
    labels = " ".join(label for label, _ in bundle_check.NATIVE_CALLS)
    assert all(word in labels for word in ("nacl", "pypdfium2", "python_calamine", "SQLite"))


def test_the_smoke_check_finds_every_module_of_the_program():
    expected = set()
    for path in _program_files()[1:]:
        parts = path.relative_to(ROOT).with_suffix("").parts
        expected.add(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    found = bundle_check.own_modules()
    assert len(found) == len(set(found))
    missing = sorted(expected - set(found))
    assert not missing, f"这些模块不会被 smoke 检查导入（文件夹缺少 __init__.py？）：{missing}"


def test_the_source_tree_is_complete():
    assert bundle_check.problems() == []


def test_a_missing_module_is_named(monkeypatch):
    monkeypatch.setattr(bundle_check, "LIBRARY_MODULES", (*bundle_check.LIBRARY_MODULES, "openpyxl.no_such_part"))

    def broken() -> None:
        raise OSError("libpdfium.so: cannot open shared object file")

    monkeypatch.setattr(bundle_check, "NATIVE_CALLS", (*bundle_check.NATIVE_CALLS, ("PDFium（测试）", broken)))
    found = bundle_check.problems()
    assert len(found) == 2
    assert found[0].startswith("缺少模块 openpyxl.no_such_part：ModuleNotFoundError")
    assert found[1] == "PDFium（测试） 不可用：OSError: libpdfium.so: cannot open shared object file"


def _smoke(tmp_path: Path, block: str | None) -> subprocess.CompletedProcess:
    """main.py --demo --smoke in a child process, with one library made unimportable if asked."""
    code = ("import sys\n"
            + (f"sys.modules[{block!r}] = None\n" if block else "")
            + f"sys.path.insert(0, {str(ROOT)!r})\nimport main\n"
            f"sys.exit(main.main(['--demo', '--db', {str(tmp_path / '演示.db')!r}, '--smoke']))\n")
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})


def test_smoke_passes_on_the_source_tree(tmp_path):
    done = _smoke(tmp_path, None)
    assert done.returncode == 0, done.stderr
    assert "个编译库：齐全" in done.stdout and "窗口已显示" in done.stdout
    assert "安装不完整" not in done.stderr


def test_smoke_fails_loudly_when_a_library_is_missing(tmp_path):
    done = _smoke(tmp_path, "pypdfium2")   # imported only by the print preview, never at start-up
    assert done.returncode == 1
    assert "安装不完整：缺少模块 pypdfium2" in done.stderr
    assert "安装不完整：PDFium（pypdfium2） 不可用" in done.stderr
    assert "个编译库：2 个问题" in done.stdout
    assert "窗口已显示" in done.stdout   # the window alone would have passed before
