"""Limits at the HTTP edge: rates and tokens per key, failed logins per address, concurrency, body size."""

from gateway.limits.install import GatewayLimits
from gateway.limits.settings import LimitSettings

__all__ = ["GatewayLimits", "LimitSettings"]
