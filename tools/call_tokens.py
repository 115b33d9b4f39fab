"""Short-lived signed credentials for MCP calls: the gateway signs them, the server that runs the tool verifies them.

A token is a JWT (PyJWT, HS256 with one shared secret per deployment) with the caller's name (`sub`), audience =
the one server it is for (`aud`), a lifetime of `call_token_ttl_s` (`exp`) and a unique id (`jti`). Two kinds:

- a *call* token rides in one `tools/call` (or `tools/list`) request's `_meta[CREDENTIAL_META_KEY]`; it carries
  the caller's grants and is bound to the call: the tool's name and a digest of its arguments;
- a *connection* token rides in the `Authorization` header of each HTTP request the gateway sends to a server
  over streamable HTTP; a request without a valid one is a 401 before any MCP handling.

A server accepts each `jti` once within its lifetime, so a token captured off the wire works neither for another
call (the binding) nor again for the same one (the jti).
"""

import hashlib
import heapq
import json
import os
import secrets
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import jwt

from tools.errors import InvalidInput, Unauthenticated
from tools.grants import Grants
from tools.settings import CallTokenSettings

CREDENTIAL_META_KEY = "relayboard/credential"
GATEWAY_SUBJECT = "relayboard-gateway"
SECRET_FILE = "call-token.secret"
LIST_TOOLS = "tools/list"  # the `tool` a token for a tools/list request is bound to
_ALGORITHM = "HS256"
_LEEWAY_S = 5.0  # clock skew tolerated between the gateway's host and a server's
TokenKind = Literal["call", "connection"]


def deployment_secret(settings: CallTokenSettings) -> bytes:
    """The deployment's signing secret: the setting, or the data dir's secret file, created on first use (0600)."""
    if settings.call_token_secret is not None:
        return settings.call_token_secret.get_secret_value().encode()
    path = settings.data_dir / SECRET_FILE
    try:
        return path.read_bytes().strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process of this deployment created it meanwhile
        return _read_when_written(path)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(secrets.token_urlsafe(48))
    return path.read_bytes().strip()


def _read_when_written(path: Path) -> bytes:
    for _ in range(100):
        if secret := path.read_bytes().strip():
            return secret
        time.sleep(0.01)  # the creator writes right after creating; bounded, at start-up only
    raise Unauthenticated(f"{path} is empty: delete it and restart, or set RELAYBOARD_CALL_TOKEN_SECRET")


def call_digest(tool: str, arguments: dict[str, Any]) -> str:
    """The digest a call token binds: the tool's name and its arguments in canonical JSON.

    Raises:
        InvalidInput: the arguments hold NaN or Infinity. JSON has neither: the transport would send them as null,
            and the server's digest of what it received would never match this one.
    """
    try:
        canonical = json.dumps(
            {"tool": tool, "arguments": arguments}, sort_keys=True, separators=(",", ":"), default=str, allow_nan=False
        )
    except ValueError as exc:
        raise InvalidInput(
            f"the arguments of `{tool}` hold NaN or Infinity, which JSON cannot carry: send finite numbers"
        ) from exc
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class VerifiedCaller:
    """Who a verified call token says the call is for, and what it may do."""

    name: str
    grants: Grants


class CallSigner:
    """Mints call and connection tokens with the deployment's secret (the gateway side)."""

    def __init__(self, secret: bytes, *, ttl_s: float, clock: Callable[[], float] = time.time) -> None:
        self._secret, self._ttl_s, self._clock = secret, ttl_s, clock

    def call_token(self, name: str, grants: Grants, *, audience: str, tool: str, arguments: dict[str, Any]) -> str:
        """A token for one call of `tool` with `arguments` on server `audience`, for caller `name`."""
        claims = {"sub": name, "grants": grants.strings(), "tool": tool, "digest": call_digest(tool, arguments)}
        return self._sign("call", audience, claims)

    def connection_token(self, audience: str) -> str:
        """A token for one HTTP request of the gateway's to server `audience`."""
        return self._sign("connection", audience, {"sub": GATEWAY_SUBJECT})

    def _sign(self, kind: TokenKind, audience: str, claims: dict[str, Any]) -> str:
        now = self._clock()
        payload = {**claims, "kind": kind, "aud": audience, "iat": int(now), "exp": int(now + self._ttl_s)}
        return jwt.encode({**payload, "jti": uuid.uuid4().hex}, self._secret, algorithm=_ALGORITHM)


class CallVerifier:
    """Checks tokens for one server (the `audience`): signature, audience, expiry, binding, and one use per jti."""

    def __init__(self, secret: bytes, *, audience: str, clock: Callable[[], float] = time.time) -> None:
        self._secret, self._audience, self._clock = secret, audience, clock
        # The jtis used, and a heap of (expiry, jti) so each leaves once its token could no longer verify anyway.
        self._seen: set[str] = set()
        self._expiries: list[tuple[float, str]] = []

    def verify_call(self, token: object, tool: str, arguments: dict[str, Any]) -> VerifiedCaller:
        """The caller of a call token for `tool` with `arguments`.

        Raises:
            Unauthenticated: no token, or one that is forged, expired, for another server or call, or replayed.
        """
        claims = self._claims(token, "call")
        if claims.get("tool") != tool or claims.get("digest") != call_digest(tool, arguments):
            raise Unauthenticated(f"the call credential was issued for another call, not this call of `{tool}`")
        grants = claims.get("grants")
        if not isinstance(grants, list) or not all(isinstance(grant, str) for grant in grants):
            raise Unauthenticated("the call credential carries no grants")
        return VerifiedCaller(str(claims["sub"]), Grants.parse(grants))

    def verify_connection(self, token: object) -> None:
        """Accept a connection token of the gateway's.

        Raises:
            Unauthenticated: no token, or one that is forged, expired, for another server, or replayed.
        """
        self._claims(token, "connection")

    def _claims(self, token: object, kind: TokenKind) -> dict[str, Any]:
        if not isinstance(token, str) or not token:
            raise Unauthenticated(f"no {kind} credential: only the Relayboard gateway of this deployment may call")
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                self._secret,
                algorithms=[_ALGORITHM],
                audience=self._audience,
                leeway=_LEEWAY_S,
                options={"require": ["exp", "iat", "jti", "aud", "sub"]},
            )
        except jwt.ExpiredSignatureError as exc:
            raise Unauthenticated(f"the {kind} credential has expired") from exc
        except jwt.InvalidAudienceError as exc:
            raise Unauthenticated(f"the {kind} credential is for another server, not {self._audience}") from exc
        except jwt.PyJWTError as exc:
            raise Unauthenticated(f"the {kind} credential does not verify ({exc})") from exc
        if claims.get("kind") != kind:
            raise Unauthenticated(f"expected a {kind} credential, got a {claims.get('kind')} credential")
        self._use_once(str(claims["jti"]), float(claims["exp"]))
        return claims

    def _use_once(self, jti: str, expiry: float) -> None:
        now = self._clock()
        while self._expiries and self._expiries[0][0] + _LEEWAY_S < now:
            self._seen.discard(heapq.heappop(self._expiries)[1])
        if jti in self._seen:
            raise Unauthenticated("the credential was already used: each call needs a fresh one")
        self._seen.add(jti)
        heapq.heappush(self._expiries, (expiry, jti))
