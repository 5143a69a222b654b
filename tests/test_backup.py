"""Backups: where they go, what they hold, rotation, daily backup, restore into the open file."""
from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

import pytest
from safety_data import add_problem, problem_count, seed

from models import schema
from models.safety import backup, restore
from models.store import Store, StoreError


def test_backup_goes_beside_the_database_with_time_and_reason(store, db_path):
    cid = seed(store)
    add_problem(store, cid, 1)
    before = datetime.now().replace(microsecond=0)
    path = backup.make_backup(store, backup.REASON_IMPORT)
    after = datetime.now()
    assert path.parent == db_path.parent / "测试_备份"
    stamp, reason, _ = backup.parse_name(path)
    assert reason == "导入前"
    assert before <= stamp <= after   # the time the backup was made, however long it took
    # a self-contained file: no -wal/-shm beside it, readable while the store stays open
    assert not path.with_name(path.name + "-wal").exists()
    add_problem(store, cid, 2)
    [info] = backup.list_backups(db_path, with_counts=True)
    assert (info.campaigns, info.problems, info.reason) == (1, 1, "导入前")
    assert info.when_text.startswith(stamp.strftime("%Y-%m-%d"))   # not now(): a run at midnight


def test_backups_in_the_same_second_get_distinct_names_newest_first(store, db_path):
    first = backup.make_backup(store, "手动 备份/测试")
    second = backup.make_backup(store, "手动 备份/测试")
    assert first != second and first.exists() and second.exists()
    assert "/" not in backup.parse_name(first)[1]
    assert [b.path for b in backup.list_backups(db_path)] == [second, first]


def test_backup_that_cannot_be_written_says_so_in_chinese(store, db_path):
    backup.backup_dir(db_path).write_text("这里有一个同名文件")   # the folder cannot be created
    with pytest.raises(StoreError) as err:
        backup.make_backup(store, "导入前")
    assert str(err.value).startswith("备份失败")


def _fabricate(db_path, template, when: datetime, reason="每日自动"):
    folder = backup.backup_dir(db_path)
    target = folder / f"{db_path.stem}_{when:%Y%m%d-%H%M%S}_{reason}.db"
    target.write_bytes(template.read_bytes())
    return target


def test_rotation_keeps_ten_newest_and_one_per_month(store, db_path):
    template = backup.make_backup(store, "模板", rotate_after=False)
    start = datetime(2024, 1, 3, 9, 0, 0)
    made = [_fabricate(db_path, template, start + timedelta(days=4 * i)) for i in range(60)]  # ~8 months
    template.unlink()
    stranger = backup.backup_dir(db_path) / "别人的文件.db"
    stranger.write_text("x")
    removed = backup.rotate(db_path)
    left = backup.list_backups(db_path)
    kept = {b.path for b in left}
    assert set(made[-10:]) <= kept
    months = {(b.taken_at.year, b.taken_at.month) for b in left}
    assert months == {(d.year, d.month) for d in (start + timedelta(days=4 * i) for i in range(60))}
    for month in months:   # the one kept per month is that month's newest
        newest = max(p for p in made if backup.parse_name(p)[0].timetuple()[:2] == month)
        assert newest in kept
    assert len(left) == len(set(made[-10:]) | {max(p for p in made if backup.parse_name(p)[0].timetuple()[:2] == m)
                                               for m in months})
    assert len(removed) == 60 - len(left)
    assert stranger.exists()
    # a new backup runs rotation again and keeps the count bounded
    backup.make_backup(store, "手动备份")
    assert len(backup.list_backups(db_path)) == len(left)


def test_daily_backup_at_most_once_a_day(store, db_path):
    assert backup.daily_backup(store) is not None
    assert backup.daily_backup(store) is None
    assert [b.reason for b in backup.list_backups(db_path)] == ["每日自动"]


def test_migration_copy_goes_into_the_backup_folder(db_path, monkeypatch):
    s = Store(db_path)
    seed(s)
    s.close()
    now = schema.CURRENT_VERSION  # one step more than the program has
    monkeypatch.setattr(schema, "STEPS", [*schema.STEPS, (now + 1, lambda conn: conn.execute("CREATE TABLE t2(x)"))])
    monkeypatch.setattr(schema, "CURRENT_VERSION", now + 1)
    s = Store(db_path)
    try:
        assert s.user_version() == now + 1
        assert s.pre_migration_copy.parent == backup.backup_dir(db_path)
        [info] = backup.list_backups(db_path, with_counts=True)
        assert (info.reason, info.version, info.campaigns) == (f"升级前v{now}", now, 1)
    finally:
        s.close()


def test_restore_keeps_current_copy_first_and_store_holds_backup(store, db_path):
    cid = seed(store)
    add_problem(store, cid, 1)
    old = backup.make_backup(store, "手动备份")
    for n in range(2, 6):
        add_problem(store, cid, n)
    steps = []
    safety = restore.restore_into(store, old, progress=lambda done, total: steps.append((done, total))).kept
    assert problem_count(store) == 1
    assert steps and steps[-1][0] == steps[-1][1]
    [info] = [b for b in backup.list_backups(db_path, with_counts=True) if b.path == safety]
    assert (info.reason, info.problems) == ("恢复前", 5)
    # the same store keeps working, and the change survives reopening
    add_problem(store, cid, 7)
    assert store.scalar("PRAGMA integrity_check") == "ok"
    assert store.scalar("PRAGMA journal_mode") == "wal"
    store.close()
    again = Store(db_path)
    assert problem_count(again) == 2
    # restoring the pre-restore copy brings the five problems back
    restore.restore_into(again, safety)
    assert problem_count(again) == 5
    again.close()


def test_restore_refuses_a_damaged_backup(store, db_path):
    seed(store)
    bad = backup.make_backup(store, "手动备份")
    data = bytearray(bad.read_bytes())
    data[100:4096 * 3] = b"\xff" * (4096 * 3 - 100)
    bad.write_bytes(bytes(data))
    with pytest.raises(StoreError) as err:
        restore.restore_into(store, bad)
    assert "已损坏" in str(err.value)
    assert store.scalar("SELECT count(*) FROM campaigns") == 1


def test_backup_file_is_opened_read_only(store, db_path):
    path = backup.make_backup(store, "手动备份")
    conn = backup.open_read_only(path)
    with pytest.raises(sqlite3.OperationalError):
        conn.execute("CREATE TABLE x(a)")
    conn.close()


def test_backups_in_one_second_keep_their_order_whatever_the_reason(store, db_path):
    made = [backup.make_backup(store, reason) for reason in ("每日自动", "导入前", "手动备份", "恢复前")]
    assert [b.path for b in backup.list_backups(db_path)] == made[::-1]
    assert backup.reason_text("导入前") == "导入数据前自动备份"


def test_restore_of_a_backup_with_another_page_size(store, db_path):
    cid = seed(store)
    add_problem(store, cid, 1)
    other = backup.make_backup(store, "手动备份")
    conn = sqlite3.connect(other)
    conn.execute("PRAGMA page_size = 8192")
    conn.execute("VACUUM")
    conn.close()
    add_problem(store, cid, 2)
    restore.restore_into(store, other)
    assert problem_count(store) == 1
    assert store.scalar("PRAGMA journal_mode") == "wal" and store.scalar("PRAGMA integrity_check") == "ok"
