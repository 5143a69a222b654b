"""The layering rules: models/ never imports Qt or ui/, and ui/ holds no SQL."""
from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SQL = re.compile(r"\b(SELECT\s.+\sFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+TABLE)\b",
                 re.IGNORECASE | re.DOTALL)


def _python_files(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def _imports(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_models_never_import_qt_or_ui():
    bad = []
    for path in _python_files("models"):
        for name in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            if name.split(".")[0] in ("PySide6", "shiboken6", "ui"):
                bad.append(f"{path.relative_to(ROOT)}: {name}")
    assert not bad, bad


def test_ui_contains_no_sql():
    bad = []
    for path in _python_files("ui"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr):  # f"SELECT {x} FROM t": join the literal parts
                text = "x".join(v.value for v in node.values if isinstance(v, ast.Constant))
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                text = node.value
            else:
                continue
            if SQL.search(text):
                bad.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not bad, bad
