"""Opening the checkpointer: a database that cannot be used stops start-up with one line naming the variable."""

import pytest

from evals.harness.processes import free_port
from graph.checkpoints import open_checkpointer
from graph.settings import SystemSettings
from tools.errors import ConfigurationError, UpstreamUnavailable


async def test_an_unreachable_postgres_checkpointer_names_the_variable_and_never_the_password(tmp_path) -> None:
    pytest.importorskip("langgraph.checkpoint.postgres.aio", reason="the postgres extra is not installed")
    url = f"postgresql://relayboard:hunter2@127.0.0.1:{free_port()}/relayboard?connect_timeout=2"
    settings = SystemSettings(data_dir=tmp_path, checkpoint_url=url)

    with pytest.raises(UpstreamUnavailable) as refused:
        async with open_checkpointer(settings):
            pytest.fail("a checkpointer was opened on a port nothing listens on")

    message = str(refused.value)
    assert message.startswith("the checkpoint database (RELAYBOARD_CHECKPOINT_URL) cannot be opened")
    assert "hunter2" not in message


async def test_a_checkpoint_url_that_is_not_postgres_is_a_configuration_error(tmp_path) -> None:
    settings = SystemSettings(data_dir=tmp_path, checkpoint_url="mysql://relayboard@127.0.0.1/relayboard")

    with pytest.raises(ConfigurationError, match="RELAYBOARD_CHECKPOINT_URL must be a postgresql:// URL"):
        async with open_checkpointer(settings):
            pytest.fail("a checkpointer was opened on a MySQL URL")


async def test_without_a_url_threads_are_kept_in_sqlite_under_the_data_dir(tmp_path) -> None:
    settings = SystemSettings(data_dir=tmp_path)

    async with open_checkpointer(settings) as saver:
        assert await saver.aget_tuple({"configurable": {"thread_id": "never-used"}}) is None

    assert settings.checkpoint_path.is_file()
    assert settings.checkpoint_path.is_relative_to(tmp_path)
