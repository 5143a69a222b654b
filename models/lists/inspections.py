"""检查记录: a site inspection walks the 内容清单 item by item (符合 / 不符合 / 不适用, a remark,
photos); each answer is saved the moment it is given, so a laptop that sleeps loses nothing; an item
marked 不符合 becomes a problem in one step, linked back to the inspection."""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from models import audit, problems
from models.normalize import DateError, normalize_name, normalize_text, parse_date
from models.store import Store, ValidationError, now_text
from models.units import find_unit
from models.workflow.attachments import attachments_dir, file_sha256

VERDICTS = ("符合", "不符合", "不适用")
INSPECTION_KINDS = ("执法检查", "专题调研", "暗访调查")   # each is also the 问题来源 of what it finds
MAX_PHOTO_BYTES = 50 * 1024 * 1024


@dataclass
class Inspection:
    visit_date: str
    place: str
    kind: str = "执法检查"
    unit: str = ""           # the unit visited, by name (optional)
    members: str = ""
    elderly_met: int | str = 0
    notes: str = ""
    id: int | None = None


def _clean(store: Store, ins: Inspection) -> tuple[str, str, str, int | None, int]:
    errors: dict[str, str] = {}
    try:
        d = parse_date(ins.visit_date)
        if d is None:
            errors["visit_date"] = "请填写检查日期。"
    except DateError as exc:
        errors["visit_date"] = str(exc)
        d = None
    place = normalize_text(ins.place, multiline=False)
    if not place:
        errors["place"] = "请填写检查地点或机构名称。"
    if ins.kind not in INSPECTION_KINDS:
        errors["kind"] = f"检查方式应为：{'、'.join(INSPECTION_KINDS)}。"
    unit_id = None
    if normalize_name(ins.unit):
        unit = find_unit(store, ins.unit)
        if unit is None:
            errors["unit"] = f"单位“{normalize_name(ins.unit)}”尚未登记，请从列表中选择或先新增该单位。"
        else:
            unit_id = unit.id
    try:
        met = int(str(ins.elderly_met or 0).strip())
        if met < 0:
            raise ValueError
    except ValueError:
        errors["elderly_met"] = "走访老年人数应为 0 或正整数。"
        met = 0
    if errors:
        raise ValidationError(next(iter(errors.values())), errors=errors)
    return d.isoformat(), place, ins.kind, unit_id, met


def create_inspection(store: Store, campaign_id: int, ins: Inspection) -> int:
    """The inspection with one empty answer per item of the campaign's 内容清单."""
    visit_date, place, kind, unit_id, met = _clean(store, ins)
    with store.transaction() as conn:
        ts = now_text()
        cur = conn.execute(
            "INSERT INTO inspections(campaign_id, visit_date, kind, place, unit_id, members, elderly_met, notes,"
            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (campaign_id, visit_date, kind, place, unit_id, normalize_text(ins.members, multiline=False), met,
             normalize_text(ins.notes), ts, ts))
        iid = cur.lastrowid
        conn.execute("INSERT INTO inspection_results(inspection_id, check_item_id, updated_at)"
                     " SELECT ?, id, ? FROM check_items WHERE campaign_id = ? ORDER BY position", (iid, ts, campaign_id))
        audit.record(store, entity="inspection", entity_id=iid, action="新建检查记录", new=f"{visit_date} {place}")
    return iid


def update_inspection(store: Store, ins: Inspection) -> None:
    visit_date, place, kind, unit_id, met = _clean(store, ins)
    with store.transaction() as conn:
        before = store.query_one("SELECT * FROM inspections WHERE id = ?", (ins.id,))
        if before is None:
            raise ValidationError("该检查记录已不存在。")
        after = {"visit_date": visit_date, "place": place, "kind": kind, "unit_id": unit_id,
                 "members": normalize_text(ins.members, multiline=False), "elderly_met": met,
                 "notes": normalize_text(ins.notes)}
        conn.execute(f"UPDATE inspections SET {', '.join(f'{k} = ?' for k in after)}, updated_at = ? WHERE id = ?",
                     (*after.values(), now_text(), ins.id))
        audit.record_changes(store, entity="inspection", entity_id=ins.id, before=before, after=after)


def delete_inspection(store: Store, inspection_id: int) -> None:
    """Problems found there stay (their link is cleared)."""
    with store.transaction() as conn:
        row = store.query_one("SELECT visit_date, place FROM inspections WHERE id = ?", (inspection_id,))
        if row is None:
            raise ValidationError("该检查记录已不存在。")
        conn.execute("DELETE FROM inspections WHERE id = ?", (inspection_id,))
        audit.record(store, entity="inspection", entity_id=inspection_id, action="删除检查记录",
                     old=f"{row['visit_date']} {row['place']}")


def list_inspections(store: Store, campaign_id: int) -> list[dict]:
    return store.query(
        "SELECT i.*, u.name AS unit_name,"
        " (SELECT COUNT(*) FROM inspection_results r WHERE r.inspection_id = i.id AND r.verdict <> '') AS answered,"
        " (SELECT COUNT(*) FROM inspection_results r WHERE r.inspection_id = i.id) AS items,"
        " (SELECT COUNT(*) FROM inspection_results r WHERE r.inspection_id = i.id AND r.verdict = '不符合') AS failed,"
        " (SELECT COUNT(*) FROM inspection_results r WHERE r.inspection_id = i.id AND r.problem_id IS NOT NULL)"
        " AS problems FROM inspections i LEFT JOIN units u ON u.id = i.unit_id"
        " WHERE i.campaign_id = ? ORDER BY i.visit_date DESC, i.id DESC", (campaign_id,))


def get_inspection(store: Store, inspection_id: int) -> Inspection | None:
    r = store.query_one("SELECT i.*, u.name AS unit_name FROM inspections i LEFT JOIN units u ON u.id = i.unit_id"
                        " WHERE i.id = ?", (inspection_id,))
    if r is None:
        return None
    return Inspection(id=r["id"], visit_date=r["visit_date"], place=r["place"], kind=r["kind"],
                      unit=r["unit_name"] or "", members=r["members"], elderly_met=r["elderly_met"], notes=r["notes"])


def results(store: Store, inspection_id: int) -> list[dict]:
    """The inspection's answers in checklist order, with the item's aspect, text and legal basis."""
    return store.query(
        "SELECT r.*, c.aspect, c.kind AS item_kind, c.text AS item_text, c.legal_basis,"
        " (SELECT COUNT(*) FROM inspection_photos f WHERE f.result_id = r.id) AS photos,"
        " p.number AS problem_number FROM inspection_results r JOIN check_items c ON c.id = r.check_item_id"
        " LEFT JOIN problems p ON p.id = r.problem_id WHERE r.inspection_id = ? ORDER BY c.position",
        (inspection_id,))


def save_result(store: Store, result_id: int, verdict: str, remark: str) -> None:
    """Store one answer as it is given (a verdict of "" means not yet answered)."""
    if verdict not in ("", *VERDICTS):
        raise ValidationError(f"检查结果应为：{'、'.join(VERDICTS)}。")
    with store.transaction() as conn:
        cur = conn.execute("UPDATE inspection_results SET verdict = ?, remark = ?, updated_at = ? WHERE id = ?"
                           " AND (verdict <> ? OR remark <> ?)",
                           (verdict, normalize_text(remark), now_text(), result_id, verdict, normalize_text(remark)))
        if cur.rowcount:
            iid = store.scalar("SELECT inspection_id FROM inspection_results WHERE id = ?", (result_id,))
            conn.execute("UPDATE inspections SET updated_at = ? WHERE id = ?", (now_text(), iid))


def photos(store: Store, result_id: int) -> list[dict]:
    return store.query("SELECT * FROM inspection_photos WHERE result_id = ? ORDER BY id", (result_id,))


def add_photos(store: Store, result_id: int, paths: list[str | Path]) -> list[int]:
    """Copy the photos beside the database first, then record them in one transaction; copies made
    for a transaction that fails are removed again."""
    folder = attachments_dir(store) / f"检查记录{result_id}"
    copied: list[tuple[Path, str, str, int, bool]] = []
    try:
        for p in map(Path, paths):
            if not p.is_file():
                raise ValidationError(f"找不到文件：{p}")
            size = p.stat().st_size
            if size > MAX_PHOTO_BYTES:
                raise ValidationError(f"照片“{p.name}”超过 50 MB，请压缩后再添加。")
            digest = file_sha256(p)
            folder.mkdir(parents=True, exist_ok=True)
            target = folder / f"{digest[:12]}{p.suffix.lower()}"
            fresh = not target.exists()
            if fresh:
                shutil.copyfile(p, target)
            copied.append((target, p.name, digest, size, fresh))
        ids = []
        with store.transaction() as conn:
            for target, name, digest, size, _fresh in copied:
                cur = conn.execute("INSERT INTO inspection_photos(result_id, file_name, stored_path, sha256, size,"
                                   " added_at) VALUES (?, ?, ?, ?, ?, ?)",
                                   (result_id, name, target.relative_to(store.path.parent).as_posix(), digest, size,
                                    now_text()))
                ids.append(cur.lastrowid)
        return ids
    except OSError as exc:
        _remove([c[0] for c in copied if c[4]])
        raise ValidationError(f"无法保存照片：{exc.strerror or '文件读写失败'}。") from exc
    except BaseException:
        _remove([c[0] for c in copied if c[4]])
        raise


def _remove(paths: list[Path]) -> None:
    for p in paths:
        p.unlink(missing_ok=True)


def problem_from_result(store: Store, result_id: int, *, number: str, description: str, lead_unit: str,
                        kind: str = "限期整改", deadline: str = "", suggestion: str = "") -> int:
    """Make the problem an item marked 不符合 found, in one transaction: place, source (by the
    inspection's kind), the check item as category note and its legal basis filled in; linked back."""
    r = store.query_one(
        "SELECT r.*, i.campaign_id, i.place, i.kind AS inspection_kind, i.visit_date, c.aspect, c.text AS item_text,"
        " c.legal_basis FROM inspection_results r JOIN inspections i ON i.id = r.inspection_id"
        " JOIN check_items c ON c.id = r.check_item_id WHERE r.id = ?", (result_id,))
    if r is None:
        raise ValidationError("该检查项已不存在。")
    if r["verdict"] != "不符合":
        raise ValidationError("只有判为“不符合”的检查项才能生成问题。")
    if r["problem_id"]:
        raise ValidationError("该检查项已生成过问题，请在问题清单中查看。")
    form = problems.ProblemForm(
        number=number, source=r["inspection_kind"], category=r["aspect"] or "其他", place=r["place"],
        description=description, suggestion=suggestion, legal_basis=r["legal_basis"], lead_unit=lead_unit,
        kind=kind, deadline=deadline,
        notes=f"{r['visit_date']}检查发现，检查项：{r['item_text'][:80]}")
    p = problems.validate_form(store, form, campaign_id=r["campaign_id"])
    with store.transaction() as conn:
        pid = problems.insert_problem(store, p, action="检查发现")
        conn.execute("UPDATE problems SET inspection_result_id = ? WHERE id = ?", (result_id, pid))
        conn.execute("UPDATE inspection_results SET problem_id = ?, updated_at = ? WHERE id = ?",
                     (pid, now_text(), result_id))
    return pid


def link_problem(store: Store, result_id: int, problem_id: int) -> None:
    """Record that an existing problem is what this item found (both directions)."""
    with store.transaction() as conn:
        conn.execute("UPDATE problems SET inspection_result_id = ? WHERE id = ?", (result_id, problem_id))
        conn.execute("UPDATE inspection_results SET problem_id = ?, updated_at = ? WHERE id = ?",
                     (problem_id, now_text(), result_id))


def inspection_of_problem(store: Store, problem_id: int) -> dict | None:
    """The inspection a problem was found at (for the problem's detail view)."""
    return store.query_one(
        "SELECT i.id, i.visit_date, i.place, i.kind, c.text AS item_text FROM problems p"
        " JOIN inspection_results r ON r.id = p.inspection_result_id JOIN inspections i ON i.id = r.inspection_id"
        " JOIN check_items c ON c.id = r.check_item_id WHERE p.id = ?", (problem_id,))
