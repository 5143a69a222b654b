"""What one user action changed: the tables it wrote, and the problems it named.

``Store.action()`` fills a ``ChangeLog`` while the action runs (SQLite's authorizer is asked about
every statement the action prepares, those its triggers run included, so a model function cannot
forget to say what it wrote) and hands back a frozen ``Changes``; the window's ``data_changed``
carries it so each page refreshes only when a table it shows was written.

The authorizer, not the trace hook: setting it makes SQLite prepare every statement again, so
each is seen once per action, while a trace hook is called for every row of an executemany,
each time with the row's values spelled into the SQL text (~2 s of a 50,000-row import, a
third of applying an exchange package).
"""
from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

_WRITES = frozenset({sqlite3.SQLITE_INSERT, sqlite3.SQLITE_UPDATE, sqlite3.SQLITE_DELETE})
EVERYTHING = "*"   # a restore or a schema change: every page reloads

# What a page shows, as tables: it reloads only when an action wrote one of them.
PROBLEM_WORK = ("problems", "problem_units", "units", "handover_batches", "handover_items", "handover_recipients",
                "progress_reports", "closure_checks", "attachments", "campaigns", "settings")
UNIT_USE = ("units", "problem_units", "handover_recipients", "progress_reports", "evaluations", "evaluation_counts")
EVALUATIONS = ("evaluations", "evaluation_counts", "units", "problems", "campaigns")
CAMPAIGNS = ("campaigns", "problems")


@dataclass(frozen=True)
class Changes:
    """The small record an action leaves behind. ``tables`` holds EVERYTHING when all changed."""

    tables: frozenset[str] = frozenset()
    problem_ids: frozenset[int] = frozenset()

    def touches(self, *tables: str) -> bool:
        return EVERYTHING in self.tables or any(t in self.tables for t in tables)

    def __bool__(self) -> bool:
        return bool(self.tables)

    @staticmethod
    def everything() -> Changes:
        return Changes(frozenset({EVERYTHING}))


@dataclass
class ChangeLog:
    """Collected during one action; ``rollback`` undoes what SQLite cannot (files copied in)."""

    tables: set[str] = field(default_factory=set)
    problem_ids: set[int] = field(default_factory=set)
    on_rollback: list[Callable[[], None]] = field(default_factory=list)

    def authorize(self, action: int, table: str | None, _column: str | None, _db: str | None,
                  _trigger: str | None) -> int:
        """The authorizer (asked as a statement is prepared): note the table of a write, allow all."""
        if action in _WRITES and table:
            self.tables.add(table.lower())
        return sqlite3.SQLITE_OK

    def name_problems(self, ids: Iterable[int]) -> None:
        self.problem_ids.update(int(i) for i in ids if i is not None)

    def rollback(self) -> None:
        for undo in reversed(self.on_rollback):
            try:
                undo()
            except OSError:   # a copy that cannot be removed stays; the database never names it
                pass
        self.on_rollback.clear()

    def frozen(self) -> Changes:
        return Changes(frozenset(self.tables), frozenset(self.problem_ids))
