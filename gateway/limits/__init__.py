"""Limits at the HTTP edge: rates and tokens per key, failed logins per address, concurrency, body size.

Its names load on first use, so reading `LimitSettings` (`relayboard mcp` does, before its handshake) does not
import the rate-limit stack.
"""

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gateway.limits.install import GatewayLimits
    from gateway.limits.settings import LimitSettings

__all__ = ["GatewayLimits", "LimitSettings"]
_HOMES = {"GatewayLimits": "gateway.limits.install", "LimitSettings": "gateway.limits.settings"}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_HOMES[name]), name)
