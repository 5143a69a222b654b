"""发文登记: the register of this office's 文号 (机关代字〔年份〕序号号).

A 文号 is issued once per office and year, across handover batches and letters. Taken numbers are
the register's rows plus the batches whose own 文号 carries this office's prefix; a number is
free for a letter when neither names another document. The letters ask for the next free
numbers, show them before writing, and record them here once written.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from models.documents import doc_settings
from models.normalize import format_date_cn
from models.store import Store, ValidationError, now_text

_NUMBER_RE = re.compile(r"^(.*)〔(\d{4})〕(\d+)号$")


def parts(doc_number: str) -> tuple[str, int, int] | None:
    """"某人常办〔2024〕12号" → ("某人常办", 2024, 12); None when it is not of that shape."""
    m = _NUMBER_RE.match((doc_number or "").strip())
    return (m.group(1), int(m.group(2)), int(m.group(3))) if m else None


def compose(prefix: str, year: int, serial: int) -> str:
    return f"{prefix}〔{year}〕{serial}号"


@dataclass(frozen=True)
class LetterKey:
    """What makes two letters the same document: the batch, to whom, and which problems (scope:
    the lead unit of a per-unit letter, "" for the whole batch). The same letter written again
    (another format, a reprint) keeps its 文号."""
    batch_id: int | None
    addressee: str
    scope: str = ""


def other_uses(store: Store, prefix: str, year: int, key: LetterKey | None) -> dict[int, str]:
    """{serial: the other document, in Chinese} for every number of (prefix, year) not ``key``'s."""
    used: dict[int, str] = {}
    for b in store.query("SELECT id, doc_number, occasion, handover_date FROM handover_batches "
                         "WHERE doc_number LIKE ? ORDER BY id", (f"{prefix}〔{year}〕%",)):
        p = parts(b["doc_number"])
        if p and p[0] == prefix and p[1] == year and not (key and key.batch_id == b["id"]):
            what = f"交办批次“{b['occasion']}”" if b["occasion"] else "另一交办批次"
            used[p[2]] = f"{what}（{format_date_cn(b['handover_date'])}交办）"
    for r in store.query("SELECT * FROM issued_documents WHERE prefix = ? AND year = ? ORDER BY id", (prefix, year)):
        if key and (r["batch_id"], r["addressee"], r["scope"]) == (key.batch_id, key.addressee, key.scope):
            continue
        to = f"，主送{r['addressee']}" if r["addressee"] else ""
        used[r["serial"]] = f"《{r['title']}》（{format_date_cn(r['issued_on'])}{to}）"
    return used


def registered(store: Store, prefix: str, year: int, key: LetterKey) -> int | None:
    """The serial this letter already carries (its latest issue), if it was written before."""
    return store.scalar("SELECT serial FROM issued_documents WHERE prefix = ? AND year = ? AND batch_id IS ? "
                        "AND addressee = ? AND scope = ? ORDER BY id DESC LIMIT 1",
                        (prefix, year, key.batch_id, key.addressee, key.scope))


def taken_message(doc_number: str, other: str) -> str:
    return f"文号“{doc_number}”已用于{other}，同一机关同一年度的文号不能重复，请换一个序号。"


def allocate(store: Store, prefix: str, year: int, keys: list[LetterKey], *, first: int | None = None,
             own: dict[int, int] | None = None) -> list[int]:
    """Serials for ``keys`` in order. With ``first``: first, first+1, … (a taken one is refused,
    naming its document). Without: a letter written before keeps its number, a batch's own
    number (``own``: batch id → serial) goes to its first letter, the rest take the next free
    numbers after the highest one used this year."""
    taken: dict[int, str] = {}
    for key in keys:
        for serial, other in other_uses(store, prefix, year, key).items():
            taken.setdefault(serial, other)
    out: list[int] = []
    if first is not None:
        for i, key in enumerate(keys):
            serial = first + i
            uses = other_uses(store, prefix, year, key)
            if serial in uses:
                raise ValidationError(taken_message(compose(prefix, year, serial), uses[serial]), field="first_number")
            out.append(serial)
        return out
    everything = set(other_uses(store, prefix, year, None))
    nxt = max(everything, default=0) + 1
    own = dict(own or {})
    for key in keys:
        serial = registered(store, prefix, year, key)
        if serial is None and key.batch_id in own and own[key.batch_id] not in out:
            candidate = own.pop(key.batch_id)
            if candidate not in other_uses(store, prefix, year, key):
                serial = candidate
        if serial is None or serial in out:
            while nxt in everything or nxt in out:
                nxt += 1
            serial = nxt
        out.append(serial)
    return out


def record(store: Store, prefix: str, year: int, serial: int, *, title: str, key: LetterKey, issued_on: str) -> None:
    """Register one written document (its own transaction; the UNIQUE constraint backs the check)."""
    uses = other_uses(store, prefix, year, key)
    number = compose(prefix, year, serial)
    if serial in uses:
        raise ValidationError(taken_message(number, uses[serial]), field="first_number")
    with store.transaction() as conn:
        conn.execute("DELETE FROM issued_documents WHERE prefix = ? AND year = ? AND serial = ?", (prefix, year, serial))
        conn.execute("INSERT INTO issued_documents(prefix, year, serial, doc_number, title, addressee, scope, batch_id, "
                     "issued_on, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     (prefix, year, serial, number, title, key.addressee, key.scope, key.batch_id, issued_on,
                      now_text()))


def check_batch_number(store: Store, doc_number: str, batch_id: int | None = None) -> None:
    """A batch's own 文号 (this office's prefix) must not be another batch's or another batch's letter's."""
    p = parts(doc_number)
    if not p:
        return
    prefix = doc_settings.load(store).doc_prefix
    if not prefix or p[0] != prefix:
        return   # another organ's number (a batch received from above): not this office's to issue
    uses = other_uses(store, p[0], p[1], LetterKey(batch_id, "\0"))
    # the batch's own letters may carry its number; other batches' and their letters may not
    mine = {r["serial"] for r in store.query("SELECT serial FROM issued_documents WHERE prefix = ? AND year = ? "
                                             "AND batch_id IS ? AND batch_id IS NOT NULL", (p[0], p[1], batch_id))}
    if p[2] in uses and p[2] not in mine:
        raise ValidationError(taken_message(doc_number, uses[p[2]]), field="doc_number")


def register_rows(store: Store, year: int | None = None) -> list[dict]:
    """The 发文登记 as a list (newest first)."""
    where, args = ("WHERE year = ?", (year,)) if year else ("", ())
    return store.query(f"SELECT * FROM issued_documents {where} ORDER BY year DESC, serial DESC", args)
