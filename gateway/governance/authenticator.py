"""From a presented API key to a `Principal`: keys in the store (hashed), and bootstrap keys from the environment."""

import asyncio
import hashlib
import hmac
import logging
from collections import OrderedDict

from agents.contracts import Principal
from gateway.governance.keys import key_matches, key_prefix
from gateway.governance.store import KeyStore
from gateway.settings import ApiKey
from tools.grants import FULL_ACCESS, Grants

logger = logging.getLogger(__name__)
_VERIFIED_CAPACITY = 1024


def environment_grants(holder: ApiKey) -> Grants:
    """An environment key's grants: its `grants`; else, for a key with `sql_tables` (the old form), every agent
    and tool, reading every collection and those tables; else full access (the bootstrap admin)."""
    if holder.grants is not None:
        return Grants.parse(holder.grants)
    if holder.sql_tables is not None:
        return Grants.parse(["agent:*", "tool:*:*", "collection:*:read", *(f"table:{t}" for t in holder.sql_tables)])
    return FULL_ACCESS


class Authenticator:
    """Checks presented keys. A stored key's hash is checked once per process (scrypt is slow on purpose); its
    principal and grants are read on every request, so a revocation or a grant change applies at once."""

    def __init__(self, environment_keys: dict[str, ApiKey], store: KeyStore, *, always_required: bool) -> None:
        self._environment = {key: Principal(h.name, environment_grants(h)) for key, h in environment_keys.items()}
        self._store, self._always = store, always_required
        self._verified: OrderedDict[bytes, str] = OrderedDict()  # sha256 of a key -> its prefix
        if environment_keys:
            logger.warning(
                "RELAYBOARD_API_KEYS holds %d key(s) in plaintext: use it only to bootstrap, create hashed keys with "
                "`relayboard keys create NAME --grant ...`, then unset it",
                len(environment_keys),
            )

    @property
    def store(self) -> KeyStore:
        return self._store

    async def required(self) -> bool:
        """Whether requests need a key: always off loopback, else once any key exists."""
        return self._always or bool(self._environment) or await asyncio.to_thread(self._store.has_live_keys)

    async def authenticate(self, presented: str | None) -> Principal | None:
        """The principal holding `presented`, or None for no key, an unknown one or a revoked one.

        Raises:
            UpstreamUnavailable: the key store cannot be reached.
        """
        if not presented:
            return None
        found = None
        for key, principal in self._environment.items():
            # Compare against every key in constant time: the time taken says nothing about near misses.
            if hmac.compare_digest(key.encode(), presented.encode()):
                found = principal
        if found is not None:
            return found
        prefix = key_prefix(presented)
        if prefix is None:
            return None
        stored = await asyncio.to_thread(self._store.live_key, prefix)
        if stored is None:
            return None
        fingerprint = hashlib.sha256(presented.encode()).digest()
        if self._verified.get(fingerprint) != prefix:
            if not await asyncio.to_thread(key_matches, presented, stored.salt, stored.digest):
                return None
            self._verified[fingerprint] = prefix
            if len(self._verified) > _VERIFIED_CAPACITY:
                self._verified.popitem(last=False)
        return Principal(stored.principal, stored.grants)
