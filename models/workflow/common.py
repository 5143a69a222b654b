"""Small helpers the workflow modules share: dates, unit names, problem labels."""
from __future__ import annotations

from datetime import date

from models.normalize import DateError, normalize_text, parse_date
from models.store import Store, ValidationError
from models.units import find_unit


def required_date(text: object, field: str, label: str) -> str:
    """ISO text of a date a person typed; raise ValidationError naming ``label`` if missing/bad."""
    try:
        d = parse_date(text)
    except DateError as exc:
        raise ValidationError(f"{label}：{exc}", field=field) from None
    if d is None:
        raise ValidationError(f"请填写{label}。", field=field)
    return d.isoformat()


def future_text(iso: str, label: str) -> str:
    """"" unless the ISO date is after today: work is recorded after it happened."""
    today = date.today().isoformat()
    return f"{label} {iso} 晚于今天（{today}），请核对。" if iso > today else ""


def check_not_future(iso: str, field: str, label: str) -> None:
    text = future_text(iso, label)
    if text:
        raise ValidationError(text, field=field)


def optional_date(text: object, field: str, label: str) -> str | None:
    try:
        d = parse_date(text)
    except DateError as exc:
        raise ValidationError(f"{label}：{exc}", field=field) from None
    return d.isoformat() if d else None


def unit_id_for(store: Store, name: str, field: str, label: str, *, required: bool = False) -> int | None:
    text = normalize_text(name, multiline=False)
    if not text:
        if required:
            raise ValidationError(f"请填写{label}。", field=field)
        return None
    unit = find_unit(store, text)
    if unit is None:
        raise ValidationError(f"{label}“{text}”尚未登记，请从列表中选择或先在“单位”中新增。", field=field)
    return unit.id


def unit_name(store: Store, unit_id: int | None) -> str:
    if not unit_id:
        return ""
    return store.scalar("SELECT coalesce(nullif(short_name, ''), name) FROM units WHERE id = ?", (unit_id,)) or ""


def id_list(ids) -> str:
    """Ids as a JSON array for ``IN (SELECT value FROM json_each(?))``: one parameter for any count."""
    return "[" + ",".join(str(int(i)) for i in ids) + "]"


def lead_unit_full_name(store: Store, problem_id: int) -> str:
    """Full name of a problem's lead unit ("" when it has none): who reports and receives by default."""
    return store.scalar("SELECT u.name FROM problems p JOIN units u ON u.id = p.lead_unit_id WHERE p.id = ?",
                        (problem_id,)) or ""


def problem_labels(store: Store, ids: list[int]) -> dict[int, str]:
    """{id: number} for messages."""
    if not ids:
        return {}
    rows = store.query("SELECT id, number FROM problems WHERE id IN (SELECT value FROM json_each(?))",
                       (id_list(ids),))
    return {r["id"]: r["number"] for r in rows}


def split_by_status(store: Store, ids: list[int], allowed: tuple[str, ...],
                    refusal: str) -> tuple[list[int], dict[int, str]]:
    """(ids whose status is allowed, in order; {id: "编号：状态为“…”，<refusal>"} for the rest).
    Deleted ids are dropped. One query, so a selection of thousands stays quick."""
    if not ids:
        return [], {}
    rows = {r["id"]: r for r in store.query(
        "SELECT id, number, status FROM problems WHERE id IN (SELECT value FROM json_each(?))",
        (id_list(ids),))}
    ok = [i for i in ids if i in rows and rows[i]["status"] in allowed]
    refused = {i: f"{rows[i]['number']}：状态为“{rows[i]['status']}”，{refusal}" for i in ids
               if i in rows and rows[i]["status"] not in allowed}
    return ok, refused


def today_text() -> str:
    return date.today().isoformat()


def filled(values: dict) -> dict:
    """Only the fields with a value (creation rows in the history skip empty fields)."""
    return {k: v for k, v in values.items() if v not in ("", None)}
