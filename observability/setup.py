"""The one place that configures the OpenTelemetry tracer provider for a Relayboard process."""

import os

from opentelemetry import trace
from opentelemetry.sdk.resources import SERVICE_NAME, Resource
from opentelemetry.sdk.trace import SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor

from observability.enrich import SpanKindEnricher

_OTLP_ENDPOINT_VARIABLES = ("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")


def _otlp_configured() -> bool:
    # OTEL_* belong to the OpenTelemetry SDK; we only look whether an endpoint was given at all.
    return any(os.environ.get(name) for name in _OTLP_ENDPOINT_VARIABLES)


def configure_tracing(service_name: str, *, extra_processors: tuple[SpanProcessor, ...] = ()) -> TracerProvider:
    """Install a tracer provider for this process and return it.

    Spans are exported over OTLP/HTTP when `OTEL_EXPORTER_OTLP_ENDPOINT` (or the traces-specific
    variable) is set; the exporter reads the rest of its `OTEL_*` settings itself. Without an
    endpoint, spans are still created (trace ids reach callers) but not exported.
    `extra_processors` lets tests attach an in-memory exporter.
    """
    resource = Resource.create({SERVICE_NAME: os.environ.get("OTEL_SERVICE_NAME", service_name)})
    provider = TracerProvider(resource=resource)
    # First, so exporters see the kind attributes on library spans too.
    provider.add_span_processor(SpanKindEnricher())
    if _otlp_configured():
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    for processor in extra_processors:
        provider.add_span_processor(processor)
    trace.set_tracer_provider(provider)
    return provider


def shutdown_tracing() -> None:
    """Flush and stop the installed provider, if it is ours."""
    provider = trace.get_tracer_provider()
    if isinstance(provider, TracerProvider):
        provider.force_flush()
        provider.shutdown()
