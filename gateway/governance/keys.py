"""API keys: how they are made, hashed and checked. Only a key's prefix is ever stored or shown in clear.

A key reads `rb_<8 hex>_<43 random characters>`; `rb_<8 hex>` is its prefix (the key's public id, for lookup,
listing and revocation), the whole key is hashed with scrypt (hashlib) and a random salt per key.
"""

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

_KEY = re.compile(r"^(rb_[0-9a-f]{8})_[A-Za-z0-9_-]{20,}$")
# scrypt's interactive-login cost (RFC 7914 §2: N=2^14, r=8, p=1): ~16 MiB and tens of ms per check, which the
# authenticator pays once per key per process (it remembers keys it verified).
_N, _R, _P = 2**14, 8, 1


@dataclass(frozen=True, slots=True)
class NewKey:
    """A key just made: `key` is shown once, to its creator; `prefix` identifies it from then on."""

    key: str
    prefix: str


def generate_key() -> NewKey:
    """A fresh random key."""
    prefix = f"rb_{secrets.token_hex(4)}"
    return NewKey(f"{prefix}_{secrets.token_urlsafe(32)}", prefix)


def key_prefix(presented: str) -> str | None:
    """The prefix of a key of ours, or None for anything else (an environment key, a typo)."""
    match = _KEY.match(presented)
    return match.group(1) if match else None


def new_salt() -> bytes:
    return secrets.token_bytes(16)


def hash_key(key: str, salt: bytes) -> bytes:
    return hashlib.scrypt(key.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)


def key_matches(presented: str, salt: bytes, digest: bytes) -> bool:
    """Whether `presented` hashes to `digest` (compared in constant time)."""
    return hmac.compare_digest(hash_key(presented, salt), digest)
