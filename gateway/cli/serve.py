"""`relayboard serve`: the HTTP API and /mcp under uvicorn, refusing an open listener without keys."""

import argparse
import os

import uvicorn
from pydantic import ValidationError

from gateway.app import create_app
from gateway.governance.listener import refuse_open_listener
from gateway.governance.settings import GovernanceSettings
from gateway.governance.store import KeyStore
from gateway.settings import GatewaySettings
from gateway.settings_errors import check_settings
from gateway.workers import check_workers, serve_workers
from graph.settings import SystemSettings
from observability import configure_logging
from tools.errors import ConfigurationError
from tools.settings import StoreSettings

_FLAGS = ("host", "port")


def with_flags(settings: GatewaySettings, args: argparse.Namespace) -> GatewaySettings:
    """`settings` with `--host` and `--port` applied, validated as the variables are (a copy with `update=` would
    skip validation, and a bad port would surface as uvicorn's traceback).

    Raises:
        ConfigurationError: a flag's value is out of range; the message names the flag.
    """
    flags = {name: getattr(args, name) for name in _FLAGS if getattr(args, name) is not None}
    if not flags:
        return settings
    try:
        # The flags override the environment for everything that depends on them, the allowed Host names included.
        return GatewaySettings.model_validate({**settings.model_dump(), **flags})
    except ValidationError as exc:
        problems = [
            f"--{error['loc'][0]}: {error['msg'].removeprefix('Value error, ')} (got {error.get('input')!r})"
            for error in exc.errors(include_url=False)
            if error["loc"] and error["loc"][0] in flags
        ]
        if not problems:
            raise
        raise ConfigurationError("; ".join(problems)) from None


def run(args: argparse.Namespace) -> int:
    """Serve until interrupted.

    Raises:
        ConfigurationError: the listener would be open off loopback with no keys to require, or several workers
            were asked for with MCP servers they cannot share; any variable that cannot be read.
    """
    check_settings()  # all of them, so none fails later inside the lifespan as a traceback
    settings = with_flags(GatewaySettings(), args)
    check_workers(settings.workers, SystemSettings(), StoreSettings())
    store = KeyStore.open(GovernanceSettings().sqlalchemy_url())
    try:
        refuse_open_listener(settings, store)  # here too, so the refusal is one line, not a lifespan traceback
    finally:
        store.close()
    configure_logging("gateway")
    # Logging is ours (observability/logs.py); each request is logged once by gateway/request_log.py.
    if settings.workers == 1:
        uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_config=None, access_log=False)
        return 0
    # Each worker process builds its own app from the environment it inherits: the flags travel that way.
    os.environ.update({"RELAYBOARD_HOST": settings.host, "RELAYBOARD_PORT": str(settings.port)})  # noqa: TID251
    config = uvicorn.Config(
        "gateway.workers:worker_app",
        factory=True,
        workers=settings.workers,
        host=settings.host,
        port=settings.port,
        log_config=None,
        access_log=False,
    )
    serve_workers(config)
    return 0
