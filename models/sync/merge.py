"""Importing a 交换包: checks, the change list shown before anything changes, and the apply itself.

The change list is what applying would do: the same code runs inside a transaction that a dry run
rolls back, so what the clerk reads is exactly what a click on 应用 writes.
"""
from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from models import audit
from models.store import Store, now_text
from models.sync import apply as ap
from models.sync import changelog, deletions, identity, keys
from models.sync.blobs import write_blobs
from models.sync.package import NOTHING, Package, PackageError, read_package
from models.sync.tables import ORDER, SPECS
from models.sync.wording import field_label, row_label, shown_value

LEVEL_WORD = {"省": "该省", "市": "该市", "县": "该县"}


@dataclass
class ChangeList:
    sender_office: str
    sender_level: str
    fingerprint: str
    number: int
    new_rows: Counter = field(default_factory=Counter)
    field_changes: list[str] = field(default_factory=list)
    deletions: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    already: int = 0
    duplicates: int = 0
    pending: int = 0
    blob_count: int = 0
    blob_bytes: int = 0
    missing: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    applied: bool = False
    package_id: int | None = None

    @property
    def has_changes(self) -> bool:
        return bool(sum(self.new_rows.values()) or self.field_changes or self.deletions or self.conflicts)

    def lines(self) -> list[str]:
        out = [f"来自：{self.sender_office}（{self.sender_level}级，密钥指纹 {self.fingerprint}），第{self.number}号交换包"]
        out += self.notes + self.missing
        for tbl in ORDER:
            if self.new_rows[tbl]:
                out.append(f"新增{SPECS[tbl].label}：{self.new_rows[tbl]} 条")
        if self.blob_count:
            out.append(f"新增佐证材料文件：{self.blob_count} 个，共 {self.blob_bytes / 1024 ** 2:.1f} MB")
        out += [f"修改：{line}" for line in self.field_changes]
        out += [f"删除：{line}" for line in self.deletions]
        out += [f"冲突：{line}" for line in self.conflicts]
        out += [f"未应用：{line}" for line in self.skipped]
        if self.pending:
            out.append(f"暂缓：{self.pending} 条变更所属的记录尚未收到，收到后自动补上")
        out.append(f"本机已有（跳过）：{self.already + self.duplicates} 条")
        if not self.has_changes:
            out.append("没有新内容。")
        return out


class _Rollback(Exception):
    pass


def check_sender(store: Store, pkg: Package, *, accept_new_key: bool) -> dict | None:
    """Refuse a package not meant for this office, from itself, or signed with a changed key."""
    me = identity.require_office(store)
    sender, to = pkg.manifest["from"], pkg.manifest.get("to") or {}
    if sender["site"] == me.site_id:
        raise PackageError(f"这是本机关自己写出的交换包，不能导入，{NOTHING}")
    if (to.get("site") and to["site"] != me.site_id) or (to.get("office") or "") != me.office:
        raise PackageError(f"该交换包是写给“{to.get('office') or '未注明'}”的，不是写给本机关（{me.office}）的，{NOTHING}")
    peer = store.query_one("SELECT * FROM sync_peers WHERE site = ?", (sender["site"],))
    if peer and peer["public_key"] != sender["public_key"] and not accept_new_key:
        raise PackageError(
            f"“{sender['office']}”的签名密钥与上次导入时不同（上次指纹 {keys.fingerprint(peer['public_key'])}，"
            f"本次 {keys.fingerprint(sender['public_key'])}），请与对方电话核对指纹后再确认导入，{NOTHING}")
    return peer


def import_many(store: Store, sources: list, *, accept_new_key: bool = False, progress=None,
                before=None, fast_commits: bool = False) -> list[ChangeList | PackageError]:
    """Apply many packages (a city's 15 counties, a province's 150) after one backup; each package is
    its own transaction and a refused one is reported without stopping the others. Every package
    records that backup, so 撤销 of one of them can go back to it (see undo.py). ``before(store)``
    runs after the backup and before the first package (the window's unit mapping)."""
    from models.safety.backup import REASON_IMPORT, backup_before  # safety imports the store

    copy = backup_before(store, REASON_IMPORT)
    if before is not None:
        before(store)
    out: list[ChangeList | PackageError] = []
    # The backup guards the whole batch, so the packages are committed without waiting for the disk each time
    # (WAL with synchronous NORMAL keeps the file whole; a power cut could lose only the last packages, which are
    # imported again from their files); one full checkpoint at the end makes them all durable.
    # A larger page cache and fewer checkpoints for the batch: pages are not read and copied again per package.
    # Only a headless batch (the command line, the benchmark) asks for fast commits: the window runs the batch
    # inside its action, where the safety level cannot change.
    conn = store.conn
    tune = fast_commits and not conn.in_transaction
    if tune:
        saved = {name: conn.execute(f"PRAGMA {name}").fetchone()[0]
                 for name in ("synchronous", "cache_size", "wal_autocheckpoint")}
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA cache_size = -131072")
        conn.execute("PRAGMA wal_autocheckpoint = 20000")
    try:
        for i, source in enumerate(sources):
            if progress is not None:
                progress(i, len(sources))
            try:
                out.append(import_package(store, source, accept_new_key=accept_new_key, backup=False,
                                          backup_path=copy))
            except PackageError as exc:
                out.append(exc)
    finally:
        if tune:
            for name, value in saved.items():
                conn.execute(f"PRAGMA {name} = {int(value)}")
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return out


def import_package(store: Store, source: str | os.PathLike | Package, *, dry_run: bool = False,
                   accept_new_key: bool = False, backup: bool = True, backup_path: Path | None = None,
                   files: bool = True) -> ChangeList:
    """Check, then apply (or, with ``dry_run``, only describe) a package in one transaction.
    ``backup_path``: the copy a batch made before it (recorded for 撤销); ``files=False`` writes no
    佐证材料 files (a batch preview that is rolled back as a whole)."""
    pkg = source if isinstance(source, Package) else read_package(source)
    peer = check_sender(store, pkg, accept_new_key=accept_new_key)
    sender = pkg.manifest["from"]
    result = ChangeList(sender_office=sender["office"], sender_level=sender["level"],
                        fingerprint=keys.fingerprint(sender["public_key"]), number=int(pkg.manifest.get("number", 0)))
    if peer is None:
        result.notes.append(f"首次收到“{sender['office']}”的交换包，将记录其密钥指纹 {result.fingerprint}。")
    elif peer["public_key"] != sender["public_key"]:
        result.notes.append(f"“{sender['office']}”的签名密钥已更换，本次确认后记录新指纹 {result.fingerprint}。")
    _missing(store, pkg, result)
    written: list[Path] = []
    blob_paths: dict[str, str] = {}
    copy = backup_path
    if not dry_run:
        if backup:
            from models.safety.backup import REASON_IMPORT, backup_before  # safety imports the store

            copy = backup_before(store, REASON_IMPORT)  # the copy 撤销 goes back to
        if files:
            blob_paths, written = write_blobs(store, pkg)
    try:
        with store.transaction() as conn:
            package_id = conn.execute(
                "INSERT INTO sync_packages(direction, peer_site, peer_office, number, file_name, sha256, at, user) "
                "VALUES ('in', ?, ?, ?, ?, '', ?, ?)",
                (sender["site"], sender["office"], result.number, pkg.path.name, now_text(), store.user)).lastrowid
            ctx = ap.Context(store=store, sender_office=sender["office"], package_id=package_id, blob_paths=blob_paths)
            _apply_all(ctx, pkg, result)
            _remember_peer(store, pkg, peer)
            conn.execute("UPDATE sync_packages SET change_count = ? WHERE id = ?", (len(pkg.changes), package_id))
            audit.record(store, entity="sync_package", entity_id=package_id, action=ap.ACTION,
                         old=str(copy) if copy else None, new=f"{sender['office']}第{result.number}号交换包")
            conn.execute("UPDATE sync_packages SET last_audit_id = (SELECT max(id) FROM audit_log) WHERE id = ?",
                         (package_id,))
            result.package_id = package_id
            if dry_run:
                raise _Rollback
    except _Rollback:
        result.package_id = None
        return result
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    result.applied = True
    return result


def _apply_all(ctx: ap.Context, pkg: Package, result: ChangeList) -> None:
    conn = ctx.conn
    known: set[tuple[str, int]] = set()
    for site in {c["site"] for c in pkg.changes}:
        known.update((site, q) for (q,) in conn.execute("SELECT seq FROM change_log WHERE site = ?", (site,)))
    fresh = []
    for change in pkg.changes:
        if (change["site"], change["seq"]) in known:
            result.duplicates += 1
        else:
            known.add((change["site"], change["seq"]))
            fresh.append(change)
    # rows first (parents before children), so field changes and status evidence find them
    inserts = sorted((c for c in fresh if c["op"] == "insert"), key=lambda c: ORDER.index(c["tbl"]))
    others = [c for c in fresh if c["op"] != "insert"]
    for change in inserts + others:
        if change["op"] == "insert":  # decided first, then stored once with its outcome
            state = _attempt(ctx, change, None)
            _store_change(conn, change, ctx.package_id, state or ap.PENDING)
            _tally(ctx, change, state, None, result)
        else:  # a conflict row points at the stored change (a deletion's too: delete vs edit)
            change_id = _store_change(conn, change, ctx.package_id, ap.PENDING)
            _settle_state(ctx, change, change_id, result)
    for row in ctx.store.query("SELECT * FROM change_log WHERE state = 'pending' AND package_id IS NOT ? ORDER BY id",
                               (ctx.package_id,)):
        _settle_state(ctx, ap.change_from_log(row), row["id"], result)
    ctx.reindex()
    result.pending = conn.execute("SELECT count(*) FROM change_log WHERE state = 'pending'").fetchone()[0]


def _store_change(conn, change: dict, package_id: int, state: str) -> int:
    def t(v):
        return None if v is None else str(v)
    return conn.execute(
        "INSERT INTO change_log(site, seq, op, tbl, uuid, field, old, new, row, meta, who, at, state, package_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (change["site"], change["seq"], change["op"], change["tbl"], change["uuid"], change.get("field"),
         t(change.get("old")), t(change.get("new")),
         json.dumps(change["row"], ensure_ascii=False) if isinstance(change.get("row"), dict) else None,
         json.dumps(change["meta"], ensure_ascii=False) if isinstance(change.get("meta"), dict) else None,
         str(change.get("who") or ""), str(change.get("at") or ""), state, package_id)).lastrowid


def _attempt(ctx: ap.Context, change: dict, change_id: int | None) -> str | None:
    """The outcome of applying one change, or None while a row it needs has not arrived."""
    ctx.why = ""
    try:
        if change["op"] == "insert":
            return ap.apply_insert(ctx, change)
        if change["op"] == "delete":
            return ap.apply_delete(ctx, change, change_id)
        return ap.apply_field(ctx, change, change_id)
    except ap.Pending:
        return None


def _settle_state(ctx: ap.Context, change: dict, change_id: int, result: ChangeList) -> None:
    state = _attempt(ctx, change, change_id)
    if state is not None:
        ctx.conn.execute("UPDATE change_log SET state = ? WHERE id = ?", (state, change_id))
        _tally(ctx, change, state, change_id, result)


def _tally(ctx: ap.Context, change: dict, state: str | None, change_id: int | None, result: ChangeList) -> None:
    """Count or describe one outcome for the change list."""
    op = change["op"]
    if state is None:
        return
    if state == ap.APPLIED and op == "insert":
        result.new_rows[change["tbl"]] += 1
        if change["tbl"] == "attachments":
            result.blob_count += 1
            result.blob_bytes += int((change.get("row") or {}).get("size") or 0)
        return
    if state == ap.ALREADY:
        result.already += 1
        return
    label = row_label(ctx.conn, change)
    if state == ap.APPLIED:
        if op == "delete":
            result.deletions.append(label)
        else:
            tbl, column = change["tbl"], change["field"]
            result.field_changes.append(f"{label} {field_label(column, tbl)}：“{shown_value(ctx.conn, tbl, column, change.get('old'))}”"
                                        f"→“{shown_value(ctx.conn, tbl, column, change.get('new'))}”")
    elif state == ap.CONFLICT:
        local = ctx.conn.execute("SELECT local_value, field FROM sync_conflicts WHERE change_id = ? ORDER BY id DESC",
                                 (change_id,)).fetchone()
        column, theirs = (local[1] if local else change.get("field")), change.get("new") or ""
        if column == deletions.ROW:  # a deletion against an edit
            label = label if "已删除" not in label else deletions.deleted_label(ctx.conn, change["uuid"])
            theirs = deletions.DELETE if op == "delete" else deletions.KEEP
        mine = shown_value(ctx.conn, change["tbl"], column, local[0] if local else "")
        theirs = shown_value(ctx.conn, change["tbl"], column, theirs)
        result.conflicts.append(f"{label} {field_label(column, change['tbl'])}：本机“{mine}”，"
                                f"对方“{theirs}”（{change.get('who', '')} {change.get('at', '')}；{ctx.why}）")
    elif state == ap.SKIPPED:
        result.skipped.append(f"{label}（{ctx.why}）")
    else:
        result.already += 1


def _missing(store: Store, pkg: Package, result: ChangeList) -> None:
    """Packages of this sender not seen here, and whether their content is really missing."""
    sender = pkg.manifest["from"]
    numbers = set(store.column("SELECT number FROM sync_packages WHERE direction = 'in' AND peer_site = ? "
                               "AND undone_at IS NULL", (sender["site"],)))
    gap = [n for n in range(1, result.number) if n not in numbers]
    seen = changelog.seen_of(store, sender["site"])
    low = (pkg.manifest.get("ranges") or {}).get(sender["site"], [seen + 1])[0]
    if not gap:
        return
    span = _spans(gap)
    word = LEVEL_WORD.get(sender["level"], "对方")
    if isinstance(low, int) and low > seen + 1:
        result.missing.append(f"缺少{word}第{span}号交换包（其中的变更本包没有，请向对方索取）。")
    else:
        result.notes.append(f"未导入{word}第{span}号交换包，其内容已包含在本包中。")


def _spans(numbers: list[int]) -> str:
    parts, start = [], numbers[0]
    prev = start
    for n in numbers[1:] + [None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        parts.append(f"{start}–{prev}" if prev != start else f"{start}")
        if n is not None:
            start = prev = n
    return "、".join(parts)


def _remember_peer(store: Store, pkg: Package, peer: dict | None) -> None:
    sender = pkg.manifest["from"]
    seen = pkg.manifest.get("seen") or {}
    acked = json.loads(peer["acked"]) if peer else {}
    for site, seq in seen.items():
        if isinstance(seq, int):
            acked[site] = max(acked.get(site, 0), seq)
    store.conn.execute(
        "INSERT INTO sync_peers(site, level, office, public_key, first_seen, acked) VALUES (?, ?, ?, ?, ?, ?) "
        "ON CONFLICT(site) DO UPDATE SET level = excluded.level, office = excluded.office, "
        "public_key = excluded.public_key, acked = excluded.acked",
        (sender["site"], sender["level"], sender["office"], sender["public_key"], now_text(), json.dumps(acked)))
