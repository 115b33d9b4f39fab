"""Rate budgets counted by the `limits` library: requests and tokens per key, failed logins per address."""

import math
import time
from dataclasses import dataclass

from limits import RateLimitItem, RateLimitItemPerMinute
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from limits.aio.strategies import FixedWindowRateLimiter, MovingWindowRateLimiter, RateLimiter

from gateway.limits.settings import LimitSettings


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
        """Spend `cost` of `who`'s budget if it has that much left (moving window), or say when it will."""
        return await self._verdict(who, await self._limiter.hit(self._item, who, cost=cost))

    async def check(self, who: str) -> Verdict:
        """Whether `who` has any budget left, spending none."""
        return await self._verdict(who, await self._limiter.test(self._item, who))

    async def _verdict(self, who: str, allowed: bool) -> Verdict:
        stats = await self._limiter.get_window_stats(self._item, who)
        reset_s = max(0, math.ceil(stats.reset_time - time.time()))
        window_s = int(self._item.get_expiry())
        return Verdict(self.policy, allowed, self._item.amount, window_s, stats.remaining, reset_s)


class RateBudgets:
    """The budgets in force, on one storage: memory, or Redis shared by every replica."""

    def __init__(self, settings: LimitSettings) -> None:
        url = settings.redis_url.get_secret_value() if settings.redis_url else None
        # `async+` selects the library's asyncio storage; redis-py (`redis.asyncio`), not its default coredis.
        self.storage: Storage = RedisStorage(f"async+{url}", implementation="redispy") if url else MemoryStorage()
        moving = MovingWindowRateLimiter(self.storage)
        self.requests = _budget("requests", settings.requests_per_minute, moving)
        self.auth_failures = _budget("auth-failures", settings.auth_failures_per_minute, moving)
        # Tokens are known only once an answer is done: a fixed window records the whole cost even past the
        # quota (a moving window would refuse to record it), so the overshoot holds back the next requests.
        self.tokens = _budget("tokens", settings.tokens_per_minute, FixedWindowRateLimiter(self.storage))


def _budget(policy: str, per_minute: int, limiter: RateLimiter) -> Budget | None:
    return Budget(policy, per_minute, limiter) if per_minute > 0 else None
