"""One hostile file through the import path or the 反馈表 path, as the program runs them.

``python tests/hostile_probe.py import|reply FILE DB`` prints one JSON line: outcome (refused / read /
imported), the Chinese message a user would see, whether the database changed, and the counts of
flagged rows. Any exception that is not one of the program's own Chinese errors is printed as
``traceback``: that is a bug. Run by tests/run_hostile_corpus.py in a fresh process per file.
"""
from __future__ import annotations

import hashlib
import json
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from models.exchange import importer, mapping, preview, reader, replies, rows, unit_names  # noqa: E402
from models.store import Store, StoreError  # noqa: E402
from models.vocab import DEFAULT_CATEGORIES  # noqa: E402

STARTED = time.monotonic()
WRITE_LIMIT = 5000   # bigger good sheets are read and checked here; their writing is timed by bench_import.py


def digest(store: Store) -> str:
    h = hashlib.sha1()
    for line in store.conn.iterdump():
        h.update(line.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def run_import(store: Store, path: Path) -> dict:
    sheets = reader.list_sheets(path)
    name = max(sheets, key=lambda s: s[1])[0]
    table = reader.read_sheet(path, name)
    head = mapping.find_header_row(table)
    if head is None:
        return {"outcome": "refused", "message": f"在工作表“{table.name}”的前 40 行中找不到表头"}
    texts = mapping.headers(table, head)
    cols, _ = mapping.mapping_for(store, texts)
    problems = mapping.check_mapping(cols)
    if problems:
        return {"outcome": "refused", "message": problems[0]}
    cid = store.scalar("SELECT id FROM campaigns ORDER BY id LIMIT 1")
    extracted = rows.extract_rows(table, head, cols, list(DEFAULT_CATEGORIES))
    if not extracted.rows:
        return {"outcome": "refused", "message": "在表头下面没有找到任何问题行"}
    plan = preview.UnitPlan(create={n.name: n.kind for n in unit_names.unknown_units(store, extracted.rows)})
    pv = preview.build_preview(store, cid, extracted, plan, default_source="专题调研")
    c = pv.counts()
    out = {"outcome": "read", "rows": c["rows"], "flagged": c["errors"], "reasons": sorted(
        {e for r in pv.rows for e in r.errors + r.warnings})[:30]}
    out["read_s"] = round(time.monotonic() - STARTED, 2)
    if pv.importable() and len(pv.importable()) <= WRITE_LIMIT:
        res = importer.run_import(store, pv, file_name=path.name, sheet=name, header_texts=texts, mapping=cols)
        out.update(outcome="imported", added=res.added)
    return out


def run_reply(store: Store, path: Path) -> dict:
    cid = store.scalar("SELECT id FROM campaigns ORDER BY id LIMIT 1")
    got = replies.read_reply(store, cid, path)
    out = {"outcome": "read", "rows": len(got), "flagged": sum(not r.importable for r in got),
           "reasons": sorted({r.message for r in got if not r.importable})[:30]}
    if any(r.importable for r in got):
        out.update(outcome="imported", added=replies.import_reply(store, cid, path, got))
    return out


def main() -> None:
    mode, path, db = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    store = Store(db)
    before = digest(store)
    try:
        out = (run_import if mode == "import" else run_reply)(store, path)
    except StoreError as exc:
        out = {"outcome": "refused", "message": str(exc)}
    except Exception:  # noqa: BLE001 - exactly what the probe is looking for
        out = {"outcome": "traceback", "message": traceback.format_exc(limit=6)}
    out["db_changed"] = digest(store) != before
    out["peak_mb"] = peak_mb()
    print(json.dumps(out, ensure_ascii=False))


def peak_mb() -> float:
    """This process's peak memory since exec (VmHWM), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


if __name__ == "__main__":
    main()
