"""The one place that configures the OpenTelemetry meter provider of a process: OTLP export and Prometheus text."""

from collections.abc import Sequence

from opentelemetry import metrics
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import MetricReader
from prometheus_client import CollectorRegistry

from observability.metric_settings import MetricSettings
from observability.settings import otlp_configured
from observability.setup import service_resource

_registry: list[CollectorRegistry] = []  # the Prometheus registry of the installed provider, when it has one


def configure_metrics(
    component: str,
    *,
    settings: MetricSettings | None = None,
    extra_readers: Sequence[MetricReader] = (),
) -> MeterProvider:
    """Install the meter provider of the process `component` ("gateway", "mcp-sql", ...) and return it.

    Metrics are exported over OTLP/HTTP when `OTEL_EXPORTER_OTLP_ENDPOINT` (or the metrics-specific variable) is
    set, every `OTEL_METRIC_EXPORT_INTERVAL` ms (the SDK reads its own settings); with `prometheus`, they are also
    kept for `prometheus_text()` (the gateway serves it at /metrics). `extra_readers` lets tests read in memory.

    The first call installs the provider; later calls in the same process (another app built by a test) return
    it unchanged, as OpenTelemetry allows one global meter provider per process.
    """
    installed = metrics.get_meter_provider()
    if isinstance(installed, MeterProvider):
        return installed
    settings = settings or MetricSettings()
    readers: list[MetricReader] = list(extra_readers)
    if otlp_configured("METRICS"):
        from opentelemetry.exporter.otlp.proto.http.metric_exporter import OTLPMetricExporter
        from opentelemetry.sdk.metrics.export import PeriodicExportingMetricReader

        readers.append(PeriodicExportingMetricReader(OTLPMetricExporter()))
    if settings.prometheus:
        from opentelemetry.exporter.prometheus import PrometheusMetricReader

        # A registry of our own, not prometheus_client's global one: nothing else of the process lands in it.
        registry = CollectorRegistry()
        readers.append(PrometheusMetricReader(registry=registry))
        _registry.append(registry)
    provider = MeterProvider(metric_readers=readers, resource=service_resource(component))
    metrics.set_meter_provider(provider)
    return provider


def prometheus_text() -> bytes | None:
    """The current metrics in Prometheus' text format, or None when no Prometheus reader is installed."""
    if not _registry:
        return None
    from prometheus_client import generate_latest

    return generate_latest(_registry[0])


def flush_metrics() -> None:
    """Export what is pending (at shutdown of an app). The provider itself stops when the process exits."""
    provider = metrics.get_meter_provider()
    if isinstance(provider, MeterProvider):
        provider.force_flush()
