"""Waits between reconnection attempts: exponential, capped, jittered."""

import random
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Backoff:
    """Delay before attempt `n` (0-based): a random share of `min(cap_s, initial_s * 2**n)`.

    Jitter spreads the reconnects of many gateways so a server that comes back is not hit by all at once;
    the cap bounds how long a recovered server waits to be noticed. (tenacity has the same curve, but only as
    a retry loop around one call; here the delay also answers "when to come back" for a Retry-After header.)
    """

    initial_s: float = 0.25
    cap_s: float = 5.0

    def ceiling(self, attempt: int) -> float:
        """The longest delay before attempt `attempt`."""
        return min(self.cap_s, self.initial_s * 2.0 ** min(attempt, 32))

    def delay(self, attempt: int) -> float:
        """A delay before attempt `attempt`: between half the ceiling and the ceiling."""
        ceiling = self.ceiling(attempt)
        return random.uniform(ceiling / 2, ceiling)  # jitter, not cryptography
