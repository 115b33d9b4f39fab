"""A 5xx names one trace: the `traceparent` response header and the problem's `trace_id` agree, whether the
request had a server span (an API route) or not (a probe path, which FastAPI does not trace)."""

from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from agents.contracts import ANONYMOUS, Principal
from tests.support.fake_system import FakeSystem, fake_app
from tools.errors import UpstreamUnavailable

CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"


class Failing(FakeSystem):
    """Every tool call and readiness check fails with `error`."""

    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error

    async def call_tool(
        self, agent: str, tool: str, arguments: dict[str, Any], *, principal: Principal = ANONYMOUS
    ) -> dict[str, Any]:
        raise self.error

    async def readiness(self) -> dict[str, bool]:
        raise self.error


def caller(app: FastAPI) -> httpx.AsyncClient:
    # A bug is re-raised by Starlette after its 500 is sent; the client reads the 500 as a real one would.
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    return httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:8000", timeout=10)


def header_trace(response: httpx.Response) -> str:
    return response.headers["traceparent"].split("-")[1]


@pytest.mark.usefixtures("sdk_tracer_provider")
@pytest.mark.parametrize(
    ("error", "status"), [(RuntimeError("a bug"), 500), (UpstreamUnavailable("the store is down"), 503)]
)
@pytest.mark.parametrize("path", ["/v1/collections", "/readyz"])
async def test_a_5xx_names_the_same_trace_in_its_header_and_its_body(error: Exception, status: int, path: str) -> None:
    async with fake_app(Failing(error)) as app, caller(app) as client:
        response = await client.get(path)
    assert response.status_code == status
    assert header_trace(response) == response.json()["trace_id"]


@pytest.mark.usefixtures("sdk_tracer_provider")
@pytest.mark.parametrize("path", ["/v1/collections", "/readyz"])
async def test_a_5xx_continues_the_callers_trace(path: str) -> None:
    traceparent = f"00-{CALLER_TRACE}-00f067aa0ba902b7-01"
    async with fake_app(Failing(RuntimeError("a bug"))) as app, caller(app) as client:
        response = await client.get(path, headers={"traceparent": traceparent})
    assert response.status_code == 500
    assert header_trace(response) == response.json()["trace_id"] == CALLER_TRACE
