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


# ----- one write path ------------------------------------------------------------------------
# Where ui/ may catch a known failure itself, and why: none of these is a write.
CATCHES_ALLOWED = {
    "ui/startup.py": "opening the database: the start-up box says why it cannot open",
    "ui/exchange/wizard.py": "reading a workbook's sheet names before anything is written",
    "ui/exchange/reply_dialogs.py": "reading a 反馈表 before anything is written",
    "ui/ledger/table_model.py": "fetching rows while painting (painting must never raise)",
    "ui/dialogs/problem_dialog.py": "asking whether the problem may be edited (read-only banner)",
    "ui/workflow/evaluation_dialog.py": "marking the table cell of a count before the save re-raises",
    "ui/workflow/action_states.py": "asking why a menu action does not fit (a check, not a write)",
    "ui/documents/dialogs.py": "planning the letters' 文号 to show them (a check before anything is written)",
    "ui/app.py": "starting the log: a data folder that cannot be written must not stop the program",
    "ui/lists/regulations_tab.py": "reading a regulation file into the text box before anything is written",
}
WRITE_CALLS = re.compile(r"\.(transaction|action)\(\s*\)|\bWRITER\b|\brun_action\b|['\"](BEGIN|COMMIT|ROLLBACK)\b")


def _ui_files() -> list[Path]:
    """ui/ of the window; ui/cli is a front end of its own (it prints its failures)."""
    return [p for p in _python_files("ui") if "cli" not in p.relative_to(ROOT / "ui").parts[:1]]


def test_ui_writes_only_through_the_operation_runner():
    """Only ui/operations.py opens an action (ui/jobs.py keeps the read snapshot of a background
    read); no window code opens a transaction, a writing connection or its own catch of a failure."""
    bad = []
    for path in _ui_files():
        rel = path.relative_to(ROOT).as_posix()
        if rel in ("ui/operations.py", "ui/jobs.py"):
            continue
        text = path.read_text(encoding="utf-8")
        bad += [f"{rel}:{text[:m.start()].count(chr(10)) + 1}: {m.group(0)}" for m in WRITE_CALLS.finditer(text)]
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ExceptHandler) and node.type is not None and rel not in CATCHES_ALLOWED:
                names = {n.id for n in ast.walk(node.type) if isinstance(n, ast.Name)}
                if names & {"StoreError", "ValidationError", "Exception", "OSError"}:
                    bad.append(f"{rel}:{node.lineno}: catches {sorted(names)}")
    assert not bad, bad


def test_the_database_is_replaced_only_through_the_runner():
    """Replacing the whole database (a restore) has one path: ``Store.replace_content`` is called
    only by models/safety/restore.py, and ui/ reaches ``restore_into`` only inside the runner's
    ``Operations.replace_database`` (never on the window's connection from a job of its own)."""
    bad = []
    for path in _python_files("models") + _python_files("ui"):
        rel = path.relative_to(ROOT).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        inside = {id(n) for call in ast.walk(tree) if isinstance(call, ast.Call)
                  and isinstance(call.func, ast.Attribute) and call.func.attr == "replace_database"
                  for n in ast.walk(call)}
        for node in ast.walk(tree):
            name = node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else ""
            if name == "replace_content" and rel not in ("models/safety/restore.py", "models/store.py"):
                bad.append(f"{rel}:{node.lineno}: replace_content")
            if name == "restore_into" and rel.startswith("ui/") and id(node) not in inside:
                bad.append(f"{rel}:{node.lineno}: restore_into outside Operations.replace_database")
    assert not bad, bad


# ----- one home for the statuses -------------------------------------------------------------
STATUS_WORDS = {"待交办", "整改中", "申请销号", "已销号", "转下年度"}
STATUS_HOMES = {"models/vocab.py", "models/workflow/rules.py", "models/schema.py"}   # schema v1 is frozen


def test_no_status_literals_outside_the_state_machine():
    """Status words are defined in models/vocab.py; which statuses may do what is read off
    rules.TRANSITIONS. Elsewhere: no status compared as a literal, no hand-made status set, no
    status quoted into SQL (pass it as a parameter). Words used as labels (a menu text) are fine."""
    bad = []
    for path in _python_files("models") + _python_files("ui"):
        rel = path.relative_to(ROOT).as_posix()
        if rel in STATUS_HOMES:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                    and any(f"'{s}'" in node.value for s in STATUS_WORDS):
                bad.append(f"{rel}:{node.lineno}: status quoted into SQL")
            elif isinstance(node, ast.Compare):
                for side in (node.left, *node.comparators):
                    items = side.elts if isinstance(side, (ast.Tuple, ast.List, ast.Set)) else [side]
                    if any(isinstance(e, ast.Constant) and e.value in STATUS_WORDS for e in items):
                        bad.append(f"{rel}:{node.lineno}: status literal in a comparison")
            elif isinstance(node, (ast.Tuple, ast.List, ast.Set)) \
                    and sum(isinstance(e, ast.Constant) and e.value in STATUS_WORDS for e in node.elts) >= 2:
                bad.append(f"{rel}:{node.lineno}: a status set made by hand")
    assert not bad, bad


# ----- one home for colours and styles -------------------------------------------------------
HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?(?:[0-9a-fA-F]{2})?\b")


def test_no_inline_colours_or_style_sheets_in_ui():
    """Colours live in resources/colours.json and rules in resources/style.qss (ui/style.py reads
    them); window code names a role or a colour, never a hex value or its own style sheet."""
    bad = []
    for path in _python_files("ui"):
        rel = path.relative_to(ROOT).as_posix()
        if rel == "ui/style.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and HEX_COLOUR.search(node.value):
                bad.append(f"{rel}:{node.lineno}: {HEX_COLOUR.search(node.value).group(0)}")
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and node.func.attr == "setStyleSheet":
                bad.append(f"{rel}:{node.lineno}: setStyleSheet")
    assert not bad, bad


def test_every_colour_the_style_sheet_names_exists():
    import json

    colours = json.loads((ROOT / "resources" / "colours.json").read_text(encoding="utf-8"))
    named = set(re.findall(r"@([a-z_]+)", (ROOT / "resources" / "style.qss").read_text(encoding="utf-8")))
    assert named <= set(colours), named - set(colours)
    assert all(re.fullmatch(r"#[0-9a-f]{6}", v) for k, v in colours.items() if not k.startswith("_"))


# ----- wiring a reader can follow --------------------------------------------------------------
def test_no_pages_looked_up_by_name_or_features_by_module_name():
    """Pages and actions are attributes built in MainWindow.__init__; nothing finds them by a string."""
    bad = []
    for path in _ui_files():
        rel = path.relative_to(ROOT).as_posix()
        text = path.read_text(encoding="utf-8")
        for pattern in (r"\bhas_page\(", r"importlib", r"\bFEATURES\b", r"\.page\(\"(?!ledger\"\)\.model)"):
            for m in re.finditer(pattern, text):
                bad.append(f"{rel}:{text[:m.start()].count(chr(10)) + 1}: {m.group(0)}")
    assert not bad, bad


def _declared_in_main_window() -> set[str]:
    """The attributes MainWindow.__init__ gives the window (``self.x = …``)."""
    tree = ast.parse((ROOT / "ui" / "main_window.py").read_text(encoding="utf-8"))
    cls = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "MainWindow")
    init = next(n for n in cls.body if isinstance(n, ast.FunctionDef) and n.name == "__init__")
    return {t.attr for n in ast.walk(init) if isinstance(n, (ast.Assign, ast.AnnAssign))
            for target in (n.targets if isinstance(n, ast.Assign) else [n.target])
            for t in ast.walk(target)
            if isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id == "self"}


def test_nothing_outside_the_main_window_adds_attributes_to_it():
    """An area's ``install(window, …)`` returns what the window keeps and sets nothing on it; other
    helpers may only fill an attribute MainWindow.__init__ declares (an open wizard, a job), and
    no one calls ``setattr`` on the window."""
    declared = _declared_in_main_window()
    assert {"recent_menu", "full_check_job", "import_wizard"} <= declared
    bad = []
    for path in _ui_files():
        rel = path.relative_to(ROOT).as_posix()
        if rel == "ui/main_window.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for func in (n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))):
            for node in ast.walk(func):
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "setattr" \
                        and isinstance(node.args[0], ast.Name) and node.args[0].id == "window":
                    bad.append(f"{rel}:{node.lineno}: setattr(window, …)")
                if not isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
                    continue
                for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                    for t in target.elts if isinstance(target, (ast.Tuple, ast.List)) else [target]:
                        if not (isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name)
                                and t.value.id == "window"):
                            continue
                        if func.name == "install":
                            bad.append(f"{rel}:{t.lineno}: install() sets window.{t.attr}")
                        elif t.attr not in declared:
                            bad.append(f"{rel}:{t.lineno}: window.{t.attr} is not declared in MainWindow.__init__")
    assert not bad, bad
