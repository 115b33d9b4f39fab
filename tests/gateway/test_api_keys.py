"""API keys: required when configured, and a key limited to some tables cannot read others, whatever it asks."""

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from evals.harness.processes import serving_gateway, system_environment
from gateway.settings import GatewaySettings
from tests.conftest import tracing_env
from tools.errors import ConfigurationError

pytestmark = pytest.mark.e2e

FULL = "full-access-key-0123456789abcdef"
SALES = "sales-only-key-0123456789abcdef"


@pytest.fixture(scope="module")
def keyed_gateway(demo_data_dir: Path, tmp_path_factory: pytest.TempPathFactory, otlp_receiver) -> Iterator[str]:  # type: ignore[no-untyped-def]
    data_dir = tmp_path_factory.mktemp("gateway-keys") / "data"
    shutil.copytree(demo_data_dir, data_dir)
    keys = {FULL: {"name": "admin"}, SALES: {"name": "sales", "sql_tables": ["Invoice", "InvoiceLine"]}}
    env = system_environment(data_dir, RELAYBOARD_API_KEYS=json.dumps(keys), **tracing_env(otlp_receiver))
    with serving_gateway(env, data_dir / "gateway.log") as url:
        yield url


def ask(url: str, key: str | None, question: str) -> httpx.Response:
    headers = {"authorization": f"Bearer {key}"} if key else {}
    return httpx.post(f"{url}/v1/ask", json={"question": question}, headers=headers, timeout=60)


def test_requests_without_a_known_key_are_refused_but_health_checks_are_open(keyed_gateway: str) -> None:
    for key in (None, "wrong-key-0123456789abcdef"):
        refused = ask(keyed_gateway, key, "How many invoices were issued in 2010?")
        assert refused.status_code == 401 and refused.headers["www-authenticate"] == "Bearer"
        assert "Authorization: Bearer KEY" in refused.json()["detail"]
    assert httpx.get(f"{keyed_gateway}/healthz", timeout=10).status_code == 200
    by_header = httpx.get(f"{keyed_gateway}/v1/collections", headers={"x-api-key": FULL}, timeout=30)
    assert by_header.status_code == 200


def test_a_key_limited_to_sales_tables_reads_them_and_nothing_else(keyed_gateway: str) -> None:
    sales = ask(keyed_gateway, SALES, "How many invoices were issued in 2010?").json()
    assert sales["sql"][0]["rows"] == [[82]]

    refused = ask(keyed_gateway, SALES, "SELECT COUNT(*) FROM Customer").json()
    assert not refused["sql"] and "Customer is not readable with this API key" in refused["answer"]
    tables = ask(keyed_gateway, SALES, "Which tables are there?").json()
    assert "Customer" not in tables["answer"] and "Invoice" in tables["answer"]

    admin = ask(keyed_gateway, FULL, "SELECT COUNT(*) AS n FROM Customer").json()
    assert admin["sql"][0]["rows"] == [[59]]


def test_a_limited_key_cannot_use_the_mcp_edge_which_has_no_per_key_limits(keyed_gateway: str) -> None:
    response = httpx.post(f"{keyed_gateway}/mcp", headers={"authorization": f"Bearer {SALES}"}, json={}, timeout=10)
    assert response.status_code == 403 and "limited to some tables" in response.json()["detail"]


def test_the_key_holder_is_on_the_root_span_and_the_key_on_no_span(keyed_gateway: str, otlp_receiver) -> None:  # type: ignore[no-untyped-def]
    response = ask(keyed_gateway, SALES, "How many invoices were issued in 2010?")
    trace_id = response.json()["trace_id"]
    spans = otlp_receiver.wait_for(trace_id, lambda found: any(s.name == "tools/call invoices_in_year" for s in found))
    (root,) = [s for s in spans if s.parent_id is None]
    assert root.name == "POST /v1/ask" and root.attributes["user.id"] == "sales"
    assert SALES not in repr(spans)

    refused = ask(keyed_gateway, "wrong-key-0123456789abcdef", "How many invoices?")
    assert refused.status_code == 401 and refused.headers["traceparent"].startswith("00-")


def test_short_keys_are_a_configuration_error_that_says_how_to_make_one() -> None:
    with pytest.raises(ConfigurationError, match=r"secrets\.token_urlsafe"):
        GatewaySettings(api_keys={"short": {"name": "x"}})  # type: ignore[dict-item]
