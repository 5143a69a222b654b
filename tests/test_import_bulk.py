"""The import's bulk write (models/exchange/bulk_write.py) writes what the row-by-row path writes:
the same problems, units, search rows, article links, 销号核查, first progress reports, history
(留痕) and exchange change log, in the same order."""
from __future__ import annotations

from pathlib import Path

from models.exchange import importer, preview
from models.lists import demo_data, regulations
from models.search import match_expression
from models.store import Store
from models.sync.identity import SITE_ID
from tests.exchange_books import book, campaign, load, plan_creating_all, units

HEADER = ["序号", "问题来源", "问题描述", "责任单位", "配合单位", "督办部门", "整改时限", "状态", "整改措施",
          "整改进展", "法条依据", "完成百分比"]
LAW = "《某某市养老服务促进条例》第六条"
ROWS = [
    ["2024-007", "专题调研", "城关镇敬老院消防设施不达标，灭火器过期", "县民政局", "县消防救援大队、县住建局",
     "社会建设委员会", "2024-12-31", "整改中", "更换灭火器，开展消防演练", "已完成一半", LAW, "50%"],
    [None, "群众反映", "幸福院大门长期上锁，老人无法进入", "县新设单位（牵头）、县民政局", None, None, "6月底",
     None, None, None, None, None],
    [None, "执法检查", "助餐点食品留样缺失，台账不全", "县市场监管局", "县民政局", None, "年底前", "已销号",
     "建立留样制度", "已整改到位", "第六条", None],
    ["2024-009", "暗访调查", "护理员持证率低，培训未落实到岗位", "县人社局", "县民政局、县卫健委", "社会建设委员会",
     "2024-09-30", "申请销号", "组织集中培训", "持证率提高到80%", LAW + "、《某某市养老服务促进条例》第九条",
     "80"],
    [None, "代表建议", "适老化改造进度慢，资金拨付不及时", "县民政局", None, None, "立行立改", "持续整改",
     "督促拨付资金", None, None, None],
]


def _database(tmp_path: Path, name: str, bulk: bool) -> Store:
    store = Store(tmp_path / f"{name}.db")
    store.set_setting(SITE_ID, "site-test")   # both files as one office
    cid = campaign(store)
    units(store, "县民政局", "县消防救援大队", "县住建局", "县市场监管局", "县人社局", "县卫健委")
    units(store, "社会建设委员会", kind="人大机关/专门委员会")
    regulations.import_regulation(store, demo_data.REGULATION_TEXT, issuer="示例县人大常委会")
    path = book(tmp_path / f"{name}.xlsx", ROWS, header=HEADER)
    table, texts, cols, ex = load(store, path)
    plan = plan_creating_all(store, ex)
    pv = preview.build_preview(store, cid, ex, plan)
    for r in pv.rows:
        r.include = not r.errors
    importer.run_import(store, pv, file_name="清单.xlsx", sheet=table.name, header_texts=texts, mapping=cols,
                        bulk=bulk, backup=False)
    return store


def _dump(store: Store) -> dict[str, list]:
    """Every table the import writes, without the times and the random uuids (named by row instead)."""
    uuid_of = {u: (t, i) for u, t, i in store.query_rows("SELECT uuid, tbl, local_id FROM sync_rows")}
    q = store.query_rows
    return {
        "problems": q("SELECT id, campaign_id, number, source, category, place, description, suggestion, legal_basis,"
                      " lead_unit_id, supervisor_unit_id, kind, deadline, status, progress, notes, import_id,"
                      " coop_label FROM problems ORDER BY id"),
        "problem_units": q("SELECT * FROM problem_units ORDER BY problem_id, position"),
        "search": q("SELECT rowid, grams FROM problem_search ORDER BY rowid"),
        "refs": q("SELECT problem_id, position, regulation_id, article_id, citation, article_text "
                  "FROM problem_legal_refs ORDER BY problem_id, position"),
        "closure": q("SELECT id, problem_id, checked_by, check_date, opinion, no_evidence_reason, closed_by "
                     "FROM closure_checks ORDER BY id"),
        "reports": q("SELECT id, problem_id, report_date, unit_id, measures, result, percent, requests_closing "
                     "FROM progress_reports ORDER BY id"),
        "units": q("SELECT id, name, kind FROM units ORDER BY id"),
        "audit": q("SELECT id, user, entity, entity_id, problem_id, action, field, old_value, new_value "
                   "FROM audit_log ORDER BY id"),
        "sync_rows": q("SELECT tbl, local_id, origin_site FROM sync_rows ORDER BY rowid"),
        "change_log": [(site, seq, op, uuid_of.get(u), field, old, new, meta, who) for site, seq, op, u, field, old,
                       new, meta, who in q("SELECT site, seq, op, uuid, field, old, new, meta, who FROM change_log "
                                           "ORDER BY site, seq")],
        "imports": q("SELECT id, campaign_id, file_name, sheet, user, row_count, last_audit_id FROM imports"),
    }


def test_bulk_import_writes_what_the_row_by_row_import_writes(tmp_path):
    one_by_one = _database(tmp_path, "row_by_row", bulk=False)
    bulk = _database(tmp_path, "bulk", bulk=True)
    expected, got = _dump(one_by_one), _dump(bulk)
    # the workbook exercises every kind of row the import writes
    assert len(expected["problems"]) == 5
    assert [r[13] for r in expected["problems"]] == ["整改中", "待交办", "已销号", "申请销号", "整改中"]
    assert len(expected["closure"]) == 1 and len(expected["reports"]) == 3 and len(expected["refs"]) == 3
    assert any(r[1] == "县新设单位" for r in expected["units"])
    assert [r[2] for r in expected["change_log"]].count("insert") >= 5 + 1 + 3
    for table in expected:
        assert got[table] == expected[table], table
    for store in (one_by_one, bulk):
        # searchable as the ledger searches, units included
        ids = store.column("SELECT rowid FROM problem_search WHERE problem_search MATCH ?",
                           (match_expression("留样"),))
        assert len(ids) == 1
        one_by_one_undo = importer.undo_import(store, importer.last_import(store, 1)["id"], backup=False)
        assert one_by_one_undo == 5 and store.scalar("SELECT COUNT(*) FROM problems") == 0
        store.close()


def test_the_rows_an_import_adopts_get_uuids_in_the_order_they_are_made(tmp_path):
    """Version-7 uuids (time, one random draw per batch, a counter): unique, in change-log order, so
    the change log's and sync_rows' indexes take them at their end."""
    import uuid

    store = _database(tmp_path, "bulk", bulk=True)
    made = store.column("SELECT uuid FROM change_log WHERE op = 'insert' AND tbl IN ('problems', "
                        "'progress_reports', 'closure_checks') ORDER BY seq")
    assert len(made) == 5 + 3 + 1 and made == sorted(made) and len(set(made)) == len(made)
    assert all(uuid.UUID(u).version == 7 and uuid.UUID(u).variant == uuid.RFC_4122 for u in made)
    assert set(made) <= set(store.column("SELECT uuid FROM sync_rows"))
    store.close()
