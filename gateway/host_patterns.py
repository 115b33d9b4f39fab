"""Allowed Host names (`RELAYBOARD_ALLOWED_HOSTS` entries) and how a Host or Origin authority is split and matched.

Apart from the middleware (gateway/trusted_hosts.py) so that the settings can parse them without loading the web
stack: `relayboard mcp` reads the gateway's settings before its handshake.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

ALLOWED_HOSTS_VARIABLE = "RELAYBOARD_ALLOWED_HOSTS"
DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}
_NOT_IN_AN_AUTHORITY = frozenset("@/\\?# \t")


@dataclass(frozen=True, slots=True)
class HostPattern:
    """One allowed name: a hostname and a port (`None`: the scheme's default port; `"*"`: any port)."""

    hostname: str
    port: int | str | None

    def matches(self, hostname: str, port: int, scheme: str) -> bool:
        if hostname != self.hostname:
            return False
        if self.port == "*":
            return True
        return port == (self.port if self.port is not None else DEFAULT_PORTS.get(scheme))


def split_authority(value: str) -> tuple[str, int | None] | None:
    """(hostname, port) of `host[:port]` (IPv6 in brackets), or None when it is not exactly that."""
    if not value or any(character in _NOT_IN_AN_AUTHORITY for character in value):
        return None
    parts = urlsplit(f"//{value}")
    try:
        port = parts.port  # raises on `8121.evil.com` and other non-numbers
    except ValueError:
        return None
    if not parts.hostname:
        return None
    return parts.hostname, port


def parse_allowed_host(entry: str) -> HostPattern:
    """Parse `HOST`, `HOST:PORT` or `HOST:*` (any port).

    Raises:
        ValueError: `entry` is not one of those forms.
    """
    wildcard = entry.endswith(":*")
    split = split_authority(entry[:-2] if wildcard else entry)
    if split is None or (wildcard and split[1] is not None):
        raise ValueError(f"{entry!r} is not HOST, HOST:PORT or HOST:* (e.g. `relayboard.internal:8000`)")
    hostname, port = split
    return HostPattern(hostname, "*" if wildcard else port)
