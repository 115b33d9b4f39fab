"""Relayboard's metric instruments, named after the OpenTelemetry GenAI conventions where one exists, and the
calls that record them. HTTP requests are measured by FastAPI itself (`http.server.request.duration`).

Work under `untraced()` (probes, warm-ups) records nothing, as it leaves no spans.
"""

import functools
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field

from opentelemetry import metrics
from opentelemetry.metrics import CallbackOptions, Observation

from observability.failures import ERROR_TYPE_ATTRIBUTE
from observability.quiet import is_untraced

TOOL_DURATION = "gen_ai.execute_tool.duration"
AGENT_DURATION = "gen_ai.invoke_agent.duration"
OPERATION_DURATION = "gen_ai.client.operation.duration"
TOKEN_USAGE = "gen_ai.client.token.usage"
SERVER_UP = "relayboard.mcp.server.up"
JOB_QUEUE_DEPTH = "relayboard.job.queue.depth"
JOB_QUEUE_AGE = "relayboard.job.queue.oldest_age"

SERVER_ATTRIBUTE = "relayboard.mcp.server"
JOB_STATUS_ATTRIBUTE = "relayboard.job.status"
# The conventions' advice: seconds for durations, powers of 4 for token counts.
DURATION_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 30.0, 60.0)
TOKEN_BUCKETS = tuple(4**power for power in range(14))

Source = Callable[[], Iterable[tuple[float, dict[str, str]]]]


@dataclass(frozen=True)
class JobQueueReading:
    """A job queue right now: how many jobs are in each status, and how long the oldest queued job has waited."""

    depth: Mapping[str, int]
    oldest_age_s: float = 0.0


@dataclass
class _Observed:
    """The sources behind one observable gauge; each registration adds one and removes it when done."""

    sources: list[Source] = field(default_factory=list)

    def observe(self, _: CallbackOptions) -> Iterator[Observation]:
        for source in list(self.sources):
            for value, attributes in source():
                yield Observation(value, attributes)

    def add(self, source: Source) -> Callable[[], None]:
        self.sources.append(source)
        return lambda: self.sources.remove(source) if source in self.sources else None


@dataclass(frozen=True)
class _Instruments:
    tool: metrics.Histogram
    agent: metrics.Histogram
    operation: metrics.Histogram
    tokens: metrics.Histogram
    servers: _Observed
    job_depth: _Observed
    job_age: _Observed


@functools.cache
def _instruments() -> _Instruments:
    # The API's meter forwards to whichever provider is installed, also one installed after this first call.
    meter = metrics.get_meter("relayboard")
    servers, job_depth, job_age = _Observed(), _Observed(), _Observed()
    meter.create_observable_gauge(
        SERVER_UP, [servers.observe], unit="1", description="1 while the MCP server's session is up, 0 while it is lost"
    )
    meter.create_observable_gauge(
        JOB_QUEUE_DEPTH, [job_depth.observe], unit="{job}", description="Jobs in the queue, by status"
    )
    meter.create_observable_gauge(
        JOB_QUEUE_AGE, [job_age.observe], unit="s", description="How long the oldest queued job has waited"
    )
    return _Instruments(
        tool=meter.create_histogram(
            TOOL_DURATION,
            unit="s",
            description="Duration of MCP tool calls, as the calling agent sees them",
            explicit_bucket_boundaries_advisory=DURATION_BUCKETS,
        ),
        agent=meter.create_histogram(
            AGENT_DURATION,
            unit="s",
            description="Duration of agent invocations",
            explicit_bucket_boundaries_advisory=DURATION_BUCKETS,
        ),
        operation=meter.create_histogram(
            OPERATION_DURATION,
            unit="s",
            description="Duration of chat model calls",
            explicit_bucket_boundaries_advisory=DURATION_BUCKETS,
        ),
        tokens=meter.create_histogram(
            TOKEN_USAGE,
            unit="{token}",
            description="Input and output tokens per chat model call",
            explicit_bucket_boundaries_advisory=TOKEN_BUCKETS,
        ),
        servers=servers,
        job_depth=job_depth,
        job_age=job_age,
    )


def _with_error(attributes: Mapping[str, str], error_type: str | None) -> dict[str, str]:
    return {**attributes, ERROR_TYPE_ATTRIBUTE: error_type} if error_type else dict(attributes)


def record_tool_call(tool: str, server: str | None, seconds: float, error_type: str | None) -> None:
    """One MCP tool call: its duration, and `error.type` when it failed."""
    if is_untraced():
        return
    attributes = {"gen_ai.tool.name": tool, "gen_ai.operation.name": "execute_tool"}
    if server:
        attributes[SERVER_ATTRIBUTE] = server
    _instruments().tool.record(seconds, _with_error(attributes, error_type))


@contextmanager
def measured_agent(agent: str) -> Iterator[None]:
    """Measure the block as one invocation of `agent`; an exception escaping it sets `error.type`."""
    with _measured(_instruments().agent, {"gen_ai.agent.name": agent, "gen_ai.operation.name": "invoke_agent"}):
        yield


@contextmanager
def measured_chat(model: str) -> Iterator[None]:
    """Measure the block as one chat call to `model`; an exception escaping it sets `error.type`."""
    with _measured(_instruments().operation, {"gen_ai.request.model": model, "gen_ai.operation.name": "chat"}):
        yield


@contextmanager
def _measured(histogram: metrics.Histogram, attributes: dict[str, str]) -> Iterator[None]:
    started = time.perf_counter()
    error_type = None
    try:
        yield
    except Exception as exc:
        error_type = type(exc).__qualname__
        raise
    finally:
        if not is_untraced():
            histogram.record(time.perf_counter() - started, _with_error(attributes, error_type))


def record_token_usage(model: str, *, input_tokens: int, output_tokens: int) -> None:
    """The tokens one chat call to `model` used, as the provider reported them."""
    if is_untraced():
        return
    for token_type, count in (("input", input_tokens), ("output", output_tokens)):
        attributes = {"gen_ai.request.model": model, "gen_ai.operation.name": "chat", "gen_ai.token.type": token_type}
        _instruments().tokens.record(count, attributes)


def observe_mcp_servers(source: Callable[[], Mapping[str, bool]]) -> Callable[[], None]:
    """Report `source()` (server name -> up) as `relayboard.mcp.server.up` at each collection; returns the call that
    stops it."""
    return _instruments().servers.add(
        lambda: [(1.0 if up else 0.0, {SERVER_ATTRIBUTE: name}) for name, up in source().items()]
    )


def observe_job_queue(source: Callable[[], JobQueueReading]) -> Callable[[], None]:
    """Report a job queue's depth by status and its oldest queued job's age at each collection; returns the call
    that stops it. A job store other than the in-memory one (e.g. PostgreSQL) registers its own `source`; it is
    called on the collecting thread, so it must be quick and must not need the event loop."""
    instruments = _instruments()
    stop_depth = instruments.job_depth.add(
        lambda: [(float(count), {JOB_STATUS_ATTRIBUTE: status}) for status, count in source().depth.items()]
    )
    stop_age = instruments.job_age.add(lambda: [(source().oldest_age_s, {})])

    def stop() -> None:
        stop_depth()
        stop_age()

    return stop
