"""交办函 content checked against the database: deadlines per kind, this office's letterhead for a
batch from above, the 文号 register, 主送 order, no placeholder office names, file properties."""
from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest
from docx import Document

from models.demo import fill_demo
from models.documents import doc_settings, exports
from models.documents import letter_data as L
from models.documents.letter import time_limit_sentence
from models.normalize import format_date_cn
from models.store import ValidationError
from models.workflow import doc_numbers
from models.workflow.handover import HandoverForm, create_batch

NUMBER = re.compile(r"^\S+〔\d{4}〕\d+号$")


@pytest.fixture
def demo(store):
    cid = fill_demo(store)
    return store, cid


def _sql_kinds(store, batch_id: int, lead_unit: str | None = None) -> dict[str, tuple[int, str, str, int]]:
    """{kind: (count, earliest, latest, how many without a date)} straight from SQL."""
    rows = store.query(
        "SELECT p.kind, COUNT(*) AS n, min(coalesce(i.deadline, p.deadline)) AS first, "
        "max(coalesce(i.deadline, p.deadline)) AS last, "
        "SUM(coalesce(i.deadline, p.deadline) IS NULL) AS undated FROM handover_items i "
        "JOIN problems p ON p.id = i.problem_id JOIN units u ON u.id = p.lead_unit_id "
        "WHERE i.batch_id = ? AND (? IS NULL OR u.name = ?) GROUP BY p.kind", (batch_id, lead_unit, lead_unit))
    return {r["kind"]: (r["n"], r["first"], r["last"], r["undated"]) for r in rows}


def _check_sentence(sentence: str, kinds: dict) -> None:
    total = sum(v[0] for v in kinds.values())
    assert f"本次交办的{total}个问题" in sentence
    for kind in ("立行立改", "限期整改", "长期整改"):
        if kind not in kinds:
            assert kind not in sentence
            continue
        n, first, last, undated = kinds[kind]
        clause = next(c for c in re.split("[；。]", sentence) if kind in c)
        if len(kinds) > 1:
            assert f"{kind}的{n}个" in clause
        dates = re.findall(r"\d{4}年\d{1,2}月\d{1,2}日", clause)
        if kind == "立行立改":
            assert "立即整改" in clause and not dates
        elif kind == "长期整改":
            assert "阶段目标" in clause and not dates        # no finish date for long-term work
        elif undated:
            assert not dates and "按附件所列时限" in clause
        elif first == last:
            assert dates == [format_date_cn(first)]
        else:
            assert dates == [format_date_cn(first), format_date_cn(last)] and "按附件所列时限" in clause


def test_deadline_sentence_agrees_with_sql_in_every_batch_and_letter(demo):
    store, _cid = demo
    for bid in store.column("SELECT id FROM handover_batches"):
        [one] = L.plan_letters(store, bid)
        _check_sentence(time_limit_sentence(one.problems), _sql_kinds(store, bid))
        for letter in L.plan_letters(store, bid, L.LetterOptions(mode=L.MODE_UNITS)):
            _check_sentence(time_limit_sentence(letter.problems), _sql_kinds(store, bid, letter.for_unit))


def test_demo_county_batch_deadline_is_not_a_long_term_date(demo):
    """The reported bug: the 限期整改 sentence took the latest deadline of any kind."""
    store, _cid = demo
    bid = store.scalar("SELECT id FROM handover_batches WHERE doc_number LIKE '%8号'")
    [one] = L.plan_letters(store, bid)
    sentence = time_limit_sentence(one.problems)
    long_last = store.scalar("SELECT max(coalesce(i.deadline, p.deadline)) FROM handover_items i JOIN problems p "
                             "ON p.id = i.problem_id WHERE i.batch_id = ? AND p.kind = '长期整改'", (bid,))
    assert long_last and format_date_cn(long_last) not in sentence


def test_one_kind_only(store):
    from models.documents.letter import LetterProblem

    items = [LetterProblem("1", "a", kind="立行立改", deadline="2026-08-01"),
             LetterProblem("2", "b", kind="立行立改", deadline="2026-09-01")]
    assert time_limit_sentence(items) == "本次交办的2个问题均为立行立改问题，请立即整改。"
    items = [LetterProblem("1", "a", deadline="2026-08-01"), LetterProblem("2", "b", deadline="2026-08-01")]
    assert time_limit_sentence(items) == "本次交办的2个问题均为限期整改问题，请于2026年8月1日前整改到位。"


def test_batch_from_above_goes_out_under_this_office(demo, tmp_path):
    store, _cid = demo
    s = doc_settings.load(store)
    bid = store.scalar("SELECT id FROM handover_batches WHERE organ = '某省人大常委会'")
    upper = store.scalar("SELECT doc_number FROM handover_batches WHERE id = ?", (bid,))
    for mode in L.MODES:
        for letter in L.plan_letters(store, bid, L.LetterOptions(mode=mode)):
            assert letter.organ == s.organ and letter.signature == doc_settings.organ_base(s.organ)
            assert letter.issuer == s.issuer
            assert doc_numbers.parts(letter.doc_number)[0] == s.doc_prefix != doc_numbers.parts(upper)[0]
            assert letter.upper_organ == "某省人大常委会" and letter.upper_number == upper
    [letter] = L.plan_letters(store, bid)
    written = exports.write_letters([letter], [tmp_path / "a.docx"], store=store, batch_id=bid)
    texts = [p.text for p in Document(str(written.paths[0])).paragraphs]
    assert texts[0] == s.organ and "某省人大常委会" not in texts[0]
    assert any("根据某省人大常委会" in t and f"（{upper}）" in t for t in texts)
    assert letter.doc_number in texts and upper not in texts


def test_doc_numbers_unique_across_batches_and_letters(demo, tmp_path):
    store, _cid = demo
    own = set(store.column("SELECT doc_number FROM handover_batches"))
    by_letter: dict[tuple, str] = {}
    for bid in store.column("SELECT id FROM handover_batches ORDER BY id"):
        for form in (False, True):
            for mode in L.MODES:
                letters = L.plan_letters(store, bid, L.LetterOptions(mode=mode, letter_form=form))
                targets = [tmp_path / f"{bid}-{form}-{mode}-{i}.docx" for i in range(len(letters))]
                written = exports.write_letters(letters, targets, store=store, batch_id=bid)
                assert not written.failed and written.paths == targets
                for letter, path in zip(letters, targets, strict=True):
                    printed = [p.text for p in Document(str(path)).paragraphs if NUMBER.match(p.text)]
                    assert printed == [letter.doc_number]
                    key = (bid, letter.addressee, letter.for_unit)
                    # the same letter in the other format keeps its number
                    assert by_letter.setdefault(key, letter.doc_number) == letter.doc_number
    numbers = list(by_letter.values())
    assert len(numbers) == len(set(numbers))
    # a batch's own number only on that batch's letter; the province's never
    for (bid, _to, _scope), number in by_letter.items():
        if number in own:
            assert store.scalar("SELECT doc_number FROM handover_batches WHERE id = ?", (bid,)) == number
    assert not any(n.startswith("某省") for n in numbers)
    rows = doc_numbers.register_rows(store)
    assert len(rows) == len(numbers) and all(r["title"] and r["issued_on"] for r in rows)


def test_a_taken_number_is_refused_naming_the_other_document(demo, tmp_path):
    store, cid = demo
    county = store.scalar("SELECT id FROM handover_batches WHERE doc_number LIKE '%8号'")
    with pytest.raises(ValidationError) as err:
        L.plan_letters(store, county, L.LetterOptions(mode=L.MODE_UNITS, first_number=10))
    assert "某县人常办〔2026〕15号" in str(err.value) and "联动监督问题补充交办" in str(err.value)
    # the batch's own number goes to its first letter; the others take the next free numbers,
    # after every one taken this year (15号 is the 补充交办's)
    letters = L.plan_letters(store, county, L.LetterOptions(mode=L.MODE_UNITS))
    serials = [doc_numbers.parts(x.doc_number)[2] for x in letters]
    assert serials == [8, *range(16, 15 + len(letters))]
    L.issue_letter(store, county, letters[0], tmp_path / "a.docx")
    # a new batch cannot take a number already issued to a letter
    pending = store.column("SELECT id FROM problems WHERE status = '待交办' LIMIT 1")
    with pytest.raises(ValidationError) as err:
        create_batch(store, cid, HandoverForm(doc_number=letters[0].doc_number, handover_date="2026-11-01",
                                              occasion="再次交办"), pending)
    assert "关于交办联动监督问题清单的函" in str(err.value) and letters[0].addressee in str(err.value)
    with pytest.raises(ValidationError):
        create_batch(store, cid, HandoverForm(doc_number="某县人常办〔2026〕15号", handover_date="2026-11-01",
                                              occasion="再次交办"), pending)


def test_addressees_in_office_order(demo):
    store, _cid = demo
    county = store.scalar("SELECT id FROM handover_batches WHERE doc_number LIKE '%8号'")
    kinds = {r["name"]: r["kind"] for r in store.query("SELECT name, kind FROM units")}
    [listed] = L.plan_letters(store, county, L.LetterOptions(mode=L.MODE_ALL, gather=False))
    names = listed.addressee.split("、")
    rank = {"人民政府": 0, "政府部门": 1, "乡镇/街道": 2}
    order = [rank.get(kinds[n], 3) for n in names]
    assert order == sorted(order) and kinds[names[0]] == "人民政府"
    [gathered] = L.plan_letters(store, county, L.LetterOptions(mode=L.MODE_ALL))
    assert len(names) > L.GATHER_OVER
    assert gathered.addressee == "某某县人民政府及有关部门、有关乡镇（街道）"


def test_new_database_holds_no_office_names(store):
    s = doc_settings.load(store)
    assert not any(getattr(s, k) for k in doc_settings.LETTER_FIELDS)
    assert all(k in doc_settings.HINTS for k in doc_settings.LETTER_FIELDS)
    with pytest.raises(ValidationError) as err:
        doc_settings.require_letter_fields(s)
    for label in ("发文机关标志", "发文机关署名", "印发机关", "文号前缀", "联系人及电话"):
        assert label in str(err.value)
    # a placeholder an older version stored as a value is not an office's name
    store.set_setting("doc.organ", "某某县人大常委会办公室")
    assert doc_settings.load(store).organ == ""


def test_letters_are_refused_until_the_office_names_are_filled(demo):
    store, _cid = demo
    bid = store.scalar("SELECT id FROM handover_batches LIMIT 1")
    store.set_setting("doc.contact", "")
    with pytest.raises(ValidationError, match="联系人及电话"):
        L.plan_letters(store, bid)


def test_signature_names_the_organ_of_the_letterhead(store):
    s = doc_settings.DocSettings(organ="某某县人大常委会办公室", signature="某某县人大常委会", issuer="x",
                                 doc_prefix="某县人常办", contact="张三")
    with pytest.raises(ValidationError) as err:
        doc_settings.save(store, s)
    assert err.value.field == "signature"
    s.signature = "某某县人大常委会办公室"
    doc_settings.save(store, s)
    s.organ = "某某县人大常委会办公室文件"    # a 标志 with 文件 names the same organ
    doc_settings.save(store, s)
    s.doc_prefix = "某县人常办〔2026〕"
    with pytest.raises(ValidationError, match="机关代字"):
        doc_settings.save(store, s)


def test_file_properties_name_the_office(demo, tmp_path):
    store, _cid = demo
    bid = store.scalar("SELECT id FROM handover_batches LIMIT 1")
    [letter] = L.plan_letters(store, bid)
    before = datetime.now(timezone.utc)
    L.issue_letter(store, bid, letter, tmp_path / "a.docx")
    doc = Document(str(tmp_path / "a.docx"))
    cp = doc.core_properties
    assert cp.author == cp.last_modified_by == "某某县人大常委会办公室"
    assert cp.title == "关于交办联动监督问题清单的函"
    assert "python-docx" not in (cp.comments or "") and cp.comments == ""
    assert abs((cp.created.replace(tzinfo=timezone.utc) - before).total_seconds()) < 120 and cp.modified == cp.created
    app = next(p for p in doc.part.package.iter_parts() if str(p.partname) == "/docProps/app.xml").blob.decode()
    assert "<Company>某某县人大常委会办公室</Company>" in app and "Microsoft" not in app


def test_a_number_taken_meanwhile_leaves_no_file(demo, tmp_path):
    """Planned in one window, the number taken by another before writing: the file is not kept."""
    store, _cid = demo
    county = store.scalar("SELECT id FROM handover_batches WHERE doc_number LIKE '%8号'")
    other = store.scalar("SELECT id FROM handover_batches WHERE doc_number LIKE '%15号'")
    mine = L.plan_letters(store, county, L.LetterOptions(mode=L.MODE_UNITS))[1]
    theirs = L.plan_letters(store, other, L.LetterOptions(mode=L.MODE_UNITS))[1]
    assert mine.doc_number == theirs.doc_number           # both planned the same next free number
    L.issue_letter(store, other, theirs, tmp_path / "theirs.docx")
    written = exports.write_letters([mine], [tmp_path / "mine.docx"], store=store, batch_id=county)
    assert not written.paths and "已用于" in written.failed[0][1] and not (tmp_path / "mine.docx").exists()
