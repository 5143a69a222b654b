"""Writing a 交换包 for another office: every change it has not acknowledged yet (or everything)."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from models.names_order import office_key
from models.store import Store, StoreError, now_text
from models.sync import changelog, identity
from models.sync.package import write_package

# Only these rows of a campaign travel when a package is limited to one campaign.
_CAMPAIGN_ROWS = """
SELECT s.uuid FROM sync_rows s WHERE s.tbl = 'campaigns' AND s.local_id = :c
UNION ALL SELECT s.uuid FROM sync_rows s JOIN problems p ON s.tbl = 'problems' AND s.local_id = p.id
    WHERE p.campaign_id = :c
UNION ALL SELECT s.uuid FROM sync_rows s JOIN handover_batches b ON s.tbl = 'handover_batches'
    AND s.local_id = b.id WHERE b.campaign_id = :c
UNION ALL SELECT s.uuid FROM sync_rows s JOIN handover_items i ON s.tbl = 'handover_items' AND s.local_id = i.id
    JOIN problems p ON p.id = i.problem_id WHERE p.campaign_id = :c
UNION ALL SELECT s.uuid FROM sync_rows s JOIN progress_reports r ON s.tbl = 'progress_reports'
    AND s.local_id = r.id JOIN problems p ON p.id = r.problem_id WHERE p.campaign_id = :c
UNION ALL SELECT s.uuid FROM sync_rows s JOIN attachments a ON s.tbl = 'attachments' AND s.local_id = a.id
    JOIN problems p ON p.id = a.problem_id WHERE p.campaign_id = :c
UNION ALL SELECT s.uuid FROM sync_rows s JOIN evaluations e ON s.tbl = 'evaluations' AND s.local_id = e.id
    WHERE e.campaign_id = :c
UNION ALL SELECT s.uuid FROM sync_rows s JOIN closure_checks k ON s.tbl = 'closure_checks' AND s.local_id = k.id
    JOIN problems p ON p.id = k.problem_id WHERE p.campaign_id = :c
"""


@dataclass
class ExportResult:
    path: Path
    number: int
    change_count: int
    blob_count: int
    blob_bytes: int
    recipient: str


def campaign_by_label(store: Store, text: str | None) -> int | None:
    """The campaign named "名称" or "名称 年度" (for the command line); None for no text."""
    if not text:
        return None
    name, _, year = text.strip().rpartition(" ")
    if not (year.isdigit() and name):
        name, year = text.strip(), ""
    rows = store.column("SELECT id FROM campaigns WHERE name = ? AND (? = '' OR year = ?) ORDER BY year DESC",
                        (name, year, year))
    if not rows:
        raise StoreError(f"找不到监督专题“{text}”。")
    if len(rows) > 1:
        raise StoreError(f"有多个年度的监督专题“{name}”，请在名称后加上年度，如“{name} 2026”。")
    return rows[0]


def known_offices(store: Store) -> list[str]:
    """Offices this one has received packages from: the usual recipients."""
    rows = store.query_rows("SELECT DISTINCT level, office FROM sync_peers")
    return [office for level, office in sorted(rows, key=lambda r: office_key(*r))]


def origin_choices(store: Store) -> list[tuple[str, str]]:
    """(office, site id) of the offices whose problems are in this database, for the 来源机关 filter."""
    if not store.scalar("SELECT 1 FROM sqlite_master WHERE name = 'sync_peers'"):
        return []  # an older database opened read-only (not upgraded)
    rows = store.query_rows(
        "SELECT pe.office, pe.site, pe.level FROM sync_peers pe WHERE EXISTS (SELECT 1 FROM sync_rows sr "
        "WHERE sr.origin_site = pe.site AND sr.tbl = 'problems')")
    return [(office, site) for office, site, level in sorted(rows, key=lambda r: office_key(r[2], r[0]))]


def peer_by_office(store: Store, office: str) -> dict | None:
    return store.query_one("SELECT * FROM sync_peers WHERE office = ? ORDER BY first_seen DESC LIMIT 1", (office,))


def _blob_path(store: Store, local_id: int) -> Path | None:
    from models.workflow.attachments import file_to_open

    att = store.query_one("SELECT * FROM attachments WHERE id = ?", (local_id,))
    if att is None:
        return None
    path = file_to_open(store, att)
    return path if path.is_file() else None


def collect(store: Store, *, acked: dict[str, int], campaign_id: int | None) -> tuple[list[dict], dict[str, Path]]:
    """The changes (oldest first) and attachment files a package carries."""
    conn = store.conn
    allowed = set(store.column(_CAMPAIGN_ROWS, {"c": campaign_id})) if campaign_id is not None else None
    changes: list[dict] = []
    blobs: dict[str, Path] = {}
    cur = conn.execute("SELECT site, seq, op, tbl, uuid, field, old, new, row, meta, who, at FROM change_log "
                       "ORDER BY id")
    for site, seq, op, tbl, uid, field, old, new, row, meta, who, at in cur.fetchall():
        if seq <= acked.get(site, 0):
            continue
        if allowed is not None and op != "delete" and uid not in allowed:
            continue
        change = {"site": site, "seq": seq, "op": op, "tbl": tbl, "uuid": uid, "who": who, "at": at}
        if field is not None:
            change.update(field=field, old=old, new=new)
        if meta:
            change["meta"] = json.loads(meta)
        if op == "insert":
            local_id = changelog.local_id_of(conn, uid)
            data = json.loads(row) if row else (changelog.snapshot(conn, tbl, local_id) if local_id else None)
            if data is not None and not row:  # read now: the changes it already holds go with it
                data[changelog.INCLUDES] = changelog.included(conn, uid)
            # deleted since: the insert still travels (every sequence number does), its tombstone follows
            change["row"] = data
            if tbl == "attachments" and local_id and data and data["sha256"] not in blobs:
                path = _blob_path(store, local_id)
                if path is not None:
                    blobs[data["sha256"]] = path
        changes.append(change)
    return changes, blobs


def export_package(store: Store, *, to_office: str, out: str | Path, campaign_id: int | None = None,
                   everything: bool = False) -> ExportResult:
    me = identity.require_office(store)
    to_office = (to_office or "").strip()
    with store.transaction():
        changelog.adopt_all(store)
        changelog.mark_sent(store)
    peer = peer_by_office(store, to_office)
    acked = {} if everything or peer is None else json.loads(peer["acked"])
    changes, blobs = collect(store, acked=acked, campaign_id=campaign_id)
    number = (store.scalar("SELECT max(number) FROM sync_packages WHERE direction = 'out' AND peer_office = ?",
                           (to_office,)) or 0) + 1
    ranges: dict[str, list[int]] = {}
    for c in changes:
        lo, hi = ranges.get(c["site"], [c["seq"], c["seq"]])
        ranges[c["site"]] = [min(lo, c["seq"]), max(hi, c["seq"])]
    campaign = store.query_one("SELECT name, year FROM campaigns WHERE id = ?", (campaign_id,)) if campaign_id else None
    manifest = {
        "program": "联动监督问题清单管理系统", "schema": store.user_version(), "created_at": now_text(),
        "from": {"site": me.site_id, "level": me.level, "office": me.office, "public_key": me.public_key,
                 "fingerprint": me.fingerprint},
        "to": {"office": to_office, "site": peer["site"] if peer else None},
        "number": number, "campaign": campaign, "everything": everything or peer is None,
        "seen": changelog.seen_vector(store), "ranges": ranges, "change_count": len(changes),
    }
    path, digest = write_package(Path(out), manifest, changes, blobs, identity.private_key(store))

    with store.transaction() as conn:
        conn.execute("INSERT INTO sync_packages(direction, peer_site, peer_office, number, file_name, sha256, at, "
                     "user, change_count) VALUES ('out', ?, ?, ?, ?, ?, ?, ?, ?)",
                     (peer["site"] if peer else None, to_office, number, path.name, digest, now_text(),
                      store.user, len(changes)))
    return ExportResult(path=path, number=number, change_count=len(changes), blob_count=len(blobs),
                        blob_bytes=sum(p.stat().st_size for p in blobs.values()), recipient=to_office)
