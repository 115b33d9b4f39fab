"""DNS-rebinding protection for every route: a request must name this gateway in its Host header, and in its
Origin header when it sends one.

A page on `rebind.evil.example` whose name is re-pointed at 127.0.0.1 reaches a loopback gateway with the
browser's blessing, but its requests still say `Host: rebind.evil.example`; refusing names we do not serve
stops it. Hosts and ports are parsed and compared whole: `127.0.0.1:8121.evil.com` is not `127.0.0.1:8121`.
"""

from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from gateway.host_patterns import ALLOWED_HOSTS_VARIABLE, DEFAULT_PORTS, parse_allowed_host, split_authority
from gateway.refusals import refusal


class TrustedHostMiddleware:
    """Refuses requests whose Host is not allowed (421 Misdirected Request) or whose Origin, when present, is
    not (403), as the MCP SDK's transport security does; passes the rest on untouched."""

    def __init__(self, app: ASGIApp, allowed_hosts: list[str]) -> None:
        self._app = app
        self._patterns = [parse_allowed_host(entry) for entry in allowed_hosts]

    def _allowed(self, authority: str, scheme: str) -> bool:
        split = split_authority(authority)
        if split is None:
            return False
        hostname, port = split
        actual = port if port is not None else DEFAULT_PORTS.get(scheme, 0)
        return any(pattern.matches(hostname, actual, scheme) for pattern in self._patterns)

    def _origin_allowed(self, origin: str) -> bool:
        parts = urlsplit(origin)  # "null" (sandboxed pages, file:) has no scheme and is refused
        if parts.scheme not in ("http", "https") or parts.path or parts.query or parts.fragment:
            return False
        return self._allowed(parts.netloc, parts.scheme)

    def _refusal(self, scope: Scope) -> tuple[int, str, str] | None:
        headers = Headers(scope=scope)
        host, origin = headers.get("host", ""), headers.get("origin")
        if not self._allowed(host, scope.get("scheme", "http")):
            return (
                421,
                "Misdirected request",
                f"this gateway does not serve the host {host!r} (Host header; DNS-rebinding protection): "
                f"if clients reach it by that name, add it to {ALLOWED_HOSTS_VARIABLE} "
                '(a JSON list of HOST:PORT, e.g. ["relayboard.internal:8000"])',
            )
        if origin is not None and not self._origin_allowed(origin):
            return (
                403,
                "Forbidden origin",
                f"requests from the web origin {origin!r} are refused (DNS-rebinding protection): if a page "
                f"there should call this gateway, add its HOST:PORT to {ALLOWED_HOSTS_VARIABLE}",
            )
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        refused = self._refusal(scope) if scope["type"] in ("http", "websocket") else None
        if refused is None:
            await self._app(scope, receive, send)
        elif scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})  # policy violation: a websocket has no body
        else:
            await refusal(scope, *refused)(scope, receive, send)
