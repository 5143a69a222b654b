"""Other offices' signing keys: noticing that a known office's key changed, and recording the new
one once the clerk has checked its fingerprint by phone."""
from __future__ import annotations

from dataclasses import dataclass

from models import audit
from models.store import Store
from models.sync import keys


@dataclass(frozen=True)
class KeyChange:
    """A known office signed this package with another key than the one recorded here."""
    site: str
    office: str
    level: str
    old_fingerprint: str
    new_fingerprint: str
    first_seen: str
    public_key: str


def key_change(store: Store, sender: dict) -> KeyChange | None:
    """``sender`` is a package manifest's "from": None when its key is new here or the recorded one."""
    peer = store.query_one("SELECT * FROM sync_peers WHERE site = ?", (sender.get("site"),))
    if peer is None or peer["public_key"] == sender.get("public_key"):
        return None
    return KeyChange(site=peer["site"], office=str(sender.get("office") or peer["office"]),
                     level=str(sender.get("level") or peer["level"]),
                     old_fingerprint=keys.fingerprint(peer["public_key"]),
                     new_fingerprint=keys.fingerprint(sender["public_key"]), first_seen=peer["first_seen"] or "",
                     public_key=sender["public_key"])


def accept_key(store: Store, change: KeyChange) -> KeyChange:
    """The clerk checked the new fingerprint by phone: packages from this office are checked with it from now."""
    with store.transaction() as conn:
        conn.execute("UPDATE sync_peers SET public_key = ? WHERE site = ?", (change.public_key, change.site))
        audit.record(store, entity="sync_peer", entity_id=None, action="确认更换签名密钥",
                     old=f"{change.office} {change.old_fingerprint}", new=f"{change.office} {change.new_fingerprint}")
    return change
