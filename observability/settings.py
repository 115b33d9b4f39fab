"""What traces may carry: how much of a request's text (questions, tool arguments and results) spans record."""

import os
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

ContentCapture = Literal["off", "truncated", "full"]


class TraceSettings(BaseSettings):
    """Content capture of span attributes; the exporter, sampler and endpoint are the SDK's `OTEL_*` settings."""

    model_config = SettingsConfigDict(env_prefix="RELAYBOARD_TRACE_", extra="ignore")

    content: ContentCapture = Field(
        default="truncated",
        description="Text in span attributes (questions, answers, tool arguments and results, retrieved passages, "
        "SQL): `off` records none, `truncated` the first RELAYBOARD_TRACE_CONTENT_LIMIT characters, `full` all.",
    )
    content_limit: int = Field(
        default=2000, ge=16, le=1_000_000, description="Characters kept per attribute when content is `truncated`."
    )


def otlp_configured(signal: str = "TRACES") -> bool:
    """Whether an OTLP endpoint was given for `signal` (TRACES, METRICS): the general or the signal's variable."""
    # OTEL_* belong to the OpenTelemetry SDK; we only look whether an endpoint was given at all.
    names = ("OTEL_EXPORTER_OTLP_ENDPOINT", f"OTEL_EXPORTER_OTLP_{signal}_ENDPOINT")
    return any(os.environ.get(name) for name in names)
