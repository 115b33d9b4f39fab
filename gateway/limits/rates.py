"""Rate budgets counted by the `limits` library: requests and tokens per key, failed logins per address."""

import asyncio
import math
import time
from collections.abc import Awaitable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

from limits import RateLimitItem, RateLimitItemPerMinute
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from limits.aio.strategies import FixedWindowRateLimiter, MovingWindowRateLimiter, RateLimiter
from limits.errors import StorageError

from gateway.limits.settings import LimitSettings
from tools.errors import UpstreamUnavailable

# A Redis that does not answer costs each request at most this long (connect, then each command), not a hang.
REDIS_TIMEOUT_S = 2.0
REDIS_RETRY_AFTER_S = 5.0
T = TypeVar("T")
STORE_NAME = "the limits store (Redis at RELAYBOARD_REDIS_URL)"


class LimitsStoreUnavailable(UpstreamUnavailable):
    """The shared rate-limit counters (Redis) cannot be read or written: no request can be counted."""


@contextmanager
def _store_errors() -> Iterator[None]:
    """Translate the `limits` library's storage errors (it wraps Redis's) into `LimitsStoreUnavailable`."""
    try:
        yield
    except (StorageError, TimeoutError) as exc:
        cause = exc.storage_error if isinstance(exc, StorageError) else exc
        raise LimitsStoreUnavailable(
            f"{STORE_NAME} does not answer ({type(cause).__name__}: {cause or 'timed out'})",
            retry_after_s=REDIS_RETRY_AFTER_S,
        ) from exc


async def _bounded(call: Awaitable[T]) -> T:
    with _store_errors():
        return await asyncio.wait_for(call, 2 * REDIS_TIMEOUT_S)


@dataclass(frozen=True, slots=True)
class Verdict:
    """What a budget says about one more request: allowed or not, and what is left of it."""

    policy: str
    allowed: bool
    quota: int
    window_s: int
    remaining: int
    reset_s: int

    def headers(self) -> dict[str, str]:
        """`RateLimit-Policy` and `RateLimit` as draft-ietf-httpapi-ratelimit-headers (-09) spells them, plus
        `Retry-After` when refused."""
        fields = {
            "RateLimit-Policy": f'"{self.policy}";q={self.quota};w={self.window_s}',
            "RateLimit": f'"{self.policy}";r={self.remaining};t={self.reset_s}',
        }
        if not self.allowed:
            fields["Retry-After"] = str(max(1, self.reset_s))
        return fields


class Budget:
    """One per-minute budget, keyed by whatever the caller names (a key holder, a client address)."""

    def __init__(self, policy: str, per_minute: int, limiter: RateLimiter) -> None:
        self.policy, self._item, self._limiter = policy, RateLimitItemPerMinute(per_minute), limiter

    @property
    def item(self) -> RateLimitItem:
        return self._item

    async def hit(self, who: str, cost: int = 1) -> Verdict:
        """Spend `cost` of `who`'s budget if it has that much left (moving window), or say when it will.

        Raises:
            LimitsStoreUnavailable: the shared counters (Redis) cannot be reached.
        """
        return await self._verdict(who, await _bounded(self._limiter.hit(self._item, who, cost=cost)))

    async def check(self, who: str) -> Verdict:
        """Whether `who` has any budget left, spending none.

        Raises:
            LimitsStoreUnavailable: the shared counters (Redis) cannot be reached.
        """
        return await self._verdict(who, await _bounded(self._limiter.test(self._item, who)))

    async def _verdict(self, who: str, allowed: bool) -> Verdict:
        stats = await _bounded(self._limiter.get_window_stats(self._item, who))
        reset_s = max(0, math.ceil(stats.reset_time - time.time()))
        window_s = int(self._item.get_expiry())
        return Verdict(self.policy, allowed, self._item.amount, window_s, stats.remaining, reset_s)


class RateBudgets:
    """The budgets in force, on one storage: memory, or Redis shared by every replica."""

    def __init__(self, settings: LimitSettings) -> None:
        url = settings.redis_url.get_secret_value() if settings.redis_url else None
        # `async+` selects the library's asyncio storage; redis-py (`redis.asyncio`), not its default coredis.
        # Its errors come wrapped in one type (StorageError), translated where they enter (_store_errors).
        self.storage: Storage = (
            RedisStorage(
                f"async+{url}",
                implementation="redispy",
                wrap_exceptions=True,
                socket_connect_timeout=REDIS_TIMEOUT_S,
                socket_timeout=REDIS_TIMEOUT_S,
            )
            if url
            else MemoryStorage()
        )
        self.shared = url is not None
        moving = MovingWindowRateLimiter(self.storage)
        self.requests = _budget("requests", settings.requests_per_minute, moving)
        self.auth_failures = _budget("auth-failures", settings.auth_failures_per_minute, moving)
        # Tokens are known only once an answer is done: a fixed window records the whole cost even past the
        # quota (a moving window would refuse to record it), so the overshoot holds back the next requests.
        self.tokens = _budget("tokens", settings.tokens_per_minute, FixedWindowRateLimiter(self.storage))

    async def unreachable(self) -> str | None:
        """Why the shared counters cannot be used right now, or None (always None in memory): a readiness check
        that reads one key, within the store's timeouts."""
        if not self.shared:
            return None
        try:
            await _bounded(self.storage.get("relayboard:readiness"))
        except LimitsStoreUnavailable as exc:
            return str(exc)
        return None


def _budget(policy: str, per_minute: int, limiter: RateLimiter) -> Budget | None:
    return Budget(policy, per_minute, limiter) if per_minute > 0 else None
