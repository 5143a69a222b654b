"""Database schema as numbered migration steps keyed on ``PRAGMA user_version``.

Documented for IT staff in docs/schema.md; keep the two in step. A released step is never
edited: add a new numbered step instead.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator

from models.lists.schema import LISTS_V6

CORE_V1 = """
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT
);

CREATE TABLE campaigns (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    year        INTEGER NOT NULL,
    level       TEXT NOT NULL DEFAULT '县' CHECK (level IN ('省', '市', '县')),
    organizer   TEXT NOT NULL DEFAULT '',
    notes       TEXT NOT NULL DEFAULT '',
    previous_id INTEGER REFERENCES campaigns(id) ON DELETE SET NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    UNIQUE (name, year)
);

CREATE TABLE units (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    short_name TEXT NOT NULL DEFAULT '',
    kind       TEXT NOT NULL DEFAULT '其他',
    notes      TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE problems (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    campaign_id        INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    number             TEXT NOT NULL,
    source             TEXT NOT NULL,
    category           TEXT NOT NULL DEFAULT '其他',
    place              TEXT NOT NULL DEFAULT '',
    description        TEXT NOT NULL,
    suggestion         TEXT NOT NULL DEFAULT '',
    legal_basis        TEXT NOT NULL DEFAULT '',
    lead_unit_id       INTEGER REFERENCES units(id) ON DELETE RESTRICT,
    supervisor_unit_id INTEGER REFERENCES units(id) ON DELETE RESTRICT,
    kind               TEXT NOT NULL DEFAULT '限期整改',
    deadline           TEXT,
    status             TEXT NOT NULL DEFAULT '待交办',
    progress           INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    notes              TEXT NOT NULL DEFAULT '',
    carried_from_id    INTEGER REFERENCES problems(id) ON DELETE SET NULL,
    import_id          INTEGER,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    UNIQUE (campaign_id, number)
);
CREATE INDEX problems_campaign ON problems(campaign_id, id);
CREATE INDEX problems_lead ON problems(lead_unit_id);
CREATE INDEX problems_status ON problems(campaign_id, status);
CREATE INDEX problems_open_deadline ON problems(campaign_id, status, deadline);
CREATE INDEX problems_deadline ON problems(campaign_id, deadline);
-- the ledger sorts 100,000 rows by any short column by walking one of these (see models/ledger.py)
CREATE INDEX problems_by_source ON problems(campaign_id, source);
CREATE INDEX problems_by_category ON problems(campaign_id, category);
CREATE INDEX problems_by_kind ON problems(campaign_id, kind);
CREATE INDEX problems_by_place ON problems(campaign_id, place);
CREATE INDEX problems_by_progress ON problems(campaign_id, progress);
CREATE INDEX problems_by_updated ON problems(campaign_id, updated_at);
CREATE INDEX problems_by_lead ON problems(campaign_id, lead_unit_id);
CREATE INDEX problems_by_supervisor ON problems(campaign_id, supervisor_unit_id);
-- long texts sort by their first 16 characters (then by id), which keeps these indexes small
CREATE INDEX problems_by_description ON problems(campaign_id, substr(description, 1, 16));
CREATE INDEX problems_by_suggestion ON problems(campaign_id, substr(suggestion, 1, 16));
CREATE INDEX problems_by_legal_basis ON problems(campaign_id, substr(legal_basis, 1, 16));
CREATE INDEX problems_supervisor ON problems(supervisor_unit_id);
CREATE INDEX problems_carried ON problems(carried_from_id);

-- cooperating units (配合单位); the lead unit (牵头) lives in problems.lead_unit_id
CREATE TABLE problem_units (
    problem_id INTEGER NOT NULL REFERENCES problems(id) ON DELETE CASCADE,
    unit_id    INTEGER NOT NULL REFERENCES units(id) ON DELETE RESTRICT,
    role       TEXT NOT NULL DEFAULT '配合',
    position   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (problem_id, unit_id)
);
CREATE INDEX problem_units_unit ON problem_units(unit_id);

-- search index: bigrams of the searchable text (see models/search.py)
CREATE VIRTUAL TABLE problem_search USING fts5(grams, tokenize = 'unicode61 remove_diacritics 0');

-- append-only history (留痕); the triggers refuse edits and deletes
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    user       TEXT NOT NULL,
    entity     TEXT NOT NULL,
    entity_id  INTEGER,
    problem_id INTEGER,
    action     TEXT NOT NULL,
    field      TEXT,
    old_value  TEXT,
    new_value  TEXT
);
CREATE INDEX audit_problem ON audit_log(problem_id, id);
CREATE INDEX audit_entity ON audit_log(entity, entity_id, id);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, '留痕记录不可修改'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, '留痕记录不可删除'); END;
"""


def _run_script(conn: sqlite3.Connection, sql: str) -> None:
    # executescript() would COMMIT the migration transaction; run statement by statement.
    buf = ""
    for line in sql.splitlines(keepends=True):
        if line.strip().startswith("--"):
            continue
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                conn.execute(buf)
            buf = ""
    if buf.strip():
        conn.execute(buf)


def _v1(conn: sqlite3.Connection) -> None:
    from models import schema_parts

    _run_script(conn, CORE_V1)
    for part in schema_parts.V1_PARTS:
        _run_script(conn, part)


def _v2(conn: sqlite3.Connection) -> None:
    """发文登记 (issued_documents): this office's 文号 of letters, unique per prefix and year."""
    from models.workflow.schema import DOC_NUMBERS_V2

    _run_script(conn, DOC_NUMBERS_V2)


# 配合单位 as sortable text kept on the problem (the ledger's sort by it walks an index instead of
# building the text for every row). Triggers keep it true whenever a problem's units or a unit's
# names change; nothing else writes it. Same text as the ledger column: short names, by position.
COOP_LABEL = ("(SELECT group_concat(n, '、') FROM (SELECT coalesce(nullif(u.short_name, ''), u.name) AS n "
               "FROM problem_units pu JOIN units u ON u.id = pu.unit_id WHERE pu.problem_id = {pid} "
               "ORDER BY pu.position))")
_COOP_LABEL = COOP_LABEL   # the import's bulk write computes it with the same expression (bulk_write.py)
V4_COOP_LABEL = f"""
ALTER TABLE problems ADD COLUMN coop_label TEXT;
UPDATE problems SET coop_label = {_COOP_LABEL.format(pid="problems.id")};
CREATE INDEX problems_by_coop_label ON problems(campaign_id, coop_label);
CREATE TRIGGER problem_units_label_insert AFTER INSERT ON problem_units BEGIN
  UPDATE problems SET coop_label = {_COOP_LABEL.format(pid="NEW.problem_id")} WHERE id = NEW.problem_id;
END;
CREATE TRIGGER problem_units_label_delete AFTER DELETE ON problem_units BEGIN
  UPDATE problems SET coop_label = {_COOP_LABEL.format(pid="OLD.problem_id")} WHERE id = OLD.problem_id;
END;
CREATE TRIGGER problem_units_label_update AFTER UPDATE ON problem_units BEGIN
  UPDATE problems SET coop_label = {_COOP_LABEL.format(pid="OLD.problem_id")} WHERE id = OLD.problem_id;
  UPDATE problems SET coop_label = {_COOP_LABEL.format(pid="NEW.problem_id")} WHERE id = NEW.problem_id;
END;
CREATE TRIGGER units_label_update AFTER UPDATE OF name, short_name ON units BEGIN
  UPDATE problems SET coop_label = {_COOP_LABEL.format(pid="problems.id")}
   WHERE id IN (SELECT problem_id FROM problem_units WHERE unit_id = NEW.id);
END;
"""


def _v4(conn: sqlite3.Connection) -> None:
    """problems.coop_label: the 配合单位 text, for a fast sort (ledger, 100,000 problems)."""
    _run_script(conn, V4_COOP_LABEL)


def _v5(conn: sqlite3.Connection) -> None:
    """三级联动 exchange: row identities, change log, peers, packages, conflicts (models/sync)."""
    from models.sync import schema as sync_schema

    _run_script(conn, sync_schema.SYNC_V5)
    sync_schema.make_identity(conn)


def _v6(conn: sqlite3.Connection) -> None:
    """The campaign's lists: timetable, 法规库, 责任清单, 内容清单, inspections, counts (models/lists)."""
    _run_script(conn, LISTS_V6)


def _v7(conn: sqlite3.Connection) -> None:
    """三级联动: other offices' problems keep their origin's number, 来源 and 督办部门 (sync_origin)."""
    from models.sync import origin
    from models.sync import schema as sync_schema

    _run_script(conn, sync_schema.SYNC_V7)
    site = conn.execute("SELECT value FROM settings WHERE key = 'sync.site_id'").fetchone()
    origin.adopt_existing(conn, site[0] if site else "")


STEPS: list[tuple[int, Callable[[sqlite3.Connection], None]]] = [
    (1, _v1),
    (2, _v2),
    (4, _v4),
    (5, _v5),
    (6, _v6),
    (7, _v7),
]

CURRENT_VERSION = STEPS[-1][0]


def steps_after(version: int) -> Iterator[tuple[int, Callable[[sqlite3.Connection], None]]]:
    for number, step in STEPS:
        if number > version:
            yield number, step
