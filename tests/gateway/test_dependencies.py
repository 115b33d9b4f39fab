"""The routes' dependencies cost no thread: a request is answered on the event loop even when the thread pool
that FastAPI runs plain `def` dependencies in has no thread to give."""

import asyncio
from collections.abc import AsyncIterator

import pytest
from anyio.to_thread import current_default_thread_limiter

from gateway.limits import LimitSettings
from gateway.settings import GatewaySettings
from tests.support.fake_system import FakeSystem, client, fake_app

ADMIN = "admin-key-0123456789abcdef"
KEYED = GatewaySettings(api_keys={ADMIN: {"name": "root", "grants": ["admin"]}})  # type: ignore[dict-item]


@pytest.fixture
async def no_free_thread() -> AsyncIterator[None]:
    """FastAPI's thread pool (anyio's default limiter) down to one thread, which the test holds."""
    limiter = current_default_thread_limiter()
    tokens = limiter.total_tokens
    limiter.total_tokens, holder = 1, object()
    await limiter.acquire_on_behalf_of(holder)
    try:
        yield
    finally:
        limiter.release_on_behalf_of(holder)
        limiter.total_tokens = tokens


@pytest.mark.usefixtures("no_free_thread")
async def test_ask_and_the_admin_and_openai_routes_answer_without_a_free_thread() -> None:
    async with fake_app(FakeSystem(), LimitSettings(), KEYED) as app, client(app, key=ADMIN) as admin:
        asked = await asyncio.wait_for(admin.post("/v1/ask", json={"question": "How many tracks are there?"}), 5)
        assert asked.status_code == 200, asked.text
        keys = await asyncio.wait_for(admin.get("/v1/admin/keys"), 5)
        assert keys.status_code == 200, keys.text
        chat = {"model": "relayboard", "messages": [{"role": "user", "content": "How many tracks are there?"}]}
        completed = await asyncio.wait_for(admin.post("/v1/chat/completions", json=chat), 5)
        assert completed.status_code == 200, completed.text
