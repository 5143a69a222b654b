"""Importing several 交换包 at once (a city's 5–15 counties): read and check each, ask about changed
keys, show one change list of all of them, apply the chosen ones after one backup.

The preview applies the packages one after another (so a county's 6th package sees its 5th) inside
one transaction that is then rolled back: what the clerk reads is what 应用 would write when all
are chosen. A refused package is reported with its reason and does not stop the others."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from models.store import Store
from models.sync import merge, peers
from models.sync.package import NOTHING, Package, PackageError


@dataclass
class Entry:
    """One chosen file: its package once read, why it is refused, its key change, its change list."""
    path: Path
    package: Package | None = None
    refusal: str = ""
    key_change: peers.KeyChange | None = None
    changes: merge.ChangeList | None = None
    refused_by_clerk: bool = False   # the clerk said 不导入 to its changed key: no need to tell them again

    @property
    def usable(self) -> bool:
        return self.package is not None and not self.refusal

    @property
    def office(self) -> str:
        return self.package.manifest["from"]["office"] if self.package is not None else ""

    @property
    def number(self) -> int:
        return int(self.package.manifest.get("number", 0)) if self.package is not None else 0

    def refuse_key(self) -> None:
        self.refused_by_clerk = True
        self.refusal = f"“{self.office}”更换了签名密钥，未经电话核对确认，没有导入，{NOTHING}"


def read_many(store: Store, paths: list, progress=None) -> list[Entry]:
    """Read and check every file (signature, members, recipient); the readable ones sorted by sender
    and number, so a county's packages apply in their order; refused ones keep their place at the end."""
    entries: list[Entry] = []
    seen: dict[tuple[str, int], Path] = {}
    for i, path in enumerate(paths):
        if progress is not None:
            progress(i, len(paths))
        entry = Entry(Path(path))
        try:
            entry.package = merge.read_package(path)
            merge.check_sender(store, entry.package, accept_new_key=True)
            entry.key_change = peers.key_change(store, entry.package.manifest["from"])
        except PackageError as exc:
            entry.refusal = str(exc)
        if entry.usable:
            key = (entry.package.manifest["from"]["site"], entry.number)
            if key in seen:
                entry.refusal = f"与“{seen[key].name}”是同一个交换包（{entry.office}第{entry.number}号），只导入一次。"
            seen.setdefault(key, entry.path)
        entries.append(entry)
    if progress is not None:
        progress(len(paths), len(paths))
    first: dict[str, int] = {}   # offices in the order the clerk chose them, each one's packages by number
    for i, e in enumerate(entries):
        first.setdefault(e.office, i)
    return sorted(entries, key=lambda e: (not e.usable, first[e.office], e.number))


class _Preview(Exception):
    pass


def preview_many(store: Store, entries: list[Entry], *, before=None, progress=None) -> list[Entry]:
    """Fill each usable entry's change list as if all were applied in order; nothing is kept."""
    usable = [e for e in entries if e.usable]
    try:
        with store.transaction():
            if before is not None:
                before(store)
            for i, entry in enumerate(usable):
                if progress is not None:
                    progress(i, len(usable))
                try:
                    entry.changes = merge.import_package(store, entry.package, backup=False, files=False)
                    entry.changes.applied = False
                    entry.changes.package_id = None
                except PackageError as exc:
                    entry.refusal = str(exc)
            raise _Preview
    except _Preview:
        pass
    return entries


def apply_many(store: Store, entries: list[Entry], *, before=None, progress=None) -> list[Entry]:
    """Apply the chosen entries after one automatic backup; each entry gets its result (or refusal)."""
    chosen = [e for e in entries if e.usable]
    results = merge.import_many(store, [e.package for e in chosen], progress=progress, before=before)
    for entry, result in zip(chosen, results, strict=True):
        if isinstance(result, PackageError):
            entry.refusal, entry.changes = str(result), None
        else:
            entry.changes = result
    return chosen
