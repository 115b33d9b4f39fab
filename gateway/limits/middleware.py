"""The limit middlewares: failed logins per client address (outside the key check), and per key, inside it,
requests per minute, tokens per minute, requests in progress and the expensive kinds' share."""

import logging
import math
from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from agents.contracts import ANONYMOUS, Principal
from gateway.auth import PUBLIC_PATHS
from gateway.limits.install import GatewayLimits
from gateway.limits.path_classes import path_class
from gateway.limits.rates import STORE_NAME, LimitsStoreUnavailable, Verdict
from gateway.limits.responses import refuse
from gateway.request_state import PRINCIPAL_STATE

logger = logging.getLogger(__name__)


def _client_address(scope: Scope) -> str:
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


def _with_headers(send: Send, headers: dict[str, str], on_status: Callable[[int], None] | None = None) -> Send:
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            if on_status is not None:
                on_status(int(message["status"]))
            extra = [(name.lower().encode(), value.encode()) for name, value in headers.items()]
            message = {**message, "headers": [*message.get("headers", []), *extra]}
        await send(message)

    return sending


class AuthFailureLimitMiddleware:
    """An address that failed authentication `auth_failures_per_minute` times gets 429 until the minute passes:
    guessing keys costs a minute per few guesses."""

    def __init__(self, app: ASGIApp, *, limits: GatewayLimits) -> None:
        self._app, self._limits = app, limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        budget = self._limits.budgets.auth_failures
        if scope["type"] != "http" or budget is None or scope["path"] in PUBLIC_PATHS:
            await self._app(scope, receive, send)
            return
        address = _client_address(scope)
        try:
            verdict = await budget.check(address)
        except LimitsStoreUnavailable as exc:
            await _store_down(scope, receive, send, exc)
            return
        if not verdict.allowed:
            detail = (
                f"too many failed authentications from {address}: wait {verdict.headers()['Retry-After']} s, "
                "then send a valid key (`Authorization: Bearer KEY`)"
            )
            await refuse(scope, receive, send, 429, detail, verdict.headers())
            return
        statuses: list[int] = []
        await self._app(scope, receive, _with_headers(send, {}, statuses.append))
        if statuses and statuses[0] == 401:
            try:
                await budget.hit(address)
            except LimitsStoreUnavailable as exc:  # the 401 is sent: only the count is lost
                logger.warning("a failed authentication from %s was not counted: %s", address, exc)


class KeyLimitMiddleware:
    """Per key (the request's `Principal.name`): a request budget per minute, a token budget per minute
    (generative answers spend it), a cap on requests in progress, and a fair share of the expensive kinds."""

    def __init__(self, app: ASGIApp, *, limits: GatewayLimits) -> None:
        self._app, self._limits = app, limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in PUBLIC_PATHS:
            await self._app(scope, receive, send)
            return
        principal = scope.get("state", {}).get(PRINCIPAL_STATE, ANONYMOUS)
        who = principal.name if isinstance(principal, Principal) else ANONYMOUS.name
        limits, headers = self._limits, dict[str, str]()
        for budget, hit in ((limits.budgets.requests, True), (limits.budgets.tokens, False)):
            if budget is None:
                continue
            try:
                verdict = await (budget.hit(who) if hit else budget.check(who))
            except LimitsStoreUnavailable as exc:
                await _store_down(scope, receive, send, exc)
                return
            if not verdict.allowed:
                await refuse(scope, receive, send, 429, _over_budget(who, verdict), verdict.headers())
                return
            if hit:
                headers.update(verdict.headers())
        if not limits.enter(who):
            detail = (
                f"the key of {who} already has {limits.settings.concurrent_requests} requests in progress, "
                "the most one key may have at once (RELAYBOARD_CONCURRENT_REQUESTS): retry when one finishes"
            )
            await refuse(scope, receive, send, 429, detail, {"Retry-After": "1"})
            return
        try:
            await self._admitted(scope, receive, _with_headers(send, headers), who)
        finally:
            limits.leave(who)
            count = limits.tally.take(scope.get("state", {}).get("trace_id"))
            if limits.budgets.tokens is not None and count.total:
                try:
                    await limits.budgets.tokens.hit(who, cost=count.total)
                except LimitsStoreUnavailable as exc:  # the answer is sent: only the count is lost
                    logger.warning("%d model tokens of %s were not counted: %s", count.total, who, exc)
            scope.setdefault("state", {})["usage"] = count  # the request record reads it

    async def _admitted(self, scope: Scope, receive: Receive, send: Send, who: str) -> None:
        kind = path_class(scope["method"], scope["path"])
        if kind is None:
            await self._app(scope, receive, send)
            return
        async with self._limits.gates[kind].admit(who) as refusal:
            if refusal is not None:
                await refuse(scope, receive, send, refusal.status, refusal.detail, {"Retry-After": "1"})
                return
            await self._app(scope, receive, send)


async def _store_down(scope: Scope, receive: Receive, send: Send, exc: LimitsStoreUnavailable) -> None:
    """503: a request that cannot be counted is not run. The cause (which may name internal hosts) is logged for the
    operator; the caller is told what is down and when to retry."""
    logger.warning("refused %s %s: %s", scope.get("method"), scope.get("path"), exc)
    retry_s = max(1, math.ceil(exc.retry_after_s or 1))
    detail = (
        f"{STORE_NAME} does not answer, so this request cannot be counted against its limits and was not run: "
        f"retry in {retry_s} s; if it persists, the operator should check that Redis is up (GET /readyz names it)"
    )
    await refuse(scope, receive, send, 503, detail, {"Retry-After": str(retry_s)}, title="Dependency unavailable")


def _over_budget(who: str, verdict: Verdict) -> str:
    what = {"requests": "requests", "tokens": "model tokens"}[verdict.policy]
    variable = {"requests": "RELAYBOARD_REQUESTS_PER_MINUTE", "tokens": "RELAYBOARD_TOKENS_PER_MINUTE"}
    return (
        f"the key of {who} has used its {verdict.quota} {what} per minute ({variable[verdict.policy]}): "
        f"retry in {max(1, verdict.reset_s)} s"
    )
