"""Likely duplicates: same unit and the same or a very similar description.

"Same" is equality after dropping spaces and punctuation (full-width folded); "very similar" is
a difflib ratio of at least 0.9. Comparing every pair would be quadratic, so texts are bucketed by
unit and indexed by a sample of their 3-character pieces (those whose hash falls in one residue
class — similar texts sample the same pieces). Only texts sharing at least half of the sampled
pieces are compared with difflib, at most a few per row, which keeps 50,000 rows in seconds.
"""
from __future__ import annotations

import re
import zlib
from collections import Counter, defaultdict
from itertools import chain

from models.normalize import to_halfwidth

RATIO = 0.9
_SAMPLE = 3          # keep pieces whose crc32 % _SAMPLE == 0
_POSTING_CAP = 60    # pieces found in more texts than this are too common to tell anything
_MAX_COMPARE = 6


_NOT_WORD = re.compile(r"[\W_]+")


def _most_shared(candidate: tuple[int, int]) -> int:
    return -candidate[0]


def fold(text: str) -> str:
    """Text reduced to what matters for sameness: letters and digits, lower case, half-width."""
    return _NOT_WORD.sub("", to_halfwidth(text or "").lower())


_SEEN: set[str] = set()      # grams already decided (grams repeat across rows: each decided once)
_SAMPLED: set[str] = set()   # those of them that are sampled


def _pieces(folded: str) -> set[str]:
    grams = {folded[i:i + 3] for i in range(len(folded) - 2)}
    new = grams - _SEEN
    if new:
        if len(_SEEN) > 500_000:
            _SEEN.clear()
            _SAMPLED.clear()
            new = grams
        _SEEN.update(new)
        # crc32, not hash(): str hashes change from run to run, and the same sheet must give the same flags
        _SAMPLED.update(g for g in new if zlib.crc32(g.encode("utf-8")) % _SAMPLE == 0)
    sampled = grams & _SAMPLED
    return sampled or grams


class DuplicateIndex:
    """Texts seen so far, each with a label to report ("已有问题 2024-003", "第 12 行")."""

    def __init__(self) -> None:
        self._exact: dict[tuple[object, str], str] = {}
        self._texts: list[tuple[str, str]] = []            # (folded, label)
        self._postings: dict[object, dict[str, list[int]]] = defaultdict(dict)   # unit → piece → texts

    def add(self, unit_key: object, text: str, label: str, folded: str | None = None,
            pieces: set[str] | None = None) -> None:
        folded = fold(text) if folded is None else folded
        if not folded:
            return
        self._exact.setdefault((unit_key, folded), label)
        idx = len(self._texts)
        self._texts.append((folded, label))
        postings = self._postings[unit_key]
        for piece in _pieces(folded) if pieces is None else pieces:
            posting = postings.get(piece)
            if posting is None:
                postings[piece] = [idx]
            elif len(posting) <= _POSTING_CAP:
                posting.append(idx)

    def check_and_add(self, unit_key: object, text: str, label: str) -> str | None:
        """``find`` then ``add``, folding the text once."""
        folded = fold(text)
        pieces = _pieces(folded) if folded else set()
        found = self.find(unit_key, text, folded=folded, pieces=pieces)
        self.add(unit_key, text, label, folded=folded, pieces=pieces)
        return found

    def find(self, unit_key: object, text: str, *, exclude: str = "", folded: str | None = None,
             pieces: set[str] | None = None) -> str | None:
        """Label of a likely duplicate already in the index (other than ``exclude``), or None."""
        folded = fold(text) if folded is None else folded
        if not folded:
            return None
        exact = self._exact.get((unit_key, folded))
        if exact is not None and exact != exclude:
            return exact
        pieces = _pieces(folded) if pieces is None else pieces
        postings = self._postings.get(unit_key)
        if not postings:
            return None
        counts = Counter(chain.from_iterable(
            p for p in map(postings.get, pieces) if p is not None and len(p) <= _POSTING_CAP))
        need = max(1, len(pieces) // 2)
        # the texts sharing enough pieces, most shared first (ties in the order they came): what
        # most_common() gives, without ordering the hundreds of texts sharing a piece or two
        candidates = [(shared, idx) for idx, shared in counts.items() if shared >= need]
        if not candidates:
            return None
        candidates.sort(key=_most_shared)
        import difflib  # imported when first used: keeps start-up fast

        matcher = None   # built once per text: its index of ``folded`` serves every candidate
        for _shared, idx in candidates[:_MAX_COMPARE]:
            other, label = self._texts[idx]
            if label == exclude:
                continue
            if matcher is None:
                matcher = difflib.SequenceMatcher(None, autojunk=False)
                matcher.set_seq2(folded)
            matcher.set_seq1(other)
            if matcher.real_quick_ratio() >= RATIO and matcher.quick_ratio() >= RATIO and matcher.ratio() >= RATIO:
                return label
        return None
