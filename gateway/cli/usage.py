"""`relayboard usage`: the running gateway's usage per key, route and day, as a table."""

import argparse
import sys
from typing import Any

import httpx
from rich.console import Console
from rich.table import Table

from gateway.settings import GatewaySettings
from tools.errors import InvalidInput, UpstreamUnavailable

_COLUMNS = ("day", "principal", "route", "requests", "errors", "tokens_in", "tokens_out", "mean_latency_ms")


def render(rows: list[dict[str, Any]]) -> Table:
    table = Table(*_COLUMNS, title="Relayboard usage")
    for row in rows:
        table.add_row(*(str(row[column]) for column in _COLUMNS))
    return table


def print_usage(*, url: str | None, since: str | None, key: str | None) -> int:
    """GET /v1/usage and print it.

    Raises:
        UpstreamUnavailable: the gateway is not running at that URL, or failed.
        InvalidInput: the gateway refused the request (a bad `since`, a missing key).
    """
    settings = GatewaySettings()
    base = (url or settings.client_url()).rstrip("/")
    params = {name: value for name, value in (("since", since), ("key", key)) if value}
    try:
        response = httpx.get(f"{base}/v1/usage", params=params, headers=settings.client_headers(), timeout=30)
    except httpx.TransportError as exc:
        raise UpstreamUnavailable(f"no Relayboard gateway at {base} ({exc}): start it with `make run`") from exc
    if response.status_code >= 400:
        detail = response.json().get("detail", response.text) if response.content else response.reason_phrase
        raise (InvalidInput if response.status_code < 500 else UpstreamUnavailable)(str(detail))
    # Piped output keeps whole rows (rich would wrap them at 80 columns).
    Console(width=None if sys.stdout.isatty() else 200).print(render(response.json()["rows"]))
    return 0


def run(args: argparse.Namespace) -> int:
    """`relayboard usage`: see `print_usage`."""
    return print_usage(url=args.url, since=args.since, key=args.key)
