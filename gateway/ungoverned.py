"""`python -m gateway.ungoverned`: the gateway without its governance, for the overhead benchmark only.

evals/benchmarks/governance.py runs it as a process (evals may not import the gateway); never serve it to anyone.

The same app `relayboard serve` runs (create_app, one uvicorn worker, the same logging) less the four layers
whose cost evals/benchmarks/governance.py measures: the key check, the per-address and per-key limits, and the
request record. Everything else (Host check, tracing, request log, body cap) stays, so the two differ in those alone.
"""

import uvicorn
from fastapi import FastAPI

from gateway.app import create_app
from gateway.auth import ApiKeyMiddleware
from gateway.limits.middleware import AuthFailureLimitMiddleware, KeyLimitMiddleware
from gateway.settings import GatewaySettings
from gateway.usage.recorder import RequestRecordMiddleware
from observability import configure_logging

GOVERNANCE: tuple[object, ...] = (
    ApiKeyMiddleware,
    AuthFailureLimitMiddleware,
    KeyLimitMiddleware,
    RequestRecordMiddleware,
)


def ungoverned_app(settings: GatewaySettings, *, configure_telemetry: bool = True) -> FastAPI:
    """`create_app(settings, configure_telemetry=...)` without the governance layers."""
    app = create_app(settings, configure_telemetry=configure_telemetry)
    app.user_middleware = [layer for layer in app.user_middleware if layer.cls not in GOVERNANCE]
    return app


def main() -> None:
    settings = GatewaySettings()
    configure_logging("gateway")
    app = ungoverned_app(settings)
    uvicorn.run(app, host=settings.host, port=settings.port, log_config=None, access_log=False)


if __name__ == "__main__":
    main()
