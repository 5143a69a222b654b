"""Likely duplicates: same unit and the same or a very similar description.

"Same" is equality after dropping spaces and punctuation (full-width folded); "very similar" is
a difflib ratio of at least 0.9. Comparing every pair would be quadratic, so each text is indexed
by a sample of its 3-character pieces: those starting at an anchor character, about one character
in three, chosen by the character itself (a checksum), so that similar texts sample the same
pieces wherever they stand. A near-duplicate has nearly the same pieces; only texts sharing at
least half of them (and never more than a changed character leaves) are compared by difflib, at
most a few per text. A piece found in more than ``_POSTING_CAP`` texts of a unit is a common
word, not a sign of the same problem, and is not followed. The sample is cut by one regex (its
class: the anchors), so 50,000 texts take about a second, not minutes.
"""
from __future__ import annotations

import re
import zlib
from collections import Counter, defaultdict
from functools import lru_cache
from itertools import chain

from models.normalize import alnum_fold

RATIO = 0.9
_ANCHOR_EVERY = 3    # about one character in this many starts a sampled piece
_MIN_PIECES = 4      # a text with fewer sampled pieces is also indexed by all its other pieces
_POSTING_CAP = 20    # pieces found in more texts of a unit than this are too common to tell anything
_MAX_COMPARE = 6     # texts compared with difflib, per lookup
_MARK = "\x00"       # fold() removes it from every text, so it can cut the folded text

_BEYOND_BMP = re.compile("[\U00010000-\U0010ffff]")


class _Anchors(dict):
    """code point → itself, or a mark before it when it is an anchor (for ``str.translate``); each
    character decided when first met (crc32, not hash(): str hashes change from run to run, and
    the same sheet must give the same flags)."""

    def __missing__(self, cp: int) -> int | str:
        ch = chr(cp)
        value = self[cp] = _MARK + ch if _is_anchor(ch) else cp
        return value


def _is_anchor(ch: str) -> bool:
    return zlib.crc32(ch.encode("utf-8", "surrogatepass")) % _ANCHOR_EVERY == 0


_ANCHORS = _Anchors()


def fold(text: str) -> str:
    """Text reduced to what matters for sameness: letters and digits, lower case, half-width."""
    return alnum_fold(text or "")


@lru_cache(maxsize=1)
def _anchor_finder() -> re.Pattern:
    """The pieces starting at anchors, found by one regex over a text: every letter or digit of
    the Basic Multilingual Plane that ``_Anchors`` makes an anchor (16,564 of them; built once,
    in ~60 ms, when the first text is checked)."""
    anchors = "".join(re.escape(ch) for ch in map(chr, range(0x10000))
                      if ch.isalnum() and _is_anchor(ch))
    return re.compile(f"(?=([{anchors}].{{0,2}}))", re.S)


def _anchored(folded: str) -> list[str]:
    """The piece (up to 3 characters) starting at each anchor of ``folded``."""
    if _BEYOND_BMP.search(folded) is None:
        return _anchor_finder().findall(folded)
    return _anchored_beyond_bmp(folded)


def _anchored_beyond_bmp(folded: str) -> list[str]:
    """``_anchored`` for a text with a rare character beyond the BMP: one ``str.translate`` and
    one ``split``, every character decided when first met."""
    parts = folded.translate(_ANCHORS).split(_MARK)
    # parts[0] is what stands before the first anchor; a part cut short by the next anchor goes
    # on into the parts after it
    return [part[:3] if len(part) >= 3 else "".join(parts[i:i + 3])[:3] for i, part in enumerate(parts) if i]


def _pieces(folded: str) -> tuple[set[str], int]:
    """The sampled pieces (with every piece of a text with few anchors), and how many of them
    another text must share to be compared."""
    sampled = set(_anchored(folded))
    n = len(sampled)
    # one changed character changes at most 3 sampled pieces: a text one character away from
    # an earlier one always shares this many with it
    need = max(1, min(n // 2, n - 3))
    if n < _MIN_PIECES:
        sampled.update(folded[i:i + 3] for i in range(max(1, len(folded) - 2)))
    return sampled, need


class DuplicateIndex:
    """Texts seen so far, each with a label to report ("已有问题 2024-003", "第 12 行")."""

    def __init__(self) -> None:
        self._exact: dict[tuple[object, str], str] = {}
        self._texts: list[tuple[str, str]] = []            # (folded, label)
        self._postings: dict[object, dict[str, list[int]]] = defaultdict(dict)   # unit → piece → texts

    def add(self, unit_key: object, text: str, label: str, folded: str | None = None,
            pieces: tuple[set[str], int] | None = None) -> None:
        folded = fold(text) if folded is None else folded
        if not folded:
            return
        self._exact.setdefault((unit_key, folded), label)
        idx = len(self._texts)
        self._texts.append((folded, label))
        postings = self._postings[unit_key]
        for piece in (_pieces(folded) if pieces is None else pieces)[0]:
            posting = postings.get(piece)
            if posting is None:
                postings[piece] = [idx]
            elif not posting:
                continue               # too common (below)
            elif len(posting) < _POSTING_CAP:
                posting.append(idx)
            else:
                postings[piece] = ()   # too common: looked up as nothing from now on

    def check_and_add(self, unit_key: object, text: str, label: str) -> str | None:
        """``find`` then ``add``, folding the text once."""
        folded = fold(text)
        pieces = _pieces(folded) if folded else (set(), 1)
        found = self.find(unit_key, text, folded=folded, pieces=pieces)
        self.add(unit_key, text, label, folded=folded, pieces=pieces)
        return found

    def find(self, unit_key: object, text: str, *, exclude: str = "", folded: str | None = None,
             pieces: tuple[set[str], int] | None = None) -> str | None:
        """Label of a likely duplicate already in the index (other than ``exclude``), or None."""
        folded = fold(text) if folded is None else folded
        if not folded:
            return None
        exact = self._exact.get((unit_key, folded))
        if exact is not None and exact != exclude:
            return exact
        postings = self._postings.get(unit_key)
        if not postings:
            return None
        sampled, need = _pieces(folded) if pieces is None else pieces
        followed = list(filter(None, map(postings.get, sampled)))
        if len(followed) < need:   # a text shares at most one piece per followed posting
            return None
        hits = Counter(chain.from_iterable(followed))
        candidates = [(-shared, idx) for idx, shared in hits.items() if shared >= need]
        if not candidates:
            return None
        candidates.sort()   # most pieces shared first; ties in the order the texts came
        return self._compare(folded, exclude, candidates)

    def _compare(self, folded: str, exclude: str, candidates: list[tuple[int, int]]) -> str | None:
        """The first candidate (most pieces shared first) as similar as difflib says a duplicate is."""
        import difflib  # imported when first used: keeps start-up fast

        matcher, compared = None, 0
        for _shared, idx in candidates:
            other, label = self._texts[idx]
            if label == exclude:
                continue
            if matcher is None:   # built once per text: its index of ``folded`` serves every candidate
                matcher = difflib.SequenceMatcher(None, autojunk=False)
                matcher.set_seq2(folded)
            matcher.set_seq1(other)
            if matcher.real_quick_ratio() >= RATIO and matcher.quick_ratio() >= RATIO and matcher.ratio() >= RATIO:
                return label
            compared += 1
            if compared >= _MAX_COMPARE:
                break
        return None
