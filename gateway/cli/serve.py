"""`relayboard serve`: the HTTP API and /mcp under uvicorn, refusing an open listener without keys."""

import argparse

import uvicorn

from gateway.app import create_app
from gateway.governance.listener import refuse_open_listener
from gateway.governance.settings import GovernanceSettings
from gateway.governance.store import KeyStore
from gateway.settings import GatewaySettings
from observability import configure_logging


def run(args: argparse.Namespace) -> int:
    """Serve until interrupted.

    Raises:
        ConfigurationError: the listener would be open off loopback with no keys to require.
    """
    settings = GatewaySettings()
    # The flags override the environment for everything that depends on them, the allowed Host names included.
    settings = settings.model_copy(update={"host": args.host or settings.host, "port": args.port or settings.port})
    store = KeyStore.open(GovernanceSettings().sqlalchemy_url())
    try:
        refuse_open_listener(settings, store)  # here too, so the refusal is one line, not a lifespan traceback
    finally:
        store.close()
    configure_logging("gateway")
    # Logging is ours (observability/logs.py); each request is logged once by gateway/request_log.py.
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_config=None, access_log=False)
    return 0
