"""来源机关 in a merged view: which offices' problems a campaign holds (the city gathers its counties'
problems through 交换包, models/sync), and the short place name used in tables and bulletin sentences.

A problem's origin is the office whose package first brought it (models.ledger.ORIGIN_KEY); this
office's own problems have the key ``ledger.LOCAL_ORIGIN``.
"""
from __future__ import annotations

from dataclasses import dataclass

from models.ledger import LOCAL_ORIGIN, ORIGIN_KEY
from models.names_order import office_key
from models.store import Store

# Longest first: "某某县人民代表大会常务委员会" → "某某县".
_OFFICE_SUFFIXES = ("人民代表大会常务委员会", "人大常委会办公室", "人大常委会", "人大")


@dataclass(frozen=True)
class Origin:
    key: str      # a sending office's site id, or LOCAL_ORIGIN
    office: str   # "甲县人大常委会" (this office: its own name, or 本机关)
    label: str    # "甲县" (this office: 本机关)


def place_of(office: str) -> str:
    """"甲县人大常委会" → "甲县"; a name without the usual ending stays as it is."""
    office = (office or "").strip()
    for suffix in _OFFICE_SUFFIXES:
        if office.endswith(suffix) and len(office) > len(suffix):
            return office[: -len(suffix)]
    return office


def _has_exchange(store: Store) -> bool:
    # an older database opened read-only (not upgraded) has no exchange tables
    return bool(store.scalar("SELECT 1 FROM sqlite_master WHERE name = 'sync_peers'"))


def campaign_origins(store: Store, campaign_id: int) -> list[Origin]:
    """The offices whose problems are in the campaign, this office first, then counties before cities
    before the province, each by 拼音 (models.names_order); [] when all are its own."""
    if not _has_exchange(store):
        return []
    # one pass over the campaign's exchanged problems (one EXISTS per office walked them once per office)
    foreign = store.query(
        "SELECT pe.site, pe.office, pe.level FROM sync_peers pe WHERE pe.site IN (SELECT DISTINCT sr.origin_site "
        "FROM problems p JOIN sync_rows sr ON sr.tbl = 'problems' AND sr.local_id = p.id "
        "WHERE p.campaign_id = ?)", (campaign_id,))
    if not foreign:
        return []
    out = []
    if store.scalar(f"SELECT 1 FROM problems p WHERE p.campaign_id = ? AND {ORIGIN_KEY} = ? LIMIT 1",
                    (campaign_id, LOCAL_ORIGIN)):
        out.append(Origin(LOCAL_ORIGIN, LOCAL_ORIGIN, LOCAL_ORIGIN))
    foreign.sort(key=lambda r: office_key(r["level"], r["office"]))   # 拼音, never character code
    out += [Origin(r["site"], r["office"], place_of(r["office"])) for r in foreign]
    return out


def problem_origins(store: Store, campaign_id: int) -> dict[int, str]:
    """Problem id → origin key for the campaign's problems that came from another office."""
    if not _has_exchange(store):
        return {}
    # a join, not ORIGIN_KEY per row (twice as fast); newest first, so the first row (ORIGIN_KEY's) wins
    return dict(store.query_rows(
        "SELECT sr.local_id, sr.origin_site FROM sync_rows sr JOIN sync_peers pe ON pe.site = sr.origin_site "
        "JOIN problems p ON p.id = sr.local_id WHERE sr.tbl = 'problems' AND p.campaign_id = ? "
        "ORDER BY sr.rowid DESC", (campaign_id,)))


def label_of(origins: list[Origin], key: str) -> str:
    return next((o.label for o in origins if o.key == key), "")
