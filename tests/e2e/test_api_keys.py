"""API keys: required when configured, and a key limited to some tables cannot read others, whatever it asks."""

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from evals.harness.otlp import OtlpReceiver
from evals.harness.processes import serving_gateway, system_environment
from gateway.settings import GatewaySettings
from tests.conftest import tracing_env
from tests.support.raw_stdio import INITIALIZED, RawStdio, hello, request
from tools.errors import ConfigurationError

pytestmark = pytest.mark.e2e

keyed_gateway_data_dir: dict[str, str] = {}
FULL = "full-access-key-0123456789abcdef"
SALES = "sales-only-key-0123456789abcdef"


@pytest.fixture(scope="module")
def keyed_gateway(
    demo_data_dir: Path, tmp_path_factory: pytest.TempPathFactory, otlp_receiver: OtlpReceiver
) -> Iterator[str]:
    data_dir = tmp_path_factory.mktemp("gateway-keys") / "data"
    shutil.copytree(demo_data_dir, data_dir)
    keys = {FULL: {"name": "admin"}, SALES: {"name": "sales", "sql_tables": ["Invoice", "InvoiceLine"]}}
    env = system_environment(data_dir, RELAYBOARD_API_KEYS=json.dumps(keys), **tracing_env(otlp_receiver))
    with serving_gateway(env, data_dir / "gateway.log") as url:
        keyed_gateway_data_dir[url] = str(data_dir)
        yield url


def ask(url: str, key: str | None, question: str) -> httpx.Response:
    headers = {"authorization": f"Bearer {key}"} if key else {}
    return httpx.post(f"{url}/v1/ask", json={"question": question}, headers=headers, timeout=60)


def test_requests_without_a_known_key_are_refused_but_health_checks_are_open(keyed_gateway: str) -> None:
    for key, says in ((None, "no API key was sent"), ("wrong-key-0123456789abcdef", "this API key is not valid")):
        refused = ask(keyed_gateway, key, "How many invoices were issued in 2010?")
        assert refused.status_code == 401
        assert refused.headers["www-authenticate"].startswith("Bearer resource_metadata=")
        assert refused.json()["detail"].startswith(says) and "Authorization: Bearer <key>" in refused.json()["detail"]
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


def test_a_key_limited_to_invoice_tables_cannot_delete_or_write_a_collection(keyed_gateway: str) -> None:
    sales = {"authorization": f"Bearer {SALES}"}
    deleted = httpx.delete(f"{keyed_gateway}/v1/collections/docs", headers=sales, timeout=30)
    assert deleted.status_code == 403
    assert "may not admin collection 'docs' (it needs the grant collection:docs:admin)" in deleted.json()["detail"]
    point = {"id": "6f1c1a52-8d4e-4c1e-9a3b-2f1f6d1e0c11", "text": "overwritten"}
    written = httpx.put(
        f"{keyed_gateway}/v1/collections/docs/points", json={"points": [point]}, headers=sales, timeout=30
    )
    assert written.status_code == 403
    listed = httpx.get(f"{keyed_gateway}/v1/collections", headers={"authorization": f"Bearer {FULL}"}, timeout=30)
    assert "docs" in [collection["name"] for collection in listed.json()["collections"]]


def test_a_conversation_belongs_to_the_key_that_started_it(keyed_gateway: str) -> None:
    started = ask(keyed_gateway, FULL, "How many invoices were issued in 2010?").json()
    headers = {"authorization": f"Bearer {SALES}"}
    body = {"question": "And in 2011?", "thread_id": started["thread_id"]}
    other = httpx.post(f"{keyed_gateway}/v1/ask", json=body, headers=headers, timeout=60)
    assert other.status_code == 404 and "no conversation with thread_id" in other.json()["detail"]
    own = httpx.post(f"{keyed_gateway}/v1/ask", json=body, headers={"authorization": f"Bearer {FULL}"}, timeout=60)
    assert own.status_code == 200


def test_a_key_created_with_the_cli_works_at_once_within_its_grants_until_revoked(keyed_gateway: str) -> None:
    data_dir = Path(keyed_gateway_data_dir[keyed_gateway])

    def keys(*args: str) -> subprocess.CompletedProcess[str]:
        env = system_environment(data_dir)
        return subprocess.run(
            [sys.executable, "-m", "gateway.cli", "keys", *args], env=env, capture_output=True, text=True, timeout=60
        )

    created = keys(
        "create",
        "reader",
        "--grant",
        "agent:retrieval",
        "--grant",
        "tool:retrieval:*",
        "--grant",
        "collection:docs:read",
    )
    assert created.returncode == 0, created.stderr
    key, prefix = created.stdout.split()[0], created.stdout.split()[3]
    assert key.startswith(prefix + "_") and key not in keys("list").stdout and prefix in keys("list").stdout

    headers = {"authorization": f"Bearer {key}"}
    found = httpx.post(
        f"{keyed_gateway}/v1/collections/docs/search", json={"query": "refund"}, headers=headers, timeout=60
    )
    assert found.status_code == 200
    assert httpx.delete(f"{keyed_gateway}/v1/collections/docs", headers=headers, timeout=30).status_code == 403
    sql = ask(keyed_gateway, key, "SELECT COUNT(*) FROM Invoice").json()
    assert not sql["sql"]  # no sql agent grant: the agent is not asked
    assert httpx.get(f"{keyed_gateway}/v1/admin/keys", headers=headers, timeout=30).status_code == 403

    assert keys("revoke", prefix).returncode == 0
    assert ask(keyed_gateway, key, "refund").status_code == 401


def test_the_key_holder_is_on_the_root_span_and_the_key_on_no_span(
    keyed_gateway: str, otlp_receiver: OtlpReceiver
) -> None:
    response = ask(keyed_gateway, SALES, "How many invoices were issued in 2010?")
    trace_id = response.json()["trace_id"]
    spans = otlp_receiver.wait_for(
        trace_id,
        lambda found: (
            any(s.name == "tools/call invoices_in_year" for s in found) and any(s.parent_id is None for s in found)
        ),
    )
    (root,) = [s for s in spans if s.parent_id is None]
    assert root.name == "POST /v1/ask" and root.attributes["user.id"] == "sales"
    assert SALES not in repr(spans)
    assert "relayboard/credential" not in repr(spans)  # nor the call tokens that carried its grants

    refused = ask(keyed_gateway, "wrong-key-0123456789abcdef", "How many invoices?")
    assert refused.status_code == 401 and refused.headers["traceparent"].startswith("00-")


def test_short_keys_are_a_configuration_error_that_says_how_to_make_one() -> None:
    with pytest.raises(ConfigurationError, match=r"secrets\.token_urlsafe"):
        GatewaySettings(api_keys={"short": {"name": "x"}})  # type: ignore[dict-item]


def test_relayboard_mcp_through_a_keyed_gateway_answers_early_only_with_a_key_it_accepts(
    keyed_gateway: str, tmp_path: Path
) -> None:
    data_dir = Path(keyed_gateway_data_dir[keyed_gateway])
    for key in (None, SALES):
        env = system_environment(data_dir, RELAYBOARD_URL=keyed_gateway, **({"RELAYBOARD_API_KEY": key} if key else {}))
        mcp = RawStdio(env, tmp_path / "stderr.log")
        try:
            mcp.send(request(1, "initialize", hello("2025-11-25")), INITIALIZED, request(2, "tools/list"))
            found = mcp.answers({1} if key is None else {1, 2})
        finally:
            mcp.close()
        log = (tmp_path / "stderr.log").read_text()
        if key is None:  # refused upstream: the SDK's path answers, with what to do
            assert "from the gateway at" not in log
            assert "HTTP 401" in log  # why it did not answer early
            assert "set RELAYBOARD_API_KEY" in found[1]["error"]["message"]
        else:
            assert f"from the gateway at {keyed_gateway}" in log
            assert "run_sql" in {tool["name"] for tool in found[2]["result"]["tools"]}


@pytest.mark.parametrize("key", [None, "wrong-key-0123456789abcdef"], ids=["no key", "a refused key"])
def test_relayboard_mcp_with_a_key_the_gateway_refuses_fails_initialize_with_one_line_naming_the_setting(
    keyed_gateway: str, tmp_path: Path, key: str | None
) -> None:
    data_dir = Path(keyed_gateway_data_dir[keyed_gateway])
    env = system_environment(data_dir, RELAYBOARD_URL=keyed_gateway, **({"RELAYBOARD_API_KEY": key} if key else {}))
    mcp = RawStdio(env, tmp_path / "stderr.log")
    try:
        mcp.send(request(1, "initialize", hello("2025-11-25")), INITIALIZED, request(2, "tools/list"))
        found = mcp.answers({1, 2})
    finally:
        mcp.close()
    said = "refused the key in RELAYBOARD_API_KEY (HTTP 401)" if key else "needs an API key (HTTP 401)"
    fix = "set RELAYBOARD_API_KEY to a key the gateway holds (its RELAYBOARD_API_KEYS, or `relayboard keys create`)"
    for answer in found.values():
        assert answer["error"]["message"] == f"the Relayboard gateway at {keyed_gateway}/mcp {said}: {fix}"
    assert "TaskGroup" not in (tmp_path / "stderr.log").read_text()
