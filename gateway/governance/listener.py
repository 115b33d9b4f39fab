"""Authentication is on by default beyond loopback: a gateway reachable from other machines needs a key."""

from gateway.governance.store import KeyStore
from gateway.settings import GatewaySettings
from tools.errors import ConfigurationError


def refuse_open_listener(settings: GatewaySettings, store: KeyStore) -> None:
    """Refuse to serve on a non-loopback address while no API key exists.

    Raises:
        ConfigurationError: says how to create the first key.
        UpstreamUnavailable: the key store cannot be reached.
    """
    if settings.on_loopback or settings.api_keys or store.has_live_keys():
        return
    raise ConfigurationError(
        f"the gateway would listen on {settings.host or 'every address'}, beyond this machine, and no API key exists, "
        "so anyone could use it. Create one first: `relayboard keys create admin --grant admin` prints a key once "
        "(give other callers narrower keys, e.g. `--grant agent:retrieval --grant tool:retrieval:* --grant "
        "collection:docs:read`); or listen on 127.0.0.1"
    )
