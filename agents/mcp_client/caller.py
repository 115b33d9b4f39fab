"""Who a tool call is for, carried to the MCP server as a signed call token in the call's `_meta`."""

from collections.abc import Collection, Generator
from typing import Any

import httpx2  # fastmcp's HTTP client: its transports take an httpx2.Auth

from agents.contracts import Principal
from tools.call_tokens import CREDENTIAL_META_KEY, CallSigner

OUR_SERVER_PREFIX = "relayboard-"


def grant_namespace(server: str) -> str:
    """The SERVER of `tool:SERVER:PATTERN` grants for MCP server `server` (`relayboard-sql` -> `sql`)."""
    return server.removeprefix(OUR_SERVER_PREFIX)


class CallCredentials:
    """Signs a call token for each call to a server that verifies them (ours); other servers get none.

    The audience of a token is the server's grant namespace (`sql`, `retrieval`, `summarise`), which is also the
    name each of our servers checks tokens against.
    """

    def __init__(self, signer: CallSigner, verifying_servers: Collection[str]) -> None:
        self._signer, self._servers = signer, frozenset(verifying_servers)

    def request_meta(self, principal: Principal, server: str, tool: str, arguments: dict[str, Any]) -> dict[str, Any]:
        """The `_meta` entries a call of `tool` with `arguments` on `server` carries for `principal`."""
        if server not in self._servers:
            return {}
        token = self._signer.call_token(
            principal.name, principal.grants, audience=grant_namespace(server), tool=tool, arguments=arguments
        )
        return {CREDENTIAL_META_KEY: token}


class ConnectionAuth(httpx2.Auth):
    """The gateway's connection token on every HTTP request to one of our servers (fresh per request: each is
    accepted once and lives `call_token_ttl_s`)."""

    def __init__(self, signer: CallSigner, server: str) -> None:
        self._signer, self._audience = signer, grant_namespace(server)

    def auth_flow(self, request: httpx2.Request) -> Generator[httpx2.Request, httpx2.Response, None]:
        request.headers["authorization"] = f"Bearer {self._signer.connection_token(self._audience)}"
        yield request
