"""Dependencies the routes declare; tests swap them with `app.dependency_overrides`."""

from typing import Annotated

from fastapi import Depends, Request

from gateway.settings import GatewaySettings
from graph.system import AgentSystem


def get_settings(request: Request) -> GatewaySettings:
    settings: GatewaySettings = request.app.state.settings
    return settings


def get_system(request: Request) -> AgentSystem:
    system: AgentSystem = request.app.state.system
    return system


SettingsDep = Annotated[GatewaySettings, Depends(get_settings)]
SystemDep = Annotated[AgentSystem, Depends(get_system)]
