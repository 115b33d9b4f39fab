"""`/readyz` says which MCP servers do not answer and, for a session that is down, why."""

from pathlib import Path

import pytest

from tests.support.fake_system import FakeSystem, client, fake_app

EXITED = "exited while starting; it said: cannot start: SQLite database /data/chinook.sqlite does not exist"


class SqlDown(FakeSystem):
    """A system whose SQL server exited while starting and has not come back."""

    async def readiness(self) -> dict[str, bool]:
        return {"relayboard-retrieval": True, "relayboard-sql": False}

    def servers_down(self) -> dict[str, str]:
        return {"relayboard-sql": EXITED}


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RELAYBOARD_DATA_DIR", str(tmp_path))


async def test_not_ready_names_the_server_that_is_down_and_what_it_said() -> None:
    async with fake_app(SqlDown()) as app, client(app) as caller:
        probe = await caller.get("/readyz")
    assert probe.status_code == 503
    assert probe.json() == {
        "status": "not ready",
        "mode": "generative",
        "checks": {"relayboard-retrieval": True, "relayboard-sql": False},
        "reasons": {"relayboard-sql": EXITED},
    }


async def test_ready_carries_no_reasons() -> None:
    async with fake_app(FakeSystem()) as app, client(app) as caller:
        probe = await caller.get("/readyz")
    assert probe.status_code == 200 and probe.json() == {
        "status": "ready",
        "mode": "generative",
        "checks": {"fake": True},
    }
