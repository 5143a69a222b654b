"""Ed25519 keys of an office (PyNaCl): made once per database, signing every package it writes."""
from __future__ import annotations

import hashlib

# PyNaCl is imported where a key is made or used: every history row reaches models.sync, and
# loading libsodium at each start would cost the program's start for an exchange done monthly.


def new_private_key() -> str:
    from nacl.signing import SigningKey

    return SigningKey.generate().encode().hex()


def public_key_of(private_hex: str) -> str:
    from nacl.signing import SigningKey

    return SigningKey(bytes.fromhex(private_hex)).verify_key.encode().hex()


def sign(private_hex: str, data: bytes) -> bytes:
    from nacl.signing import SigningKey

    return SigningKey(bytes.fromhex(private_hex)).sign(data).signature


def verify(public_hex: str, data: bytes, signature: bytes) -> bool:
    from nacl.exceptions import BadSignatureError
    from nacl.signing import VerifyKey

    try:
        VerifyKey(bytes.fromhex(public_hex)).verify(data, signature)
        return True
    except (BadSignatureError, ValueError, TypeError):
        return False


def fingerprint(public_hex: str) -> str:
    """Short form a person can compare by phone: 16 hex digits in groups of four."""
    digest = hashlib.sha256(bytes.fromhex(public_hex)).hexdigest()[:16].upper()
    return " ".join(digest[i:i + 4] for i in range(0, 16, 4))
