"""Fixtures of the gateway tests."""

import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider


@pytest.fixture
def sdk_tracer_provider() -> None:
    """Chat spans reach the gateway's token tally only through an SDK provider (as `relayboard serve` has)."""
    if not isinstance(trace.get_tracer_provider(), TracerProvider):
        trace.set_tracer_provider(TracerProvider())
