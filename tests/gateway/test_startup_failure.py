"""A gateway that cannot start reports why in one sentence, not a traceback, when the failure was raised on purpose;
a failure of ours keeps its traceback."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from pathlib import Path
from typing import Any

import pytest
from starlette.types import Message

from agents.mcp_client import ServerExited
from gateway.app import create_app
from gateway.governance.settings import GovernanceSettings
from gateway.settings import GatewaySettings

EXITED = "MCP server notes exited while starting; it said: set NOTES_TOKEN (its log: /data/logs/mcp-external-notes.log)"


async def startup_report(tmp_path: Path, failure: BaseException) -> Message:
    """What the app tells the ASGI server when its system factory raises `failure` at start-up."""

    @asynccontextmanager
    async def failing() -> AsyncIterator[Any]:
        raise failure
        yield  # pragma: no cover - the generator form is what the factory contract asks for

    app = create_app(
        GatewaySettings(),
        system_factory=failing,
        configure_telemetry=False,
        records=GovernanceSettings(data_dir=tmp_path),
    )
    sent: list[Message] = []
    messages = iter([{"type": "lifespan.startup"}])

    async def receive() -> Message:
        return next(messages)

    async def send(message: Message) -> None:
        sent.append(message)

    with suppress(BaseException):  # the lifespan re-raises after reporting, as Starlette does
        await app({"type": "lifespan", "asgi": {"version": "3.0"}, "state": {}}, receive, send)
    assert [message["type"] for message in sent] == ["lifespan.startup.failed"]
    return sent[0]


async def test_a_server_that_will_not_start_is_reported_in_its_own_words(tmp_path: Path) -> None:
    report = await startup_report(tmp_path, ServerExited("notes", EXITED, reason="exited"))
    assert report["message"] == f"relayboard cannot start: {EXITED}"


async def test_several_such_failures_at_once_are_all_named(tmp_path: Path) -> None:
    both = ExceptionGroup(
        "start-up", [ServerExited("a", "MCP server a exited"), ServerExited("b", "MCP server b exited")]
    )
    report = await startup_report(tmp_path, both)
    assert report["message"] == "relayboard cannot start: MCP server a exited; MCP server b exited"


@pytest.mark.parametrize(
    "bug", [KeyError("system"), ExceptionGroup("start-up", [ServerExited("a", "x"), KeyError("y")])]
)
async def test_a_failure_of_ours_keeps_its_traceback(tmp_path: Path, bug: BaseException) -> None:
    report = await startup_report(tmp_path, bug)
    assert "Traceback (most recent call last):" in report["message"]
    assert "KeyError" in report["message"]
