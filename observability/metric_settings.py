"""What metrics a process offers besides OTLP export (which the SDK's `OTEL_*` settings govern)."""

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class MetricSettings(BaseSettings):
    """The Prometheus endpoint; OTLP export, its endpoint and interval are the SDK's `OTEL_*` settings."""

    model_config = SettingsConfigDict(env_prefix="RELAYBOARD_METRICS_", extra="ignore")

    prometheus: bool = Field(
        default=True,
        description="Serve the gateway's metrics in Prometheus' text format at `GET /metrics` (no API key needed, "
        "like the probes; no principal or request content appears in metrics).",
    )
