"""Tables for imports of problem lists and for units' replies (反馈表)."""

EXCHANGE_V1 = """
-- one import of a problem list; problems.import_id points here (no FK: the column predates this table)
CREATE TABLE imports (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    file_name   TEXT NOT NULL,
    sheet       TEXT NOT NULL DEFAULT '',
    at          TEXT NOT NULL,
    user        TEXT NOT NULL,
    row_count   INTEGER NOT NULL DEFAULT 0,
    last_audit_id INTEGER NOT NULL DEFAULT 0,
    undone_at   TEXT
);
CREATE INDEX imports_campaign ON imports(campaign_id, id);
CREATE INDEX problems_import ON problems(import_id);

-- units an import created (removed again by 撤销本次导入 when nothing else uses them)
CREATE TABLE import_units (
    import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
    unit_id   INTEGER NOT NULL,
    PRIMARY KEY (import_id, unit_id)
);

-- one imported reply workbook (反馈表)
CREATE TABLE reply_imports (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    file_name   TEXT NOT NULL,
    at          TEXT NOT NULL,
    user        TEXT NOT NULL,
    row_count   INTEGER NOT NULL DEFAULT 0
);

-- each reply row turned into a progress report; the hash makes a second import add nothing
CREATE TABLE reply_rows (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    reply_import_id INTEGER NOT NULL REFERENCES reply_imports(id) ON DELETE CASCADE,
    problem_id      INTEGER NOT NULL REFERENCES problems(id) ON DELETE CASCADE,
    report_id       INTEGER REFERENCES progress_reports(id) ON DELETE SET NULL,
    content_hash    TEXT NOT NULL,
    UNIQUE (problem_id, content_hash)
);
CREATE INDEX reply_rows_import ON reply_rows(reply_import_id);
"""
