"""From a presented API key to a `Principal`: keys in the store (hashed), and bootstrap keys from the environment."""

import asyncio
import hashlib
import hmac
import logging
import time
from collections import OrderedDict
from collections.abc import Callable

from agents.contracts import Principal
from gateway.governance.expiry import KeyExpired, shown
from gateway.governance.key_ref import KeyRef
from gateway.governance.keys import key_matches, key_prefix
from gateway.governance.store import KeyStore
from gateway.settings import ApiKey
from tools.errors import Unauthenticated
from tools.grants import FULL_ACCESS, Grants

logger = logging.getLogger(__name__)
_VERIFIED_CAPACITY = 1024
# How long "no key exists yet" is trusted before the store is asked again: a key created through this process's
# store is noticed at once, one from `relayboard keys create` (another process) within this long; a keyless
# loopback gateway is spared a store query on every request.
OPEN_RECHECK_SECONDS = 1.0


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

    def __init__(
        self,
        environment_keys: dict[str, ApiKey],
        store: KeyStore,
        *,
        always_required: bool,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], float] = time.time,
    ) -> None:
        self._environment = {key: Principal(h.name, environment_grants(h)) for key, h in environment_keys.items()}
        self._store, self._always, self._clock, self._now = store, always_required, clock, now
        self._open_until = float("-inf")  # until when "no key exists" is trusted without asking the store
        self._open_seen = store.keys_created  # ... provided this process has created no key since
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
        """Whether requests need a key: always off loopback, else once any key exists. A key created through this
        store is enforced at once, one created by another process within OPEN_RECHECK_SECONDS; once keys exist,
        every request asks the store, so revoking the last one reopens a loopback gateway at once."""
        if self._always or self._environment:
            return True
        if self._clock() < self._open_until and self._store.keys_created == self._open_seen:
            return False
        created = self._store.keys_created
        if await asyncio.to_thread(self._store.has_live_keys):
            return True
        self._open_until, self._open_seen = self._clock() + OPEN_RECHECK_SECONDS, created
        return False

    async def authenticate(self, presented: str | None) -> tuple[Principal, KeyRef] | None:
        """The principal holding `presented` and the key by its public reference, or None for no key, an unknown
        one or a revoked one.

        Raises:
            KeyExpired: the key is ours and its secret verifies, but it has expired (only then is that said, so a
                guessed prefix learns nothing).
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
            return found, KeyRef(found.name, None)
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
        if stored.expires_at is not None and stored.expired(self._now()):
            raise KeyExpired(f"this API key expired at {shown(stored.expires_at)}; ask an operator for a new key")
        return Principal(stored.principal, stored.grants), KeyRef(stored.principal, prefix)

    async def still_live(self, key: KeyRef) -> Principal:
        """The principal `key` stands for now, with its current grants, if the key is still live (work done later
        on a key's behalf, e.g. a job, runs only while it is).

        Raises:
            Unauthenticated: the key was revoked or has expired, or its holder is no longer in RELAYBOARD_API_KEYS.
            UpstreamUnavailable: the key store cannot be reached.
        """
        if key.prefix is None:
            for principal in self._environment.values():
                if principal.name == key.holder:
                    return principal
            raise Unauthenticated(
                f"{key.describe()} is no longer configured in RELAYBOARD_API_KEYS, so work submitted with it does not "
                "run: submit it again with a live key"
            )
        stored = await asyncio.to_thread(self._store.live_key, key.prefix)
        if stored is None:
            raise Unauthenticated(
                f"{key.describe()} was revoked, so work submitted with it does not run: submit it again with a live "
                "key (`relayboard keys list` shows them)"
            )
        if stored.expires_at is not None and stored.expired(self._now()):
            raise Unauthenticated(
                f"{key.describe()} expired at {shown(stored.expires_at)}, so work submitted with it does not run: "
                "submit it again with a live key (`relayboard keys list` shows them)"
            )
        return Principal(stored.principal, stored.grants)
