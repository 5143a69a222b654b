"""逾期 means one thing on every page: handed over, still open, past its deadline. A 待交办 problem past
its planned date is a reminder of its own (待交办已超过计划时限), never counted as 逾期."""
from __future__ import annotations

from datetime import date, timedelta

import overview_data as od
import pytest

from models.workflow import reminders
from ui.features.overview import show_reminders

pytestmark = pytest.mark.gui


def _town_with_one_done_and_one_unhanded(store) -> int:
    """柳林镇: one problem handed over and closed, one never handed over and past its planned date."""
    cid = od.campaign(store)
    from models import units
    from models.domain import Unit
    units.create_unit(store, Unit(name="某某县柳林镇人民政府", short_name="柳林镇", kind="乡镇/街道"))
    past = (date.today() - timedelta(days=20)).isoformat()
    done = od.problem(store, cid, "L1", "柳林镇", deadline=past)
    od.hand_over(store, cid, [done], day=(date.today() - timedelta(days=60)).isoformat())
    od.close(store, done, day=(date.today() - timedelta(days=30)).isoformat())
    od.problem(store, cid, "L2", "柳林镇", deadline=past)          # 待交办, past the planned date
    late = od.problem(store, cid, "M1", "县民政局", deadline=past)  # handed over, open, past: 逾期
    od.hand_over(store, cid, [late], day=(date.today() - timedelta(days=60)).isoformat())
    return cid


def test_overview_unit_row_never_shows_overdue_next_to_full_rate(window, qtbot):
    cid = _town_with_one_done_and_one_unhanded(window.store)
    window.reload_campaigns(select_id=cid)
    page = window.show_page("overview")
    qtbot.waitUntil(lambda: page.data is not None and page.data.campaign_id == cid)
    table = page.tables["unit"]
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    rows = {table.item(r, 0).text(): [table.item(r, c).text() for c in range(table.columnCount())]
            for r in range(table.rowCount())}
    town = dict(zip(headers, rows["柳林镇"], strict=True))
    assert town["整改率"] == "100.0%" and town["已逾期"] == "0"
    assert dict(zip(headers, rows["县民政局"], strict=True))["已逾期"] == "1"
    assert page.cards["overdue"].value_label.text() == "1"
    assert page.cards["pending_late"].value_label.text() == "1"
    assert page.cards["pending_late"].title_label.text() == "待交办超期"


def test_reminders_list_unhanded_problems_apart_from_overdue(window, qtbot):
    cid = _town_with_one_done_and_one_unhanded(window.store)
    window.reload_campaigns(select_id=cid)
    digest = reminders.digest(window.store, cid)
    assert [i["number"] for i in digest.overdue.items] == ["M1"]
    assert [i["number"] for i in digest.pending_late.items] == ["L2"]
    dialog = show_reminders(window)
    qtbot.addWidget(dialog)
    titles = [dialog.tree.topLevelItem(i).text(0) for i in range(dialog.tree.topLevelItemCount())]
    assert titles[:2] == ["已逾期（1）", "待交办已超过计划时限（1）"]
    # group titles span the row, so "本月（N月）未报送进展的单位" reads whole
    assert all(dialog.tree.topLevelItem(i).isFirstColumnSpanned() for i in range(len(titles)))
    assert "待交办已超过计划时限1项" in dialog.headline.text()
    dialog.open_in_ledger("pending_late")
    page = window.page("ledger")
    assert window.current_page_key() == "ledger" and page.model.rowCount() == 1
    dialog.close()


def test_impossible_deadlines_are_warned_not_refused(window, qtbot, warning_answers):
    from test_ui_dialogs import fill, open_new

    from ui.workflow.handover_dialog import HandoverDialog

    cid = od.campaign(window.store, year=2026)
    window.reload_campaigns(select_id=cid)
    dialog = open_new(window, qtbot)
    fill(dialog, lead="县民政局", deadline="2024-06-30")
    warning_answers.keep = True                          # 返回修改: nothing saved, the dialog stays
    assert not dialog.save() and dialog.isVisible()
    assert warning_answers[-1] == ["整改时限 2024-06-30 不在本专题的年度内（2026年专题，时限通常在 2026—2027 年）"]
    assert window.store.scalar("SELECT COUNT(*) FROM problems") == 0
    warning_answers.keep = False                         # 仍然保存: a warning never refuses
    assert dialog.save()
    pid = dialog.saved_id
    number = window.store.scalar("SELECT number FROM problems WHERE id = ?", (pid,))
    handover = window.workflow_actions.open_handover([pid])
    qtbot.addWidget(handover)
    assert isinstance(handover, HandoverDialog)
    handover.doc_number.setText("某县人常办〔2026〕3号")
    handover.date_edit.setText("2026-03-01")
    warning_answers.keep = True
    assert not handover.save()                           # the problem keeps 2024-06-30: said before 交办
    assert warning_answers[-1] == [f"问题 {number}的整改时限 2024-06-30 早于交办日期 2026-03-01",
                                   f"问题 {number}的整改时限 2024-06-30 不在本专题的年度内（2026年专题，"
                                   "时限通常在 2026—2027 年）"]
    handover.set_deadline(pid, "2026-09-30")            # corrected for this handover: no question
    asked = len(warning_answers)
    assert handover.save()
    assert len(warning_answers) == asked
    assert window.store.scalar("SELECT status FROM problems WHERE id = ?", (pid,)) == "整改中"
