"""The limits one gateway enforces, built once per app: budgets, gates, token tally, requests in progress."""

from collections import Counter

from gateway.limits.path_classes import PathGate, path_gates
from gateway.limits.rates import RateBudgets
from gateway.limits.settings import LimitSettings
from gateway.usage.tally import TraceTally


class GatewayLimits:
    """Everything the limit middlewares share. Counters live in memory, or Redis when configured (rates only:
    requests in progress and the expensive kinds' slots are this process's own)."""

    def __init__(self, settings: LimitSettings) -> None:
        self.settings = settings
        self.budgets = RateBudgets(settings)
        self.gates: dict[str, PathGate] = path_gates(settings)
        self.tally = TraceTally()
        self._in_progress: Counter[str] = Counter()

    def enter(self, who: str) -> bool:
        """Count one more request of `who` in progress, unless it has its most already."""
        cap = self.settings.concurrent_requests
        if cap and self._in_progress[who] >= cap:
            return False
        self._in_progress[who] += 1
        return True

    def leave(self, who: str) -> None:
        self._in_progress[who] -= 1
