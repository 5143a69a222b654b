"""Tables for handover, progress, closing, evaluation (filled in by the workflow area)."""

WORKFLOW_V1 = """
-- 交办批次: one handover meeting / letter
CREATE TABLE handover_batches (
    id               INTEGER PRIMARY KEY,
    campaign_id      INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    doc_number       TEXT NOT NULL DEFAULT '',
    handover_date    TEXT NOT NULL,
    occasion         TEXT NOT NULL DEFAULT '',
    organ            TEXT NOT NULL DEFAULT '',
    default_deadline TEXT,
    notes            TEXT NOT NULL DEFAULT '',
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX handover_batches_campaign ON handover_batches(campaign_id, handover_date);

-- the problems of a batch, each with its own deadline
CREATE TABLE handover_items (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    batch_id   INTEGER NOT NULL REFERENCES handover_batches(id) ON DELETE CASCADE,
    problem_id INTEGER NOT NULL REFERENCES problems(id) ON DELETE CASCADE,
    deadline   TEXT,
    position   INTEGER NOT NULL DEFAULT 0,
    UNIQUE (batch_id, problem_id)
);
CREATE INDEX handover_items_problem ON handover_items(problem_id);

-- units a batch is handed to (承办单位)
CREATE TABLE handover_recipients (
    batch_id INTEGER NOT NULL REFERENCES handover_batches(id) ON DELETE CASCADE,
    unit_id  INTEGER NOT NULL REFERENCES units(id) ON DELETE RESTRICT,
    position INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (batch_id, unit_id)
);

-- 整改进展: a unit's report on one problem
CREATE TABLE progress_reports (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    problem_id        INTEGER NOT NULL REFERENCES problems(id) ON DELETE CASCADE,
    report_date       TEXT NOT NULL,
    unit_id           INTEGER REFERENCES units(id) ON DELETE RESTRICT,
    measures          TEXT NOT NULL DEFAULT '',
    result            TEXT NOT NULL DEFAULT '',
    percent           INTEGER NOT NULL DEFAULT 0 CHECK (percent BETWEEN 0 AND 100),
    requests_closing  INTEGER NOT NULL DEFAULT 0,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
);
CREATE INDEX progress_reports_problem ON progress_reports(problem_id, report_date);
CREATE INDEX progress_reports_date ON progress_reports(report_date);

-- 佐证材料: files copied next to the database; stored_path is relative to the database's folder
CREATE TABLE attachments (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    problem_id  INTEGER NOT NULL REFERENCES problems(id) ON DELETE CASCADE,
    report_id   INTEGER REFERENCES progress_reports(id) ON DELETE CASCADE,
    purpose     TEXT NOT NULL DEFAULT '整改进展',
    file_name   TEXT NOT NULL,
    stored_path TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    size        INTEGER NOT NULL,
    added_at    TEXT NOT NULL
);
CREATE INDEX attachments_problem ON attachments(problem_id);
CREATE INDEX attachments_report ON attachments(report_id);

-- 销号核查: one row per closing (a reopened problem closed again gets a second row)
CREATE TABLE closure_checks (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    problem_id         INTEGER NOT NULL REFERENCES problems(id) ON DELETE CASCADE,
    checked_by         TEXT NOT NULL,
    check_date         TEXT NOT NULL,
    opinion            TEXT NOT NULL,
    no_evidence_reason TEXT NOT NULL DEFAULT '',
    closed_at          TEXT NOT NULL,
    closed_by          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX closure_checks_problem ON closure_checks(problem_id);

-- 满意度测评: one vote (for the campaign, or for one unit); every one is kept
CREATE TABLE evaluations (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    unit_id     INTEGER REFERENCES units(id) ON DELETE RESTRICT,
    eval_date   TEXT NOT NULL,
    occasion    TEXT NOT NULL DEFAULT '',
    notes       TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX evaluations_campaign ON evaluations(campaign_id, eval_date);

-- the counts of one 测评, per unit or per problem (both empty: the overall vote)
CREATE TABLE evaluation_counts (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    evaluation_id       INTEGER NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
    unit_id             INTEGER REFERENCES units(id) ON DELETE RESTRICT,
    problem_id          INTEGER REFERENCES problems(id) ON DELETE CASCADE,
    satisfied           INTEGER NOT NULL DEFAULT 0 CHECK (satisfied >= 0),
    basically_satisfied INTEGER NOT NULL DEFAULT 0 CHECK (basically_satisfied >= 0),
    dissatisfied        INTEGER NOT NULL DEFAULT 0 CHECK (dissatisfied >= 0),
    position            INTEGER NOT NULL DEFAULT 0,
    CHECK (unit_id IS NULL OR problem_id IS NULL)
);
CREATE INDEX evaluation_counts_evaluation ON evaluation_counts(evaluation_id, position);
CREATE INDEX evaluation_counts_problem ON evaluation_counts(problem_id);
"""


# step 2: 发文登记 — this office's issued 文号 (models/workflow/doc_numbers.py)
DOC_NUMBERS_V2 = """
CREATE TABLE issued_documents (
    id         INTEGER PRIMARY KEY,
    prefix     TEXT NOT NULL,
    year       INTEGER NOT NULL,
    serial     INTEGER NOT NULL CHECK (serial > 0),
    doc_number TEXT NOT NULL,
    title      TEXT NOT NULL,
    addressee  TEXT NOT NULL DEFAULT '',
    scope      TEXT NOT NULL DEFAULT '',
    batch_id   INTEGER REFERENCES handover_batches(id) ON DELETE SET NULL,
    issued_on  TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (prefix, year, serial)
);
CREATE INDEX issued_documents_batch ON issued_documents(batch_id);
"""
