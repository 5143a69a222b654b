"""The store (WAL, foreign keys, versions, migrations, Chinese errors), text clean-up and the demo."""
from __future__ import annotations

import os
import sqlite3
from collections import Counter
from datetime import date

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from models import demo, schema, vocab
from models.normalize import DateError, normalize_name, normalize_text, parse_date, to_halfwidth
from models.store import Store, StoreError, translate_error


# ----- store basics -------------------------------------------------------------------------
def test_new_store_uses_wal_foreign_keys_and_current_version(store):
    assert store.scalar("PRAGMA journal_mode") == "wal"
    assert store.scalar("PRAGMA foreign_keys") == 1
    assert store.user_version() == schema.CURRENT_VERSION
    tables = set(store.column("SELECT name FROM sqlite_master WHERE type = 'table'"))
    assert {"settings", "campaigns", "units", "problems", "problem_units", "audit_log"} <= tables


def test_settings_round_trip_and_survive_reopen(db_path):
    s = Store(db_path)
    s.set_setting("user_name", "张三")
    s.close()
    s = Store(db_path)
    assert s.get_setting("user_name") == "张三"
    assert s.user == "张三"
    s.close()


def test_transaction_rolls_back_everything_on_error(store):
    with pytest.raises(RuntimeError), store.transaction() as conn:
        conn.execute("INSERT INTO settings(key, value) VALUES ('a', '1')")
        with store.transaction() as inner:  # nested calls join the outer transaction
            inner.execute("INSERT INTO settings(key, value) VALUES ('b', '2')")
        raise RuntimeError("用户取消")
    assert store.get_setting("a") is None and store.get_setting("b") is None


def test_database_from_newer_program_is_refused(db_path):
    Store(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {schema.CURRENT_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError) as err:
        Store(db_path)
    assert err.value.kind == "too_new"
    assert "更新版本的程序" in str(err.value) and "请安装新版本" in str(err.value)


def test_migration_copies_file_first_and_runs_new_step(db_path, monkeypatch):
    s = Store(db_path)
    s.set_setting("marker", "迁移前的数据")
    s.close()
    ran = []

    def step_next(conn):
        ran.append(True)
        conn.execute("CREATE TABLE extra (id INTEGER PRIMARY KEY)")

    now = schema.CURRENT_VERSION  # whatever steps the program has: one more is added here
    monkeypatch.setattr(schema, "STEPS", [*schema.STEPS, (now + 1, step_next)])
    monkeypatch.setattr(schema, "CURRENT_VERSION", now + 1)
    s = Store(db_path)
    assert ran and s.user_version() == now + 1 and s.migrated_from == now
    copy = s.pre_migration_copy
    assert copy is not None and copy.exists() and f"v{now}" in copy.name
    old = sqlite3.connect(copy)
    assert old.execute("PRAGMA user_version").fetchone()[0] == now
    assert old.execute("SELECT value FROM settings WHERE key='marker'").fetchone()[0] == "迁移前的数据"
    old.close()
    s.close()


def test_failed_migration_leaves_database_untouched(db_path, monkeypatch):
    Store(db_path).close()

    def broken(conn):
        conn.execute("CREATE TABLE half_done (id INTEGER)")
        raise sqlite3.OperationalError("disk I/O error")

    now = schema.CURRENT_VERSION
    monkeypatch.setattr(schema, "STEPS", [*schema.STEPS, (now + 1, broken)])
    monkeypatch.setattr(schema, "CURRENT_VERSION", now + 1)
    with pytest.raises(StoreError):
        Store(db_path)
    monkeypatch.undo()
    s = Store(db_path)
    assert s.user_version() == now
    assert not s.scalar("SELECT COUNT(*) FROM sqlite_master WHERE name = 'half_done'")
    s.close()


def test_a_released_v1_database_is_carried_to_the_current_schema(db_path):
    """A database made by the first release (schema 1) opens with every later step applied."""
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("BEGIN")
    schema.STEPS[0][1](conn)
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO campaigns(name, year, created_at, updated_at) VALUES ('旧专题', 2024, '', '')")
    conn.execute("COMMIT")
    conn.close()
    s = Store(db_path)
    assert s.user_version() == schema.CURRENT_VERSION and s.migrated_from == 1
    assert s.scalar("SELECT name FROM campaigns") == "旧专题"
    assert s.scalar("SELECT COUNT(*) FROM sqlite_master WHERE name = 'campaign_phases'") == 1
    s.close()


def test_a_v1_database_gains_the_doc_number_register(db_path, monkeypatch):
    monkeypatch.setattr(schema, "STEPS", schema.STEPS[:1])
    monkeypatch.setattr(schema, "CURRENT_VERSION", 1)
    s = Store(db_path)
    s.set_setting("marker", "v1")
    s.close()
    monkeypatch.undo()
    s = Store(db_path)
    assert s.user_version() >= 2 and s.migrated_from == 1 and s.get_setting("marker") == "v1"
    assert s.scalar("SELECT COUNT(*) FROM issued_documents") == 0
    s.close()


# ----- errors reach the user in Chinese -------------------------------------------------------
def test_read_only_file_gives_chinese_message(db_path):
    Store(db_path).close()
    if os.name == "posix" and os.geteuid() != 0:
        os.chmod(db_path, 0o444)
        make_read_only = None
    else:  # root ignores file modes: let SQLite itself refuse writes the same way
        def make_read_only(s):
            s.conn.execute("PRAGMA query_only = ON")
    try:
        with pytest.raises(StoreError) as err:
            s = Store(db_path)
            if make_read_only:
                make_read_only(s)
            s.set_setting("x", "1")
        assert err.value.kind == "readonly"
        assert "只读" in str(err.value) and "写入权限" in str(err.value)
    finally:
        os.chmod(db_path, 0o644)


def test_read_only_mode_refuses_changes(db_path):
    Store(db_path).close()
    s = Store(db_path, read_only=True)
    with pytest.raises(StoreError, match="只读"):
        s.set_setting("x", "1")
    s.close()


def test_corrupt_file_gives_chinese_message(tmp_path):
    bad = tmp_path / "坏文件.db"
    bad.write_bytes(b"this is not a database at all" * 200)
    with pytest.raises(StoreError) as err:
        Store(bad)
    assert err.value.kind == "corrupt"
    assert "已损坏" in str(err.value) and "备份" in str(err.value)


def test_locked_database_gives_chinese_message(db_path):
    s = Store(db_path)
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        s.conn.execute("PRAGMA busy_timeout = 50")
        with pytest.raises(StoreError) as err:
            s.set_setting("x", "1")
        assert err.value.kind == "locked"
        assert "占用" in str(err.value)
    finally:
        other.execute("ROLLBACK")
        other.close()
        s.close()


@pytest.mark.parametrize(("exc", "kind", "words"), [
    (sqlite3.OperationalError("database or disk is full"), "disk_full", "磁盘空间已满"),
    (OSError(28, "No space left on device"), "disk_full", "磁盘空间已满"),
    (sqlite3.OperationalError("attempt to write a readonly database"), "readonly", "只读"),
    (sqlite3.OperationalError("database is locked"), "locked", "其他程序占用"),
    (sqlite3.DatabaseError("database disk image is malformed"), "corrupt", "已损坏"),
    (sqlite3.OperationalError("unable to open database file"), "open", "无法打开"),
])
def test_known_sqlite_failures_are_translated(exc, kind, words):
    err = translate_error(exc, "/tmp/x.db")
    assert err.kind == kind and words in str(err) and "/tmp/x.db" in str(err)


def test_missing_folder_that_cannot_be_created_gives_message(tmp_path):
    blocker = tmp_path / "文件"
    blocker.write_text("x")
    with pytest.raises(StoreError) as err:
        Store(blocker / "子目录" / "a.db")
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(err.value))


# ----- normalising typed text ----------------------------------------------------------------
def test_full_width_digits_and_spaces_become_half_width():
    assert normalize_text("共２８９个问题　已整改１２０个") == "共289个问题 已整改120个"
    assert normalize_text("  第一行\r\n\r\n\r\n第二行  \n\n") == "第一行\n\n第二行"
    assert normalize_text("甲\n乙", multiline=False) == "甲 乙"
    assert normalize_text("意见，建议。") == "意见，建议。"  # Chinese punctuation is kept
    assert normalize_name(" 某某县　民政局 ") == "某某县民政局"
    assert to_halfwidth("２０２４－０１７") == "2024-017"


@pytest.mark.parametrize("text", ["2024-06-30", "2024/6/30", "2024.6.30", "2024年6月30日",
                                  "２０２４年６月３０日", " 2024 - 06 - 30 ", "20240630", "2024年6月30号"])
def test_dates_in_the_usual_formats(text):
    assert parse_date(text) == date(2024, 6, 30)


def test_bad_dates_say_why():
    assert parse_date("") is None and parse_date(None) is None
    with pytest.raises(DateError, match="没有2月30日"):
        parse_date("2024-02-30")
    with pytest.raises(DateError, match="无法识别"):
        parse_date("6月底")


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31)),
       st.sampled_from(["{y}-{m:02d}-{d:02d}", "{y}/{m}/{d}", "{y}.{m}.{d}", "{y}年{m}月{d}日"]))
def test_parse_date_round_trip(d, pattern):
    text = pattern.format(y=d.year, m=d.month, d=d.day)
    assert parse_date(text) == d
    assert parse_date(d.isoformat()) == d


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60))
def test_normalize_text_is_idempotent(text):
    once = normalize_text(text)
    assert normalize_text(once) == once
    one_line = normalize_text(text, multiline=False)
    assert "\n" not in one_line and normalize_text(one_line, multiline=False) == one_line


_AWKWARD = st.sampled_from([" ", "  ", "\u3000", "\u00a0", "\t", "\r", "\n", "\u2002", "\u2009", "\u200b",
                            "\ufeff", "\x01", "\x85", "\u202e", "\ufdd0", "\uff11", "\uff21", "中", "a", "，"])


_PLAIN = st.sampled_from(["中", "a", "，", "\uff21", "1"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_AWKWARD, max_size=8) | st.tuples(_AWKWARD, st.lists(_PLAIN, max_size=3), _AWKWARD).map(lambda t: [t[0], *t[1], t[2]])
       | st.text(st.characters(codec="utf-8", exclude_categories=("Cs",))), st.booleans())
@example([" ", "中"], True)
@example(["中", " "], False)
@example(["中", "  ", "国"], True)
def test_normalize_text_takes_its_shortcut_only_for_text_it_would_leave_alone(parts, multiline):
    from models.normalize import _cleaned

    text = "".join(parts)
    assert normalize_text(text, multiline=multiline) == _cleaned(text, multiline)


# ----- demo data ------------------------------------------------------------------------------
def test_demo_covers_every_value_and_has_past_deadlines(store):
    today = date(2026, 11, 23)
    cid = demo.fill_demo(store, today=today)
    rows = store.query("SELECT * FROM problems WHERE campaign_id = ?", (cid,))
    assert len(rows) >= 60
    assert store.scalar("SELECT COUNT(DISTINCT lead_unit_id) FROM problems") >= 10
    for key, values in (("source", vocab.SOURCES), ("category", vocab.DEFAULT_CATEGORIES),
                        ("kind", vocab.KINDS), ("status", vocab.STATUSES)):
        assert set(values) <= {r[key] for r in rows}, key
    assert any(r["deadline"] and r["deadline"] < today.isoformat() for r in rows)
    assert any(r["deadline"] and r["deadline"] > today.isoformat() for r in rows)
    assert all(r["supervisor_unit_id"] for r in rows)
    assert store.scalar("SELECT COUNT(DISTINCT problem_id) FROM problem_units") >= 40
    assert any("条例》第" in r["legal_basis"] for r in rows)
    kinds = {r["kind"] for r in store.query("SELECT kind FROM units")}
    assert set(vocab.UNIT_KINDS) <= kinds
    # every state change is in the history
    for r in rows:
        if r["status"] != vocab.STATUS_PENDING:
            assert store.scalar("SELECT COUNT(*) FROM audit_log WHERE problem_id = ? AND field = 'status'",
                                (r["id"],))


def test_demo_is_deterministic(tmp_path):
    today = date(2026, 11, 23)

    def snapshot(name):
        s = Store(tmp_path / name)
        demo.fill_demo(s, today=today)
        out = s.query("SELECT number, status, progress, deadline, description FROM problems ORDER BY number")
        s.close()
        return out

    first = snapshot("a.db")
    assert first == snapshot("b.db")
    assert Counter(r["status"] for r in first)[vocab.STATUS_IN_PROGRESS] > 10


def test_demo_database_is_only_ever_created_new(tmp_path):
    mine = tmp_path / "我的数据.db"
    s = Store(mine)
    s.set_setting("marker", "用户自己的数据")
    s.close()
    before = mine.read_bytes()
    with pytest.raises(StoreError, match="已存在"):
        demo.create_demo_database(mine)
    assert mine.read_bytes() == before
    fresh = demo.create_demo_database(tmp_path / "新演示.db")
    assert fresh.scalar("SELECT COUNT(*) FROM problems") >= 60
    fresh.close()
