"""The one place that configures the OpenTelemetry tracer provider for a Relayboard process."""

from importlib.metadata import PackageNotFoundError, version

from opentelemetry import trace
from opentelemetry.sdk.resources import SERVICE_NAME, SERVICE_NAMESPACE, SERVICE_VERSION, Resource
from opentelemetry.sdk.trace import SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor

from observability.content import ContentPolicy, set_content_policy
from observability.enrich import SpanKindEnricher
from observability.quiet import QuietSampler
from observability.settings import TraceSettings, otlp_configured

DEFAULT_NAMESPACE = "relayboard"


def _version() -> str:
    try:
        return version("relayboard")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "0+unknown"


def service_resource(component: str) -> Resource:
    """The resource of one process: `service.name` is `<namespace>-<component>` (e.g. relayboard-gateway,
    relayboard-mcp-sql), so processes stay apart in a trace UI even when every one has the same
    `OTEL_SERVICE_NAME`, which becomes the namespace (the prefix) instead."""
    detected = Resource.create()  # the SDK's reading of OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES
    configured = str(detected.attributes.get(SERVICE_NAME, ""))
    namespace = DEFAULT_NAMESPACE if not configured or configured.startswith("unknown_service") else configured
    suffix = f"-{component}"
    # A name already naming this process (relayboard-mcp-sql for the SQL server) is kept as it is.
    if namespace.endswith(suffix):
        name, namespace = namespace, namespace.removesuffix(suffix)
    else:
        name = namespace + suffix
    return detected.merge(Resource({SERVICE_NAME: name, SERVICE_NAMESPACE: namespace, SERVICE_VERSION: _version()}))


def configure_tracing(
    component: str,
    *,
    settings: TraceSettings | None = None,
    extra_processors: tuple[SpanProcessor, ...] = (),
) -> TracerProvider:
    """Install a tracer provider for the process `component` ("gateway", "mcp-sql", ...) and return it.

    Spans are exported over OTLP/HTTP when `OTEL_EXPORTER_OTLP_ENDPOINT` (or the traces-specific
    variable) is set; the exporter and sampler read the rest of their `OTEL_*` settings themselves. Without
    an endpoint, spans are still created (trace ids reach callers) but not exported. Spans started under
    `untraced()` are dropped. `settings` (default: read from RELAYBOARD_TRACE_*) set content capture.
    `extra_processors` lets tests attach an in-memory exporter.
    """
    set_content_policy(ContentPolicy.from_settings(settings or TraceSettings()))
    provider = TracerProvider(resource=service_resource(component))
    provider.sampler = QuietSampler(provider.sampler)  # the SDK's choice (OTEL_TRACES_SAMPLER), minus untraced
    # First, so exporters see the kind attributes on library spans too.
    provider.add_span_processor(SpanKindEnricher())
    if otlp_configured("TRACES"):
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
