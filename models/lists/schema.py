"""Tables of the campaign's lists (schema step 6): timetable, regulations and articles, duties,
check items and site inspections, typed work counts, evaluation criteria, legal references."""

LISTS_V6 = """
-- 时间节点台账: the campaign's phases in order
CREATE TABLE campaign_phases (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    name        TEXT NOT NULL,
    start_date  TEXT,
    end_date    TEXT,
    owner       TEXT NOT NULL DEFAULT '',
    notes       TEXT NOT NULL DEFAULT '',
    CHECK (start_date IS NULL OR end_date IS NULL OR start_date <= end_date)
);
CREATE INDEX campaign_phases_campaign ON campaign_phases(campaign_id, position);

-- 法规库: laws and regulations, shared by every campaign of this office
CREATE TABLE regulations (
    id           INTEGER PRIMARY KEY,
    title        TEXT NOT NULL UNIQUE,
    issuer       TEXT NOT NULL DEFAULT '',
    adopted_on   TEXT NOT NULL DEFAULT '',
    effective_on TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL
);

-- one article (条) with the chapter/section it stands in; 款 are its paragraphs (split by line)
CREATE TABLE regulation_articles (
    id            INTEGER PRIMARY KEY,
    regulation_id INTEGER NOT NULL REFERENCES regulations(id) ON DELETE CASCADE,
    number        INTEGER NOT NULL,
    label         TEXT NOT NULL,
    chapter       TEXT NOT NULL DEFAULT '',
    section       TEXT NOT NULL DEFAULT '',
    text          TEXT NOT NULL,
    UNIQUE (regulation_id, number)
);

-- 学习清单: the regulations a campaign studies
CREATE TABLE campaign_study (
    campaign_id   INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    regulation_id INTEGER NOT NULL REFERENCES regulations(id) ON DELETE CASCADE,
    PRIMARY KEY (campaign_id, regulation_id)
);

-- 法条依据 of a problem: which article, with its text as it was when chosen
CREATE TABLE problem_legal_refs (
    id            INTEGER PRIMARY KEY,
    problem_id    INTEGER NOT NULL REFERENCES problems(id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    regulation_id INTEGER REFERENCES regulations(id) ON DELETE SET NULL,
    article_id    INTEGER REFERENCES regulation_articles(id) ON DELETE SET NULL,
    citation      TEXT NOT NULL,
    article_text  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX problem_legal_refs_problem ON problem_legal_refs(problem_id, position);

-- 责任清单: a unit's duties in the campaign's field
CREATE TABLE duties (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    unit_id     INTEGER NOT NULL REFERENCES units(id) ON DELETE RESTRICT,
    position    INTEGER NOT NULL,
    text        TEXT NOT NULL,
    legal_basis TEXT NOT NULL DEFAULT '',
    article_id  INTEGER REFERENCES regulation_articles(id) ON DELETE SET NULL
);
CREATE INDEX duties_campaign ON duties(campaign_id, unit_id, position);

-- 内容清单: research items (调研内容) and check indicators (检查指标), grouped by aspect
CREATE TABLE check_items (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    aspect      TEXT NOT NULL DEFAULT '',
    kind        TEXT NOT NULL DEFAULT '检查指标' CHECK (kind IN ('调研内容', '检查指标')),
    text        TEXT NOT NULL,
    legal_basis TEXT NOT NULL DEFAULT '',
    article_id  INTEGER REFERENCES regulation_articles(id) ON DELETE SET NULL
);
CREATE INDEX check_items_campaign ON check_items(campaign_id, position);

-- 检查记录: one site inspection
CREATE TABLE inspections (
    id           INTEGER PRIMARY KEY,
    campaign_id  INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    visit_date   TEXT NOT NULL,
    kind         TEXT NOT NULL DEFAULT '执法检查',
    place        TEXT NOT NULL,
    unit_id      INTEGER REFERENCES units(id) ON DELETE RESTRICT,
    members      TEXT NOT NULL DEFAULT '',
    elderly_met  INTEGER NOT NULL DEFAULT 0 CHECK (elderly_met >= 0),
    notes        TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX inspections_campaign ON inspections(campaign_id, visit_date);

-- one checklist item walked at one inspection (符合/不符合/不适用), saved as it is typed
CREATE TABLE inspection_results (
    id            INTEGER PRIMARY KEY,
    inspection_id INTEGER NOT NULL REFERENCES inspections(id) ON DELETE CASCADE,
    check_item_id INTEGER NOT NULL REFERENCES check_items(id) ON DELETE CASCADE,
    verdict       TEXT NOT NULL DEFAULT '' CHECK (verdict IN ('', '符合', '不符合', '不适用')),
    remark        TEXT NOT NULL DEFAULT '',
    problem_id    INTEGER REFERENCES problems(id) ON DELETE SET NULL,
    updated_at    TEXT NOT NULL,
    UNIQUE (inspection_id, check_item_id)
);

-- photos of an inspection item, stored like 佐证材料 (files beside the database, with sha256)
CREATE TABLE inspection_photos (
    id          INTEGER PRIMARY KEY,
    result_id   INTEGER NOT NULL REFERENCES inspection_results(id) ON DELETE CASCADE,
    file_name   TEXT NOT NULL,
    stored_path TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    size        INTEGER NOT NULL,
    added_at    TEXT NOT NULL
);

-- work counts typed by hand where no record holds them (座谈会, 会议 …)
CREATE TABLE work_counts (
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    key         TEXT NOT NULL,
    value       INTEGER NOT NULL CHECK (value >= 0),
    PRIMARY KEY (campaign_id, key)
);

-- 评价清单: what a 满意度测评 asks about
CREATE TABLE evaluation_criteria (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    text        TEXT NOT NULL
);
CREATE INDEX evaluation_criteria_campaign ON evaluation_criteria(campaign_id, position);

ALTER TABLE problems ADD COLUMN duty_id INTEGER REFERENCES duties(id) ON DELETE SET NULL;
ALTER TABLE problems ADD COLUMN inspection_result_id INTEGER REFERENCES inspection_results(id) ON DELETE SET NULL;
"""
