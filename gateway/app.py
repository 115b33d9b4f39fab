"""The FastAPI application factory: lifespan, routes, the /mcp edge, one Host check and one error contract."""

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

from fastapi import FastAPI
from mcp.server.transport_security import TransportSecuritySettings
from starlette.routing import Route

from gateway.auth import ApiKeyMiddleware
from gateway.data_dir_lock import open_own_system
from gateway.governance.authenticator import Authenticator
from gateway.governance.listener import refuse_open_listener
from gateway.governance.settings import GovernanceSettings
from gateway.governance.store import KeyStore
from gateway.jobs import JobSettings, open_job_runner
from gateway.jobs.schemas import advertise_max_batch
from gateway.limits import GatewayLimits, LimitSettings
from gateway.limits.body import BodyAndDisconnectMiddleware
from gateway.limits.middleware import AuthFailureLimitMiddleware, KeyLimitMiddleware
from gateway.mcp_edge import create_edge_server, fixed_system
from gateway.metrics import observing
from gateway.metrics import router as metrics_router
from gateway.problems import install_problem_handlers
from gateway.request_log import RequestLogMiddleware
from gateway.routes import (
    admin_keys,
    ask,
    collections,
    feedback,
    health,
    jobs,
    openai_compat,
    resource_metadata,
    usage,
)
from gateway.settings import GatewaySettings
from gateway.startup_failure import StartupFailureMiddleware
from gateway.text_limits import TextLimits
from gateway.tracing import TraceparentMiddleware, is_probe
from gateway.trusted_hosts import TrustedHostMiddleware
from gateway.usage.recorder import RequestRecordMiddleware, UsageRecorder
from gateway.usage.settings import PayloadSettings
from graph.settings import SystemSettings
from graph.system import AgentSystem
from observability import configure_metrics, configure_tracing, flush_metrics, shutdown_tracing
from tools.answered_once import AnsweredOnce

logger = logging.getLogger(__name__)
SystemFactory = Callable[[], AbstractAsyncContextManager[AgentSystem]]


def create_app(
    settings: GatewaySettings | None = None,
    *,
    system_factory: SystemFactory | None = None,
    configure_telemetry: bool = True,
    limit_settings: LimitSettings | None = None,
    records: GovernanceSettings | None = None,
    payloads: PayloadSettings | None = None,
) -> FastAPI:
    """Build the gateway. The agent system (MCP servers, models, graph) starts in the lifespan.

    `system_factory` replaces the default `open_own_system(SystemSettings())` (tests inject fakes or their own
    settings); `configure_telemetry=False` leaves a tracer provider the caller installed in place.
    `limit_settings` and `records` (default: read from RELAYBOARD_*) set rates, concurrency and the body cap,
    and where keys, grants and the request log are kept; `payloads` whether (and how redacted) the request log
    keeps questions and answers.
    """
    limits, recorder = GatewayLimits(limit_settings or LimitSettings()), UsageRecorder(payloads)
    gateway_settings = settings or GatewaySettings()
    records_settings = records or GovernanceSettings()
    job_settings = JobSettings()
    key_store = KeyStore.at(records_settings.sqlalchemy_url())
    factory = system_factory or (lambda: open_own_system(SystemSettings()))
    holder: dict[str, AgentSystem] = {}
    authenticator = Authenticator(
        gateway_settings.api_keys, key_store, always_required=not gateway_settings.on_loopback
    )
    edge = create_edge_server(fixed_system(lambda: holder["system"]), body=limits.settings, gateway=gateway_settings)
    edge_app = edge.streamable_http_app(
        streamable_http_path="/mcp",
        # One Host/Origin check guards every route (TrustedHostMiddleware below); the SDK's own would prefix-match.
        transport_security=TransportSecuritySettings(enable_dns_rebinding_protection=False),
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[dict[str, Any]]:
        await asyncio.to_thread(key_store.migrate)
        await asyncio.to_thread(refuse_open_listener, gateway_settings, key_store)
        if configure_telemetry:
            configure_tracing("gateway", extra_processors=(limits.tally,))
            configure_metrics("gateway")
        else:
            limits.tally.attach()
        try:
            async with recorder.opened(records_settings) as usage_store, factory() as system:
                holder["system"] = system
                app.state.system = system
                app.state.usage = recorder
                async with open_job_runner(
                    job_settings, system, record_request=usage_store.add, key_check=authenticator.still_live
                ) as app.state.jobs:
                    with observing(system, app.state.jobs):
                        async with edge.session_manager.run():
                            logger.info("relayboard ready in %s mode", system.mode)
                            yield {}
        finally:
            if configure_telemetry:
                flush_metrics()
                shutdown_tracing()
            key_store.close()

    app = FastAPI(
        title="Relayboard",
        version="0.1.0",
        summary="Multi-agent answers over your documents and databases, traced end to end.",
        lifespan=lifespan,
        # FastAPI's own server span is each request's root (our request span is its child); probes leave none.
        telemetry={"operation_spans": False, "exclude": is_probe},
    )
    app.state.settings = gateway_settings
    app.state.text_limits = text_limits = TextLimits.of(
        gateway_settings.max_question_chars, limits.settings.max_body_bytes
    )
    generate_openapi = app.openapi
    app.openapi = lambda: advertise_max_batch(  # type: ignore[method-assign]  # FastAPI's hook
        text_limits.advertise(generate_openapi()), job_settings.jobs_max_batch
    )
    app.state.key_store = key_store
    app.state.limits = limits
    install_problem_handlers(app)
    app.include_router(health.router)
    app.include_router(resource_metadata.router)
    app.include_router(ask.router)
    app.include_router(collections.router)
    app.include_router(admin_keys.router)
    app.include_router(usage.router)
    app.include_router(feedback.router)
    app.include_router(jobs.router)
    app.include_router(openai_compat.router)
    app.include_router(metrics_router)
    # The MCP endpoint joins our routes as the exact path /mcp (a mount at "/" would swallow every 404), each
    # request answered once (tools/answered_once.py).
    for route in edge_app.routes:
        if isinstance(route, Route) and route.path == "/mcp":
            route.app = AnsweredOnce(route.app)
    app.router.routes.extend(edge_app.routes)
    app.add_middleware(
        BodyAndDisconnectMiddleware, max_bytes=limits.settings.max_body_bytes, own_disconnects=frozenset({"/mcp"})
    )
    app.add_middleware(KeyLimitMiddleware, limits=limits)
    app.add_middleware(ApiKeyMiddleware, authenticator=authenticator)
    app.add_middleware(AuthFailureLimitMiddleware, limits=limits)
    app.add_middleware(RequestRecordMiddleware, recorder=recorder)  # outside the key check: refusals count too
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=gateway_settings.trusted_hosts())  # outermost
    app.add_middleware(TraceparentMiddleware)  # outside the key check: a 401 names its trace too
    app.add_middleware(RequestLogMiddleware)  # outermost: every answer is logged, refusals included
    app.add_middleware(StartupFailureMiddleware)  # lifespan only: a start-up failure in its own words
    return app
