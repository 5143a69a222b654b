"""Schema step 5: the tables of the offline exchange between province, city and county offices."""
from __future__ import annotations

import sqlite3
import uuid

from models.sync.keys import new_private_key

SYNC_V5 = """
-- the exchange identity of each exchanged row (rows keep their local integer ids)
-- (a campaign run by two offices under the same name and year holds both offices' uuids)
CREATE TABLE sync_rows (
    uuid        TEXT PRIMARY KEY,
    tbl         TEXT NOT NULL,
    local_id    INTEGER NOT NULL,
    origin_site TEXT NOT NULL
);
CREATE INDEX sync_rows_local ON sync_rows(tbl, local_id);

-- every change, local or received: the unit of exchange
CREATE TABLE change_log (
    id       INTEGER PRIMARY KEY,
    site     TEXT NOT NULL,
    seq      INTEGER NOT NULL,
    op       TEXT NOT NULL CHECK (op IN ('insert', 'field', 'delete', 'resolve')),
    tbl      TEXT NOT NULL,
    uuid     TEXT NOT NULL,
    field    TEXT,
    old      TEXT,
    new      TEXT,
    row      TEXT,
    meta     TEXT,
    who      TEXT NOT NULL,
    at       TEXT NOT NULL,
    state    TEXT NOT NULL DEFAULT 'local',
    package_id INTEGER,
    UNIQUE (site, seq)
);
CREATE INDEX change_log_uuid ON change_log(uuid, field);
CREATE INDEX change_log_package ON change_log(package_id);

-- the other offices this one has exchanged with; their key is recorded at first import
CREATE TABLE sync_peers (
    site       TEXT PRIMARY KEY,
    level      TEXT NOT NULL,
    office     TEXT NOT NULL,
    public_key TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    acked      TEXT NOT NULL DEFAULT '{}'
);

-- packages written and read
CREATE TABLE sync_packages (
    id          INTEGER PRIMARY KEY,
    direction   TEXT NOT NULL CHECK (direction IN ('out', 'in')),
    peer_site   TEXT,
    peer_office TEXT NOT NULL,
    number      INTEGER NOT NULL,
    file_name   TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    at          TEXT NOT NULL,
    user        TEXT NOT NULL,
    change_count INTEGER NOT NULL DEFAULT 0,
    last_audit_id INTEGER NOT NULL DEFAULT 0,
    undone_at   TEXT
);
CREATE INDEX sync_packages_peer ON sync_packages(direction, peer_site, number);

-- same field changed on two sides: shown to a person, never decided silently
CREATE TABLE sync_conflicts (
    id           INTEGER PRIMARY KEY,
    change_id    INTEGER NOT NULL REFERENCES change_log(id) ON DELETE CASCADE,
    tbl          TEXT NOT NULL,
    uuid         TEXT NOT NULL,
    field        TEXT NOT NULL,
    local_value  TEXT,
    local_change INTEGER,
    package_id   INTEGER,
    found_at     TEXT NOT NULL,
    why          TEXT NOT NULL DEFAULT '',
    resolved_at  TEXT,
    resolved_by  TEXT,
    resolution   INTEGER
);
CREATE INDEX sync_conflicts_open ON sync_conflicts(resolved_at, uuid);

-- units named in packages from an office, mapped to this office's own units (remembered)
CREATE TABLE sync_unit_map (
    site        TEXT NOT NULL,
    remote_name TEXT NOT NULL,
    unit_id     INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    PRIMARY KEY (site, remote_name)
);
"""


def make_identity(conn: sqlite3.Connection) -> None:
    """This database's identity, made once at the step: a site id and an Ed25519 key."""
    for key, value in (("sync.site_id", uuid.uuid4().hex), ("sync.private_key", new_private_key())):
        conn.execute("INSERT OR IGNORE INTO settings(key, value) VALUES (?, ?)", (key, value))


# step 7: problems from another office keep their origin's number, 来源 and 督办部门 apart from the row shown here
SYNC_V7 = """
CREATE TABLE sync_origin (
    problem_id  INTEGER PRIMARY KEY REFERENCES problems(id) ON DELETE CASCADE,
    site        TEXT NOT NULL,
    office      TEXT NOT NULL DEFAULT '',
    level       TEXT NOT NULL DEFAULT '',
    number      TEXT NOT NULL,
    handed_down INTEGER NOT NULL DEFAULT 0,
    source      TEXT,
    supervisor  TEXT
);
CREATE INDEX sync_origin_site ON sync_origin(site);
-- every import looks for changes still waiting for their row: found without reading the whole log
CREATE INDEX change_log_pending ON change_log(state) WHERE state = 'pending';
"""
