"""A known office's key changes: the window shows both fingerprints and whom to phone; refusing changes
nothing, accepting records the new key and goes on to the change list. 关于 shows this office's key."""
from __future__ import annotations

import pytest
from sync_offices import counts, county_with_problems, wait_change_list

from models.sync import export, identity, keys, merge
from ui.dialogs import help as help_feature
from ui.sync import actions
from ui.sync.batch_dialog import ChangeListDialog
from ui.sync.key_dialog import KeyChangeDialog

pytestmark = pytest.mark.gui


@pytest.fixture
def city_window(window):
    identity.set_office(window.store, "某市人大常委会", "市")
    return window


def _new_key_package(tmp_path):
    county, _ = county_with_problems(tmp_path / "county.db", 2)
    export.export_package(county, to_office="某市人大常委会", out=tmp_path / "1.zip")
    old = identity.identity(county).fingerprint
    county.set_setting(identity.PRIVATE_KEY, keys.new_private_key())   # the county reinstalled
    from models.problems import ProblemForm, create_problem

    create_problem(county, ProblemForm(number="2026-009", source="专题调研", description="新建的敬老院未配消防栓", lead_unit="某县民政局",
                                       kind="限期整改", deadline="2026-12-31"),
                   campaign_id=county.scalar("SELECT id FROM campaigns"))
    export.export_package(county, to_office="某市人大常委会", out=tmp_path / "2.zip")
    return county, old, identity.identity(county).fingerprint


def _open(window, qtbot, path):
    actions.open_import(window, str(path))
    qtbot.waitUntil(lambda: window.findChild(KeyChangeDialog, "sync_key_change_dialog") is not None, timeout=20000)
    return window.findChild(KeyChangeDialog, "sync_key_change_dialog")


def test_a_changed_key_is_asked_about_and_refusing_changes_nothing(city_window, qtbot, tmp_path):
    window = city_window
    _county, old, new = _new_key_package(tmp_path)
    merge.import_package(window.store, tmp_path / "1.zip")
    before = counts(window.store)
    dialog = _open(window, qtbot, tmp_path / "2.zip")
    assert dialog.old_label.text() == old and dialog.new_label.text() == new and old != new
    text = " ".join(w.text() for w in dialog.findChildren(type(dialog.old_label)))
    assert "某县人大常委会" in text and "电话" in text and "帮助 → 关于" in text and "冒用" in text
    assert dialog.refuse_button.isDefault()
    dialog.refuse_button.click()
    qtbot.waitUntil(lambda: window.findChild(KeyChangeDialog, "sync_key_change_dialog") is None)
    assert counts(window.store) == before
    assert window.findChild(ChangeListDialog, "sync_change_list_dialog") is None


def test_accepting_the_checked_key_records_it_and_shows_the_change_list(city_window, qtbot, tmp_path):
    window = city_window
    county, _old, new = _new_key_package(tmp_path)
    merge.import_package(window.store, tmp_path / "1.zip")
    dialog = _open(window, qtbot, tmp_path / "2.zip")
    dialog.accept_button.click()
    changes = wait_change_list(window, qtbot)
    peer = window.store.query_one("SELECT public_key FROM sync_peers")
    assert keys.fingerprint(peer["public_key"]) == new
    assert window.store.scalar("SELECT count(*) FROM audit_log WHERE action = '确认更换签名密钥'") == 1
    assert any("新增问题：1 条" in changes.lines.item(i).text() for i in range(changes.lines.count()))
    changes.reject()


def test_about_shows_this_offices_fingerprint(city_window):
    text = help_feature.about_text(city_window)
    me = identity.identity(city_window.store)
    assert me.fingerprint and me.fingerprint in text and "某市人大常委会（市级）" in text
