"""A real OTLP/HTTP receiver for tests: decodes exported spans (/v1/traces) and metric points (/v1/metrics)."""

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from opentelemetry.proto.collector.metrics.v1.metrics_service_pb2 import (
    ExportMetricsServiceRequest,
    ExportMetricsServiceResponse,
)
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)


@dataclass(frozen=True)
class SpanRecord:
    service: str
    name: str
    trace_id: str
    span_id: str
    parent_id: str | None
    kind: int
    attributes: dict[str, Any] = field(default_factory=dict)
    start_ns: int = 0
    end_ns: int = 0
    events: list[str] = field(default_factory=list)  # event names, e.g. "exception" where one was recorded
    status: int = 0  # OTLP's status code: 0 unset, 1 ok, 2 error
    event_attributes: list[dict[str, Any]] = field(default_factory=list)  # per event, in `events` order
    links: list[tuple[str, str]] = field(default_factory=list)  # (trace id, span id) of each linked span


@dataclass(frozen=True)
class MetricPoint:
    """One exported data point: a gauge's or sum's `value`, or a histogram's `count` and `sum` (in `value`)."""

    service: str
    name: str
    unit: str
    attributes: dict[str, Any]
    value: float
    count: int = 0


def _value(any_value: Any) -> Any:
    kind = any_value.WhichOneof("value")
    if kind == "array_value":
        return [_value(v) for v in any_value.array_value.values]
    return getattr(any_value, kind) if kind else None


class OtlpReceiver:
    """Listens on 127.0.0.1:<port>/v1/traces and keeps every span it receives."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.spans: list[SpanRecord] = []
        self.points: list[MetricPoint] = []
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                if self.path.endswith("/v1/metrics"):
                    metrics = ExportMetricsServiceRequest()
                    metrics.ParseFromString(body)
                    receiver._add_metrics(metrics)
                    payload = ExportMetricsServiceResponse().SerializeToString()
                else:
                    request = ExportTraceServiceRequest()
                    request.ParseFromString(body)
                    receiver._add(request)
                    payload = ExportTraceServiceResponse().SerializeToString()
                self.send_response(200)
                self.send_header("content-type", "application/x-protobuf")
                self.send_header("content-length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *_: Any) -> None:
                return None

        self._server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _add(self, request: ExportTraceServiceRequest) -> None:
        records = []
        for resource_spans in request.resource_spans:
            service = next((_value(a.value) for a in resource_spans.resource.attributes if a.key == "service.name"), "")
            for scope_spans in resource_spans.scope_spans:
                for span in scope_spans.spans:
                    records.append(
                        SpanRecord(
                            service=str(service),
                            name=span.name,
                            trace_id=span.trace_id.hex(),
                            span_id=span.span_id.hex(),
                            parent_id=span.parent_span_id.hex() or None,
                            kind=int(span.kind),
                            attributes={a.key: _value(a.value) for a in span.attributes},
                            start_ns=int(span.start_time_unix_nano),
                            end_ns=int(span.end_time_unix_nano),
                            events=[event.name for event in span.events],
                            status=int(span.status.code),
                            event_attributes=[{a.key: _value(a.value) for a in e.attributes} for e in span.events],
                            links=[(link.trace_id.hex(), link.span_id.hex()) for link in span.links],
                        )
                    )
        with self._lock:
            self.spans.extend(records)

    def _add_metrics(self, request: ExportMetricsServiceRequest) -> None:
        points = []
        for resource_metrics in request.resource_metrics:
            attributes = resource_metrics.resource.attributes
            service = str(next((_value(a.value) for a in attributes if a.key == "service.name"), ""))
            for scope_metrics in resource_metrics.scope_metrics:
                for metric in scope_metrics.metrics:
                    kind = metric.WhichOneof("data")
                    for point in getattr(metric, kind).data_points if kind else ():
                        labels = {a.key: _value(a.value) for a in point.attributes}
                        if kind in ("histogram", "exponential_histogram"):
                            value, count = float(point.sum), int(point.count)
                        else:
                            value = float(point.as_double if point.WhichOneof("value") == "as_double" else point.as_int)
                            count = 0
                        points.append(MetricPoint(service, metric.name, metric.unit, labels, value, count))
        with self._lock:
            self.points.extend(points)

    def wait_for_points(self, predicate, timeout: float = 30) -> list[MetricPoint]:  # type: ignore[no-untyped-def]
        """Every point received so far, once `predicate(points)` holds; fails after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                points = list(self.points)
            if predicate(points):
                return points
            time.sleep(0.1)
        with self._lock:
            names = sorted({f"{p.service}:{p.name}" for p in self.points})
        raise AssertionError(f"the metrics did not arrive within {timeout}s; received: {names}")

    def trace(self, trace_id: str) -> list[SpanRecord]:
        with self._lock:
            return [span for span in self.spans if span.trace_id == trace_id]

    def spans_when(self, match, timeout: float = 30) -> list[SpanRecord]:  # type: ignore[no-untyped-def]
        """The received spans `match(span)` accepts, once there is one; an empty list after `timeout` seconds
        (spans arrive when they end: the caller says what an empty list means)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                found = [span for span in self.spans if match(span)]
            if found:
                return found
            time.sleep(0.1)
        return []

    def wait_for(self, trace_id: str, predicate, timeout: float = 30) -> list[SpanRecord]:  # type: ignore[no-untyped-def]
        """The spans of `trace_id` once `predicate(spans)` holds; fails after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            spans = self.trace(trace_id)
            if predicate(spans):
                return spans
            time.sleep(0.1)
        names = sorted(f"{s.service}:{s.name}" for s in self.trace(trace_id))
        raise AssertionError(f"trace {trace_id} did not complete within {timeout}s; spans: {names}")

    def __enter__(self) -> "OtlpReceiver":
        self._thread.start()
        return self

    def __exit__(self, *_: Any) -> None:
        self._server.shutdown()
        self._server.server_close()
