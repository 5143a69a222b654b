"""What one user action changed: the tables it wrote, and the problems it named.

``Store.action()`` fills a ``ChangeLog`` while the action runs (every statement passes through
SQLite's trace hook, so a model function cannot forget to say what it wrote) and hands back a
frozen ``Changes``; the window's ``data_changed`` carries it so each page refreshes only when
a table it shows was written.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

_WRITE = re.compile(r"^\s*(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|REPLACE\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM)"
                    r"\s+[\"'`\[]?(\w+)", re.IGNORECASE)
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

    def statement(self, sql: str) -> None:
        """The trace hook: note the table of a write."""
        match = _WRITE.match(sql)
        if match:
            self.tables.add(match.group(1).lower())

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
