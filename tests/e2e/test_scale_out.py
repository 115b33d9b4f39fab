"""Scale-out with real processes on 127.0.0.1: two gateways share three MCP servers over streamable HTTP and one
PostgreSQL (checkpoints, keys, usage, jobs). Requests spread over both, a conversation continues on either, and a
job accepted by a gateway killed with SIGKILL is completed by the other."""

import os
import shutil
import signal
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from evals.harness.processes import free_port, running, serving_mcp_servers, system_environment, wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.postgres, pytest.mark.slow, pytest.mark.timeout(900)]
SECRET = "scale-out-call-token-secret-0123456789abcdef"
QUESTIONS = [
    "How many invoices were issued in 2010?",
    "How does the retrieval agent rank results?",
    "Summarise this: The council met on Tuesday. Residents raised concerns about parking. "
    "The council agreed to a trial.",
]


@contextmanager
def gateway(data_dir: Path, settings: dict[str, str]) -> Iterator[tuple[str, int]]:
    """`relayboard serve` on its own data dir (one agent system per data dir); yields its URL and pid."""
    port = free_port()
    env = system_environment(data_dir, RELAYBOARD_PORT=str(port), RELAYBOARD_JOBS_LEASE_S="2", **settings)
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "gateway.cli", "serve"]
    log = data_dir / "gateway.log"
    with running(command, env=env, log=log, ready_url=f"{url}/readyz", timeout=180) as process:
        yield url, process.pid


def holding_gateway(database_url: str, job_id: str) -> int:
    """The pid of the gateway whose worker holds the job (the job view does not name workers: `host:pid:nonce`)."""
    import psycopg

    with psycopg.connect(database_url) as connection:
        row = connection.execute("SELECT worker FROM relayboard_jobs WHERE id = %s", (job_id,)).fetchone()
    assert row is not None and row[0], f"job {job_id} is held by no worker"
    return int(str(row[0]).split(":")[1])


def job_of(url: str, location: str) -> dict[str, Any]:
    response = httpx.get(f"{url}{location}", timeout=30)
    assert response.status_code == 200, response.text
    return response.json()


def test_two_gateways_share_servers_and_postgres_and_lose_nothing_when_one_is_killed(
    demo_data_dir: Path, tmp_path: Path, postgres: Any
) -> None:
    shared = {
        "RELAYBOARD_CHECKPOINT_URL": postgres.admin_url,
        "RELAYBOARD_DATABASE_URL": postgres.admin_url,
        "RELAYBOARD_CALL_TOKEN_SECRET": SECRET,  # the gateways' data dirs differ: the servers need the same secret
    }
    servers_dir = tmp_path / "servers"  # the retrieval server locks its embedded store: a copy of its own
    shutil.copytree(demo_data_dir, servers_dir)
    server_env = system_environment(servers_dir, RELAYBOARD_CALL_TOKEN_SECRET=SECRET)
    with serving_mcp_servers(server_env, servers_dir) as servers, ExitStack() as stack:
        (url_a, pid_a), (url_b, pid_b) = (
            stack.enter_context(gateway(tmp_path / name, {**shared, **servers})) for name in ("a", "b")
        )
        # Requests spread across both gateways, each answered the same way.
        answers = {
            (url, question): httpx.post(f"{url}/v1/ask", json={"question": question}, timeout=60)
            for question in QUESTIONS
            for url in (url_a, url_b)
        }
        assert {key: response.status_code for key, response in answers.items()} == dict.fromkeys(answers, 200)
        for question in QUESTIONS:
            on_a, on_b = (answers[(url, question)].json() for url in (url_a, url_b))
            assert (on_a["answer"], on_a["routes"]) == (on_b["answer"], on_b["routes"])
            assert on_a["thread_id"] != on_b["thread_id"]

        # A conversation started on one continues on the other: the follow-up reads the first turn's query.
        first = answers[(url_a, QUESTIONS[0])].json()
        assert first["sql"][0]["rows"] == [[82]]
        follow_up = httpx.post(
            f"{url_b}/v1/ask", json={"question": "And in 2011?", "thread_id": first["thread_id"]}, timeout=60
        )
        assert follow_up.status_code == 200, follow_up.text
        assert follow_up.json()["thread_id"] == first["thread_id"]
        evidence = follow_up.json()["sql"][0]
        assert evidence["parameters"] == {"year": 2011} and evidence["rows"] != first["sql"][0]["rows"]

        # A job accepted by gateway A runs on whichever worker takes it first; that gateway is killed mid-job and
        # the other one resumes it after the last recorded answer.
        batch = {"kind": "batch", "questions": [{"question": QUESTIONS[0]} for _ in range(100)]}
        accepted = httpx.post(f"{url_a}/v1/jobs", json=batch, timeout=30)
        assert accepted.status_code == 202, accepted.text
        location = accepted.headers["location"]
        wait_until(lambda: job_of(url_a, location)["done"] >= 1, timeout=120, what="a first answer recorded")
        holder = holding_gateway(postgres.admin_url, location.rsplit("/", 1)[-1])
        assert holder in {pid_a, pid_b}
        survivor = url_b if holder == pid_a else url_a
        os.killpg(holder, signal.SIGKILL)
        seen: dict[str, Any] = {}

        def finished() -> bool:
            seen.update(job_of(survivor, location))
            return seen["status"] not in {"queued", "running"}

        wait_until(finished, timeout=180, what=f"{location} finished on the surviving gateway")
        assert (seen["status"], seen["done"], seen["attempts"]) == ("succeeded", 100, 2)
        assert [result["item"] for result in seen["results"]] == list(range(100))  # each answered once
        assert all(result["answer"]["sql"][0]["rows"] == first["sql"][0]["rows"] for result in seen["results"])
