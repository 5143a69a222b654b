"""Word documents from the window: menus, the letter options, the bulletin editor, the settings dialog."""
from __future__ import annotations

import pytest
from docx import Document
from PySide6.QtWidgets import QPushButton

from models.documents import doc_settings, docx_style
from ui.documents import files
from ui.documents import word as documents


@pytest.fixture
def messages(monkeypatch):
    said: list[tuple[str, str]] = []
    monkeypatch.setattr(files, "show_info", lambda parent, title, text: said.append(("info", text)))
    monkeypatch.setattr(files, "show_error", lambda parent, title, text: said.append(("error", text)))
    from ui.dialogs import messages as boxes  # the one runner's refusals

    monkeypatch.setattr(boxes, "warn", lambda parent, title, text: said.append(("error", text)))
    monkeypatch.setattr(boxes, "inform", lambda parent, title, text: said.append(("info", text)))
    return said


@pytest.fixture
def batch(window):
    from models.demo import fill_demo
    from models.workflow.handover import HandoverForm, create_batch

    cid = fill_demo(window.store)
    window.reload_campaigns(cid)
    ids = window.store.column("SELECT id FROM problems WHERE campaign_id = ? AND status = '待交办' ORDER BY number",
                              (cid,))
    bid = create_batch(window.store, cid, HandoverForm(doc_number="某县人常办〔2024〕3号", handover_date="2024-06-30",
                                                       occasion="联动监督问题交办会", default_deadline="2024-12-31"), ids)
    window.notify_changed()
    return bid, ids


def accept_with(monkeypatch, fill=lambda d: None):
    def run(dialog):
        fill(dialog)
        return True
    monkeypatch.setattr(documents, "run_dialog", run)


def test_menu_entries_and_batch_button(window):
    export = [a.text() for a in window.menu("export").actions()]
    for text in ("生成交办函…", "编辑并导出简报…", "导出销号审批表…", "导出满意度测评表…", "导出测评结果表…"):
        assert text in export
    assert "公文格式设置…" in [a.text() for a in window.menu("tools").actions()]
    # the 交办批次 page gets its own "生成交办函…" button
    assert window.batches_page.findChild(QPushButton, "make_letter_button") is not None


def test_one_letter_to_the_main_recipient(window, batch, tmp_path, monkeypatch, messages):
    bid, ids = batch
    target = tmp_path / "交办函.docx"
    monkeypatch.setattr(files, "get_save_file_name", lambda *a: str(target))

    def fill(dialog):
        dialog.addressee.setText("某某县人民政府")
        dialog.date.setText("2024年7月1日")
    accept_with(monkeypatch, fill)
    assert documents.make_letters(window, bid) == [target]
    doc = Document(str(target))
    texts = [p.text for p in doc.paragraphs]
    assert "某某县人民政府：" in texts and "某县人常办〔2024〕3号" in texts and "2024年7月1日" in texts
    assert len(doc.tables[0].rows) == len(ids) + 1
    # the font notice comes once per session
    assert messages[-1][0] == "info" and "已生成" in messages[-1][1]
    first_had_fonts = "字体提示" in messages[-1][1]
    documents.make_letters(window, bid)
    assert "字体提示" not in messages[-1][1]
    assert first_had_fonts == bool(docx_style.font_warnings(["仿宋_GB2312", "黑体", "楷体_GB2312", "宋体", "方正小标宋简体"]))


def test_one_letter_per_lead_unit_in_letter_form(window, batch, tmp_path, monkeypatch, messages):
    bid, ids = batch
    monkeypatch.setattr(documents, "choose_folder", lambda *a: str(tmp_path))

    def fill(dialog):
        dialog.date.setText("2024-07-01")
        dialog.per_unit.setChecked(True)
        dialog.letter_form.setChecked(True)
        # the numbers are shown before writing: the batch's own, then the next free ones
        assert dialog.numbers_note.text().startswith("某县人常办〔2024〕3号、某县人常办〔2024〕4号")
    accept_with(monkeypatch, fill)
    paths = documents.make_letters(window, bid)
    units = set(window.store.column(
        "SELECT DISTINCT u.name FROM problems p JOIN units u ON u.id = p.lead_unit_id "
        "WHERE p.id IN (SELECT value FROM json_each(?))", (str(ids),)))
    assert len(paths) == len(units) and all(p.exists() for p in paths)
    rows = 0
    for p in paths:
        doc = Document(str(p))
        assert doc.sections[0].different_first_page_header_footer  # 信函格式
        rows += len(doc.tables[0].rows) - 1
    assert rows == len(ids)
    # each letter is its own 发文 with its own 文号, numbered on from the batch's
    numbers = sorted(next(p.text for p in Document(str(x)).paragraphs if "〔2024〕" in p.text) for x in paths)
    assert sorted(numbers) == sorted(f"某县人常办〔2024〕{n}号" for n in range(3, 3 + len(paths)))


def test_a_taken_number_is_refused_in_the_dialog(window, batch, tmp_path, monkeypatch, messages):
    from models.workflow.handover import HandoverForm, create_batch

    monkeypatch.setattr(documents, "choose_folder", lambda *a: str(tmp_path))
    bid, ids = batch
    other = window.store.column("SELECT id FROM problems WHERE status = '整改中' LIMIT 1")
    create_batch(window.store, window.campaign_id, HandoverForm(doc_number="某县人常办〔2024〕9号",
                                                                handover_date="2024-08-01", occasion="补充交办"), other)
    seen = {}

    def fill(dialog):
        dialog.date.setText("2024-07-01")
        dialog.per_unit.setChecked(True)
        dialog.choose_number.setChecked(True)
        dialog.first_number.setValue(9)
        seen["note"] = dialog.numbers_note.text()
        seen["ok"] = dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
    accept_with(monkeypatch, fill)
    assert documents.make_letters(window, bid) == []
    assert "某县人常办〔2024〕9号" in seen["note"] and "补充交办" in seen["note"] and not seen["ok"]


def test_first_letter_asks_for_the_office_names_once(window, tmp_path, monkeypatch, messages):
    from models.campaigns import create_campaign
    from models.domain import Campaign, Unit
    from models.problems import ProblemForm, insert_problem, validate_form
    from models.units import create_unit
    from models.workflow.handover import HandoverForm, create_batch
    from ui.documents.dialogs import DocSettingsDialog

    cid = create_campaign(window.store, Campaign(name="养老服务", year=2026, level="县"))
    create_unit(window.store, Unit(name="新安县民政局", kind="政府部门"))
    pid = insert_problem(window.store, validate_form(window.store, ProblemForm(
        number="2026-001", source="专题调研", description="敬老院消防设施老化", kind="立行立改",
        lead_unit="新安县民政局"), campaign_id=cid))
    bid = create_batch(window.store, cid, HandoverForm(occasion="交办会", handover_date="2026-07-01"), [pid])
    asked = []

    def run(dialog):
        if isinstance(dialog, DocSettingsDialog):
            asked.append(dialog)
            assert dialog.first_letter and dialog.edits["organ"].text() == ""
            assert dialog.edits["organ"].placeholderText().startswith("例如")   # a grey hint, not a value
            assert dialog.save() is False and dialog.errors["organ"].text() == "请填写发文机关标志。"
            for key, value in (("organ", "新安县人大常委会办公室"), ("signature", "新安县人大常委会办公室"),
                               ("issuer", "新安县人大常委会办公室"), ("doc_prefix", "新人常办"),
                               ("contact", "王芳，0379-1234567")):
                dialog.edits[key].setText(value)
            return dialog.save()
        return True
    monkeypatch.setattr(documents, "run_dialog", run)
    target = tmp_path / "交办函.docx"
    monkeypatch.setattr(files, "get_save_file_name", lambda *a: str(target))
    assert documents.make_letters(window, bid) == [target]
    texts = [p.text for p in Document(str(target)).paragraphs]
    assert texts[0] == "新安县人大常委会办公室" and "新人常办〔2026〕1号" in texts
    assert "（联系人及电话：王芳，0379-1234567）" in texts
    documents.make_letters(window, bid)
    assert len(asked) == 1      # asked once


def test_one_letter_to_all_lead_units(window, batch, tmp_path, monkeypatch, messages):
    bid, ids = batch
    target = tmp_path / "交办函.docx"
    monkeypatch.setattr(files, "get_save_file_name", lambda *a: str(target))
    accept_with(monkeypatch, lambda d: d.to_units.setChecked(True))
    assert documents.make_letters(window, bid) == [target]
    doc = Document(str(target))
    addressee = next(p.text for p in doc.paragraphs if p.text.endswith("：") and "、" in p.text)
    from models.documents import letter_data
    assert addressee == letter_data.addressee_line(letter_data.batch_lead_units(window.store, bid)) + "："
    assert len(doc.tables[0].rows) == len(ids) + 1


def test_existing_file_is_not_replaced_without_asking(window, batch, tmp_path, monkeypatch, messages):
    bid, _ = batch
    monkeypatch.setattr(documents, "choose_folder", lambda *a: str(tmp_path))
    accept_with(monkeypatch, lambda d: d.per_unit.setChecked(True))
    first = documents.make_letters(window, bid)
    first[0].write_bytes(b"old")
    monkeypatch.setattr(files, "ask_yes_no", lambda *a: False)
    assert documents.make_letters(window, bid) == []
    assert first[0].read_bytes() == b"old"


def test_bulletin_editor_text_goes_to_the_file(window, batch, tmp_path, monkeypatch, messages):
    target = tmp_path / "简报.docx"
    monkeypatch.setattr(files, "get_save_file_name", lambda *a: str(target))

    def fill(editor):
        assert "已交办" in editor.body.toPlainText()  # filled from the overview figures
        editor.issue.setValue(44)
        assert editor.series_preview.text().endswith("（四十四）")
        editor.body.setPlainText(editor.body.toPlainText() + "\n县人大常委会将组织开展满意度测评。")
    accept_with(monkeypatch, fill)
    assert documents.make_bulletin(window) == target
    texts = [p.text for p in Document(str(target)).paragraphs]
    assert texts[0].endswith("联动监督专辑（四十四）")
    assert "县人大常委会将组织开展满意度测评。" in texts
    assert window.store.get_setting("doc.last_issue") == "44"


def test_settings_dialog_saves_and_refuses_bad_values(window, monkeypatch, messages):
    accept_with(monkeypatch, lambda d: (d.edits["organ"].setText("某某县人大常委会"), d.accept()))
    documents.edit_settings(window)
    assert doc_settings.load(window.store).organ == "某某县人大常委会"
    from ui.documents.dialogs import DocSettingsDialog

    dialog = DocSettingsDialog(window.store, window)
    dialog.edits["signature"].setText("某某县人大常委会办公室")
    assert dialog.save() is False
    # said under the field itself, not in a message box
    assert not [m for m in messages if m[0] == "error"]
    assert "同一机关" in dialog.errors["signature"].text() and not dialog.errors["signature"].isHidden()
    assert doc_settings.load(window.store).signature == ""
    dialog.edits["signature"].setText("某某县人大常委会")  # typing clears the error line
    assert dialog.errors["signature"].isHidden()
    dialog.edits["report_day"].setText("40")
    assert dialog.save() is False and "1 到 31" in dialog.errors["report_day"].text()
