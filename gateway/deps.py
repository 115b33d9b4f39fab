"""Dependencies the routes declare; tests swap them with `app.dependency_overrides`.

They are coroutines although they only read attributes: FastAPI runs a plain `def` dependency in its thread pool,
a thread hop per dependency per request (about 2% of the gateway's CPU under load, docs/scaling.md).
"""

from typing import Annotated

from fastapi import Depends, Request

from agents.contracts import ANONYMOUS, Principal
from gateway.governance.key_ref import KeyRef
from gateway.governance.store import KeyStore
from gateway.jobs import JobRunner
from gateway.limits import GatewayLimits
from gateway.request_state import API_KEY_STATE, PRINCIPAL_STATE
from gateway.settings import GatewaySettings
from gateway.text_limits import TextLimits
from graph.system import AgentSystem


async def get_settings(request: Request) -> GatewaySettings:
    settings: GatewaySettings = request.app.state.settings
    return settings


async def get_text_limits(request: Request) -> TextLimits:
    limits: TextLimits = request.app.state.text_limits
    return limits


async def get_system(request: Request) -> AgentSystem:
    system: AgentSystem = request.app.state.system
    return system


async def get_key_store(request: Request) -> KeyStore:
    store: KeyStore = request.app.state.key_store
    return store


async def get_jobs(request: Request) -> JobRunner:
    jobs: JobRunner = request.app.state.jobs
    return jobs


async def get_limits(request: Request) -> GatewayLimits:
    limits: GatewayLimits = request.app.state.limits
    return limits


async def get_principal(request: Request) -> Principal:
    """Who the request is for: the API key's holder, or anonymous when the gateway needs no keys."""
    return principal_of(request)


def principal_of(request: Request | None) -> Principal:
    """The principal the auth middleware put on `request` (anonymous for none, e.g. over stdio)."""
    principal = getattr(request.state, PRINCIPAL_STATE, None) if request is not None else None
    return principal if isinstance(principal, Principal) else ANONYMOUS


async def get_api_key(request: Request) -> KeyRef | None:
    """The key the request presented, by its public reference; None when the gateway needed none."""
    key = getattr(request.state, API_KEY_STATE, None)
    return key if isinstance(key, KeyRef) else None


SettingsDep = Annotated[GatewaySettings, Depends(get_settings)]
TextLimitsDep = Annotated[TextLimits, Depends(get_text_limits)]
SystemDep = Annotated[AgentSystem, Depends(get_system)]
JobsDep = Annotated[JobRunner, Depends(get_jobs)]
PrincipalDep = Annotated[Principal, Depends(get_principal)]
ApiKeyDep = Annotated[KeyRef | None, Depends(get_api_key)]
LimitsDep = Annotated[GatewayLimits, Depends(get_limits)]
KeyStoreDep = Annotated[KeyStore, Depends(get_key_store)]
