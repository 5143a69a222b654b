"""佐证材料 files are kept safe by the backups (shared 附件库) and put back by a restore."""
from __future__ import annotations

import pytest

from models.safety import backup, restore, vault
from models.workflow import attachments, handover, progress
from models.workflow.handover import HandoverForm
from models.workflow.progress import ReportForm
from tests.workflow_data import seed


@pytest.fixture
def evidence(store, tmp_path):
    """A problem with two attachment files; returns (problem id, [attachment rows])."""
    cid, (pid, *_) = seed(store, 1)
    handover.create_batch(store, cid, HandoverForm(doc_number="某县人常办〔2024〕1号", handover_date="2024-03-01"), [pid])
    files = []
    for name, text in (("现场照片说明.txt", "照片 12 张"), ("验收意见.txt", "验收合格")):
        f = tmp_path / name
        f.write_text(text, encoding="utf-8")
        files.append(str(f))
    progress.add_report(store, pid, ReportForm(report_date="2024-04-01", unit="某县民政局", measures="整改",
                                               attachments=files))
    return pid, attachments.list_attachments(store, pid)


def test_backup_keeps_each_file_once(store, db_path, evidence, monkeypatch):
    _, rows = evidence
    backup.make_backup(store, backup.REASON_MANUAL)
    for row in rows:
        assert vault.vault_file(db_path, row["sha256"]).read_bytes() == \
            attachments.absolute_path(store, row).read_bytes()
    copies = []
    real = vault._copy_checked
    monkeypatch.setattr(vault, "_copy_checked", lambda *a: copies.append(a) or real(*a))
    backup.make_backup(store, backup.REASON_MANUAL)
    assert copies == []                       # the second backup copies no file again
    assert len(list(vault.vault_dir(db_path).glob("*/*"))) == 2


def test_restore_puts_back_missing_and_changed_files(store, db_path, evidence):
    pid, (photo, report) = evidence
    old = backup.make_backup(store, backup.REASON_MANUAL)
    attachments.absolute_path(store, photo).unlink()
    attachments.absolute_path(store, report).write_text("被人改过", encoding="utf-8")
    assert attachments.check_file(store, photo).startswith("附件文件不存在")
    result = restore.restore_into(store, old)
    assert attachments.check_file(store, photo) == attachments.check_file(store, report) == ""
    assert (result.files.copied, result.files.present) == (2, 0)
    [aside] = result.files.kept_aside
    assert aside.startswith("验收意见（恢复前被改动的文件 ")
    assert (attachments.absolute_path(store, report).parent / aside).read_text(encoding="utf-8") == "被人改过"
    assert result.files.summary().startswith("放回了 2 个缺失或被改动的佐证材料文件；被改动的 1 个文件已改名保留")


def test_file_changed_before_the_backup_is_reported_not_fatal(store, db_path, evidence):
    _, (photo, report) = evidence
    attachments.absolute_path(store, photo).write_text("改了", encoding="utf-8")
    path = backup.make_backup(store, backup.REASON_MANUAL)
    assert path.is_file()
    assert not vault.vault_file(db_path, photo["sha256"]).exists()
    assert vault.vault_file(db_path, report["sha256"]).exists()
    attachments.absolute_path(store, report).unlink()
    result = restore.restore_into(store, path)
    assert result.files.missing == ["现场照片说明.txt"] and result.files.copied == 1
    assert "1 个佐证材料文件在备份中也没有，无法放回（现场照片说明.txt）" in result.files.summary()


def test_rotation_drops_files_no_backup_refers_to(store, db_path, evidence):
    pid, (photo, _report) = evidence
    backup.make_backup(store, backup.REASON_MANUAL)
    store.execute("DELETE FROM attachments WHERE id = ?", (photo["id"],))
    for _ in range(backup.KEEP_LATEST):
        backup.make_backup(store, backup.REASON_MANUAL)
    # the oldest backup (the only one with the photo) was rotated away, and its file with it
    assert len(backup.list_backups(db_path)) == backup.KEEP_LATEST
    assert not vault.vault_file(db_path, photo["sha256"]).exists()
    assert len(list(vault.vault_dir(db_path).glob("*/*"))) == 1


def test_damaged_database_restored_with_its_files(store, db_path, evidence):
    _, (photo, _report) = evidence
    good = backup.make_backup(store, backup.REASON_MANUAL)
    live = attachments.absolute_path(store, photo)
    store.close()
    live.unlink()
    restore.restore_file(db_path, good)
    assert live.read_text(encoding="utf-8") == "照片 12 张"


def test_database_moved_without_its_folder_still_opens_its_files(store, db_path, evidence, tmp_path):
    """A copy of the .db carried to another folder finds its 佐证材料 in the backups' 附件库."""
    import shutil

    from models.store import Store

    _, (photo, _report) = evidence
    backup.make_backup(store, backup.REASON_MANUAL)
    moved_dir = tmp_path / "U盘"
    moved_dir.mkdir()
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy2(db_path, moved_dir / db_path.name)
    shutil.copytree(backup.backup_dir(db_path), backup.backup_dir(moved_dir / db_path.name))
    moved = Store(moved_dir / db_path.name)
    try:
        assert attachments.check_file(moved, photo).startswith("附件文件不存在")
        path = attachments.file_to_open(moved, photo)       # what 打开 in the detail dialog uses
        assert path.name == photo["file_name"] and path.parent.parent == attachments.attachments_dir(moved)
        assert attachments.check_file(moved, photo) == ""   # put back, unchanged
    finally:
        moved.close()
