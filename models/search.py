"""Substring search that works for two-character Chinese queries.

SQLite's trigram tokenizer cannot match two characters, and LIKE '%…%' scans every row.
Instead each problem's searchable text is indexed as overlapping character pairs (bigrams)
in an FTS5 table; a query of n ≥ 2 characters becomes the phrase of its n-1 pairs, which
matches exactly the rows containing that substring. Punctuation and spaces are dropped on
both sides, so "2024-017" finds "2024－017" too.

Unit names are not copied into each problem's text: a problem carries one token ``unit<id>``
per unit on it (lead, cooperating, supervising), and a query word also matches the units whose
name or short name contains it. The index stays small, a unit found on 80,000 problems costs
one token lookup instead of a long phrase, and renaming a unit needs no reindexing.
"""
from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from operator import add

from models.normalize import alnum_fold, to_halfwidth


def _pairs(s: str) -> list[str]:
    return [s] if len(s) == 1 else list(map(add, s, s[1:]))


def bigrams(text: str) -> list[str]:
    return _pairs(alnum_fold(text))


def index_text(fields: Iterable[str | None], unit_ids: Iterable[int | None] = ()) -> str:
    """The document stored in problem_search.grams for one problem: bigrams of the text fields,
    then a ``unit<id>`` token per unit (never confused with a bigram: those have two characters)."""
    parts = [" ".join(_pairs(s)) for s in map(alnum_fold, filter(None, fields))]
    parts.append(_unit_tokens(tuple(unit_ids)))
    return " ".join(filter(None, parts))


@lru_cache(maxsize=1024)   # an import's 50,000 problems name a few hundred combinations of units
def _unit_tokens(unit_ids: tuple[int | None, ...]) -> str:
    return " ".join(sorted({f"unit{int(u)}" for u in unit_ids if u}))


def _words(query: str) -> list[str]:
    words = []
    for word in to_halfwidth(query).split():
        s = alnum_fold(word)
        if not s:
            continue
        if len(s) < 2:
            raise ValueError("请输入至少两个字进行搜索。")
        words.append(s)
    return words


def _phrase(word: str) -> str:
    return '"' + " ".join(word[i:i + 2] for i in range(len(word) - 1)) + '"'


# One query word: its phrase in the problem's text, or any unit whose name contains it.
HITS_SQL = ("SELECT rowid AS id FROM problem_search WHERE problem_search MATCH (? || coalesce("
            "(SELECT group_concat(' OR unit' || u.id, '') FROM units u "
            "WHERE instr(lower(u.name), ?) > 0 OR instr(lower(u.short_name), ?) > 0), ''))")
_WORD_SQL = f"p.id IN ({HITS_SQL})"
# HITS_SQL in two parts, for ``word_hits``: the phrase in the text, and the units whose name has the word
_PHRASE_SQL = "SELECT rowid AS id FROM problem_search WHERE problem_search MATCH ?"
_UNITS_SQL = "SELECT id FROM units WHERE instr(lower(name), ?) > 0 OR instr(lower(short_name), ?) > 0"
_KEPT_UNITS = 4        # a unit on 84,000 problems keeps ~5 MB


def word_hits(store, params: tuple) -> frozenset[int] | set[int]:
    """The ids ``HITS_SQL`` finds for one word's ``params`` (never to be changed by the caller).

    A unit's problems (its ``unit<id>`` token: 84,000 of 100,000 for 县民政局) are kept on the
    store until anything is written (``Store.data_stamp``), so that every word naming the unit
    (县民, 县民政, 县民政局 as the name is typed) and every sort and filter of it reads them once."""
    phrase, word, _ = params
    found = store.ids(_PHRASE_SQL, (phrase,))
    sets = [_unit_hits(store, unit_id) for unit_id in store.column(_UNITS_SQL, (word, word))]
    if not found and len(sets) == 1:
        return sets[0]
    out = set(found)
    for hits in sets:
        out.update(hits)
    return out


def _unit_hits(store, unit_id: int) -> frozenset[int]:
    return store.kept("unit_hits", unit_id,
                      lambda: frozenset(store.ids(_PHRASE_SQL, (f"unit{int(unit_id)}",))), _KEPT_UNITS)


def word_conditions(query: str) -> list[tuple[str, tuple]]:
    """WHERE fragments (alias p), one per word, all of which must hold. Raises ValueError for
    a one-character word; an empty or punctuation-only query gives no condition."""
    return [(_WORD_SQL, params) for params in word_params(query)]


def word_params(query: str) -> list[tuple]:
    """Per word, the parameters of ``HITS_SQL`` (the ids of the problems it finds)."""
    return [(_phrase(w), w, w) for w in _words(query)]


def match_expression(query: str) -> str | None:
    """FTS5 MATCH text for a user query: each word (space-separated) must occur as a substring.

    Returns None when nothing searchable remains (empty or only punctuation), and raises
    ValueError for a single character, which the index cannot answer.
    """
    phrases = [_phrase(w) for w in _words(query)]
    return " AND ".join(phrases) if phrases else None


_INDEX_SQL = """
SELECT p.id, p.number, p.description, p.place, p.suggestion, p.lead_unit_id, p.supervisor_unit_id,
       (SELECT group_concat(pu.unit_id) FROM problem_units pu WHERE pu.problem_id = p.id)
  FROM problems p
"""


def reindex(conn, where: str = "", params: tuple = ()) -> int:
    """Rebuild the search rows of the problems selected by ``where`` (inside a transaction).

    Searchable: number, description, place, suggestion, and the units on the problem as tokens.
    """
    rows = conn.execute(_INDEX_SQL + (" WHERE " + where if where else ""), params).fetchall()
    ids = [r[0] for r in rows]
    conn.executemany("DELETE FROM problem_search WHERE rowid = ?", [(i,) for i in ids])
    conn.executemany("INSERT INTO problem_search(rowid, grams) VALUES (?, ?)",
                     [(r[0], index_text(r[1:5], [r[5], r[6], *(r[7] or "").split(",")])) for r in rows])
    return len(ids)
