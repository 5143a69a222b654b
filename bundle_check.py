"""The first half of ``main.py --smoke``: is everything the program needs really in this installation?

A packaged program (the PyInstaller folder in the UOS/Kylin .deb, the Windows installer's pkgs/ and
wheels) starts and shows its window even when a library that is imported only inside a function is
missing: reading an .xls/.xlsx list, signing a 交换包, the print preview or a PDF letter would then fail
on a clerk's PC, far from any build machine. So the smoke check imports every module of the program,
every library module it imports anywhere (LIBRARY_MODULES; tests/test_bundle_check.py keeps that list
equal to what the source imports), and calls into each compiled library once, so that a missing shared
library or an SQLite without FTS5/JSON shows here and not in front of a clerk.
"""
from __future__ import annotations

import importlib
import pkgutil
import traceback
from collections.abc import Callable

OWN_PACKAGES = ("models", "ui")

# Every module outside the standard library and the program that ui/, models/ and main.py import,
# by the name written in the import statement (kept complete by tests/test_bundle_check.py).
LIBRARY_MODULES = (
    "PySide6", "PySide6.QtCore", "PySide6.QtGui", "PySide6.QtPrintSupport", "PySide6.QtWidgets",
    "docx", "docx.enum.section", "docx.oxml", "docx.oxml.ns", "docx.shared",
    "nacl.exceptions", "nacl.signing",
    "openpyxl", "openpyxl.cell", "openpyxl.styles", "openpyxl.utils", "openpyxl.worksheet._write_only",
    "openpyxl.worksheet._writer", "openpyxl.worksheet.datavalidation", "openpyxl.worksheet.properties",
    "pypdf", "pypdf.generic",
    "pypdfium2",
    "python_calamine",
    "xlrd",
)


def own_modules() -> list[str]:
    """Every module and package under models/ and ui/ (also inside a PyInstaller bundle)."""
    names: list[str] = []
    for package in OWN_PACKAGES:
        root = importlib.import_module(package)
        names.append(package)
        names += [info.name for info in pkgutil.walk_packages(root.__path__, prefix=f"{package}.")]
    return names


def _sqlite_has_what_the_program_uses() -> None:
    import sqlite3

    conn = sqlite3.connect(":memory:")
    try:
        conn.execute("CREATE VIRTUAL TABLE t USING fts5(grams, tokenize = 'unicode61 remove_diacritics 0')")
        conn.execute("SELECT value FROM json_each('[1, 2]')").fetchall()
    finally:
        conn.close()


def _libsodium_signs() -> None:
    from nacl.signing import SigningKey

    key = SigningKey.generate()
    key.verify_key.verify(key.sign(b"smoke"))


def _pdfium_opens() -> None:
    import pypdfium2

    pypdfium2.PdfDocument.new().close()


def _calamine_loads() -> None:
    from python_calamine import CalamineWorkbook

    assert callable(CalamineWorkbook.from_path)


# (what is checked, call): each touches a compiled library's shared object, not just its Python wrapper.
NATIVE_CALLS: tuple[tuple[str, Callable[[], None]], ...] = (
    ("SQLite 全文检索（FTS5）与 JSON", _sqlite_has_what_the_program_uses),
    ("libsodium 签名（nacl）", _libsodium_signs),
    ("PDFium（pypdfium2）", _pdfium_opens),
    ("calamine 表格读取（python_calamine）", _calamine_loads),
)


def _last_line(exc: BaseException) -> str:
    return traceback.format_exception_only(type(exc), exc)[-1].strip()


def problems() -> list[str]:
    """One line per module that does not import or compiled library that does not work; [] when complete."""
    found: list[str] = []
    try:
        names = own_modules()
    except Exception as exc:  # a package of the program itself is missing
        return [f"程序模块无法列出：{_last_line(exc)}"]
    for name in (*names, *LIBRARY_MODULES):
        try:
            importlib.import_module(name)
        except Exception as exc:  # ImportError, or a library failing while it loads
            found.append(f"缺少模块 {name}：{_last_line(exc)}")
    for label, call in NATIVE_CALLS:
        try:
            call()
        except Exception as exc:
            found.append(f"{label} 不可用：{_last_line(exc)}")
    return found


def module_count() -> int:
    return len(own_modules()) + len(LIBRARY_MODULES)
