"""Substring search that works for two-character Chinese queries.

SQLite's trigram tokenizer cannot match two characters, and LIKE '%…%' scans every row.
Instead each problem's searchable text is indexed as overlapping character pairs (bigrams)
in an FTS5 table; a query of n ≥ 2 characters becomes the phrase of its n-1 pairs, which
matches exactly the rows containing that substring. Punctuation and spaces are dropped on
both sides, so "2024-017" finds "2024－017" too.
"""
from __future__ import annotations

from collections.abc import Iterable

from models.normalize import to_halfwidth


def _clean(text: str) -> str:
    return "".join(ch for ch in to_halfwidth(text).lower() if ch.isalnum())


def bigrams(text: str) -> list[str]:
    s = _clean(text)
    if len(s) == 1:
        return [s]
    return [s[i:i + 2] for i in range(len(s) - 1)]


def index_text(fields: Iterable[str | None]) -> str:
    """The document stored in problem_search.grams for one problem."""
    out: list[str] = []
    for field in fields:
        if field:
            out.extend(bigrams(field))
    return " ".join(out)


def match_expression(query: str) -> str | None:
    """FTS5 MATCH text for a user query: each word (space-separated) must occur as a substring.

    Returns None when nothing searchable remains (empty or only punctuation), and raises
    ValueError for a single character, which the index cannot answer.
    """
    phrases: list[str] = []
    for word in to_halfwidth(query).split():
        s = _clean(word)
        if not s:
            continue
        if len(s) < 2:
            raise ValueError("请输入至少两个字进行搜索。")
        grams = [s[i:i + 2] for i in range(len(s) - 1)]
        phrases.append('"' + " ".join(grams) + '"')
    return " AND ".join(phrases) if phrases else None


_INDEX_SQL = """
SELECT p.id, p.number, p.description, p.place, p.suggestion,
       lu.name, lu.short_name, su.name, su.short_name,
       (SELECT group_concat(u.name || ' ' || u.short_name, ' ')
          FROM problem_units pu JOIN units u ON u.id = pu.unit_id WHERE pu.problem_id = p.id)
  FROM problems p
  LEFT JOIN units lu ON lu.id = p.lead_unit_id
  LEFT JOIN units su ON su.id = p.supervisor_unit_id
"""


def reindex(conn, where: str = "", params: tuple = ()) -> int:
    """Rebuild the search rows of the problems selected by ``where`` (inside a transaction).

    Searchable: number, description, place, suggestion and every unit name on the problem.
    """
    rows = conn.execute(_INDEX_SQL + (" WHERE " + where if where else ""), params).fetchall()
    ids = [r[0] for r in rows]
    conn.executemany("DELETE FROM problem_search WHERE rowid = ?", [(i,) for i in ids])
    conn.executemany("INSERT INTO problem_search(rowid, grams) VALUES (?, ?)",
                     [(r[0], index_text(r[1:])) for r in rows])
    return len(ids)
