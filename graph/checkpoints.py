"""Opening the checkpointer that persists conversation threads: SQLite by default, PostgreSQL when configured."""

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any

from langgraph.checkpoint.base import BaseCheckpointSaver

from graph.settings import SystemSettings
from tools.errors import ConfigurationError, UpstreamUnavailable


@asynccontextmanager
async def open_checkpointer(settings: SystemSettings) -> AsyncIterator[BaseCheckpointSaver[Any]]:
    """The configured checkpointer, set up and open for the duration of the context.

    Raises:
        ConfigurationError: a Postgres URL is given but the postgres extra is not installed.
        UpstreamUnavailable: the PostgreSQL server cannot be reached or refuses the connection.
    """
    url = settings.checkpoint_url
    if url and url.startswith(("postgres://", "postgresql://")):
        try:
            from langgraph.checkpoint.postgres.aio import AsyncPostgresSaver
            from psycopg import OperationalError
        except ImportError as exc:
            raise ConfigurationError(
                "RELAYBOARD_CHECKPOINT_URL is a PostgreSQL URL: "
                "install the extra with `pip install relayboard[postgres]`"
            ) from exc
        async with AsyncExitStack() as stack:
            try:
                postgres = await stack.enter_async_context(AsyncPostgresSaver.from_conn_string(url))
                await postgres.setup()
            except OperationalError as exc:
                # psycopg's message names the host and port, never the password.
                raise UpstreamUnavailable(
                    f"the checkpoint database (RELAYBOARD_CHECKPOINT_URL) cannot be opened: {exc}"
                ) from exc
            yield postgres
        return
    if url:
        raise ConfigurationError("RELAYBOARD_CHECKPOINT_URL must be a postgresql:// URL (or unset for SQLite)")
    from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver

    settings.checkpoint_path.parent.mkdir(parents=True, exist_ok=True)
    async with AsyncSqliteSaver.from_conn_string(str(settings.checkpoint_path)) as saver:
        await saver.setup()
        yield saver
