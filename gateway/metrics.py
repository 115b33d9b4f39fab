"""The gateway's metrics: `GET /metrics` in Prometheus' text format, and what the running system reports
(MCP servers up or down, the job queue)."""

from collections.abc import Iterator
from contextlib import contextmanager

from fastapi import APIRouter
from fastapi.responses import Response
from prometheus_client import CONTENT_TYPE_LATEST

from gateway.jobs import JobRunner
from gateway.problems import problem
from graph.system import AgentSystem
from observability import observe_job_queue, observe_mcp_servers, prometheus_text

METRICS_PATH = "/metrics"
router = APIRouter(tags=["health"])


@router.get(METRICS_PATH, summary="Metrics in Prometheus' text format", include_in_schema=False)
async def scrape() -> Response:
    """The current metrics; 404 when this process keeps none for Prometheus (RELAYBOARD_METRICS_PROMETHEUS=false,
    or telemetry configured by the embedding application)."""
    text = prometheus_text()
    if text is None:
        detail = "this process keeps no metrics for Prometheus: set RELAYBOARD_METRICS_PROMETHEUS=true"
        return problem(404, "Not found", detail)
    return Response(text, media_type=CONTENT_TYPE_LATEST)


@contextmanager
def observing(system: AgentSystem, jobs: JobRunner) -> Iterator[None]:
    """Report the MCP servers' state and the job queue to the metrics while the block runs."""
    stops = [observe_mcp_servers(system.servers_up), observe_job_queue(jobs.queue_reading)]
    try:
        yield
    finally:
        for stop in stops:
            stop()
