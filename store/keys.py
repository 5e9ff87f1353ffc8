"""Editor and reviewer keys: generated, hashed with scrypt (stdlib), checked in constant time.

Only the hash is stored (``scrypt$n$r$p$salt$hash``, hex); a database dump therefore holds no
usable key. Generated keys have 128 bits of entropy (``secrets.token_urlsafe(16)``).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
"""scrypt cost (16 MB of memory, tens of ms per check): the parameters RFC 7914 suggests
for interactive logins."""
MIN_KEY_LENGTH = 12


def new_key() -> str:
    return secrets.token_urlsafe(16)


def hash_key(key: str, *, salt: bytes | None = None) -> str:
    if len(key) < MIN_KEY_LENGTH:
        raise ValueError(f"a key must have at least {MIN_KEY_LENGTH} characters")
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(key.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def key_matches(key: str, stored: str) -> bool:
    """True when ``key`` hashes to ``stored`` (False for any malformed input)."""
    try:
        scheme, n, r, p, salt_hex, digest_hex = stored.split("$")
        if scheme != "scrypt":
            return False
        digest = hashlib.scrypt(
            key.encode("utf-8"), salt=bytes.fromhex(salt_hex), n=int(n), r=int(r), p=int(p)
        )
    except (ValueError, TypeError, AttributeError):
        return False
    return hmac.compare_digest(digest.hex(), digest_hex)
