"""The edge tools a caller's grants allow (tools/grants.py): tools/list shows only those, and a call of another is
refused with an MCP error naming the grant it needs. So with prompts: prompts/list shows those whose tools the caller
may all use, and prompts/get of another is refused. The MCP servers behind still check every call themselves."""

from collections.abc import Mapping, Sequence
from typing import Any

from mcp.server.context import CallNext, HandlerResult, ServerRequestContext
from mcp.shared.exceptions import MCPError
from mcp.types import INVALID_PARAMS
from starlette.requests import Request

from agents.contracts import ANONYMOUS, Principal
from gateway.request_state import PRINCIPAL_STATE
from tools.grants import Grants

AGENTS = ("retrieval", "sql", "summarise")
BEHIND = {  # the server tool each direct edge tool calls
    "search_documents": ("retrieval", "search_documents"),
    "get_document": ("retrieval", "get_document"),
    "list_collections": ("retrieval", "list_collections"),
    "run_sql": ("sql", "run_query"),
    "list_tables": ("sql", "list_tables"),
    "describe_table": ("sql", "describe_table"),
    "search_schema": ("sql", "search_schema"),
    "summarise": ("summarise", "summarise_text"),
}


def caller(ctx: ServerRequestContext[Any, Any]) -> Principal:
    """Who a request is for: the key holder over HTTP (set by the auth middleware), anonymous over stdio."""
    # As gateway.deps.principal_of reads it; not imported from there, which would load the agent system's modules
    # before `relayboard mcp` answers its handshake.
    request = ctx.request
    found = getattr(request.state, PRINCIPAL_STATE, None) if isinstance(request, Request) else None
    return found if isinstance(found, Principal) else ANONYMOUS


def allows(grants: Grants, tool: str) -> bool:
    """Whether `grants` let their holder use the edge tool `tool` (`ask`: any agent)."""
    if tool == "ask":
        return any(grants.allows_agent(agent) for agent in AGENTS)
    server, name = BEHIND[tool]
    return grants.allows_tool(server, name)


def _needed(tool: str) -> str:
    if tool == "ask":
        return "an `agent:NAME` grant (" + ", ".join(AGENTS) + ")"
    server, name = BEHIND[tool]
    return f"the grant `tool:{server}:{name}`"


class GrantedTools:
    """Edge middleware: filters tools/list and prompts/list by the caller's grants, and refuses calls of tools and
    gets of prompts they do not list."""

    def __init__(self, prompt_tools: Mapping[str, Sequence[str]]) -> None:
        """`prompt_tools`: the edge tools each prompt asks the model to use (a prompt not named uses none)."""
        self._prompt_tools = prompt_tools

    async def __call__(self, ctx: ServerRequestContext[Any, Any], call_next: CallNext) -> HandlerResult:
        name = (ctx.params or {}).get("name")
        if ctx.method == "tools/call" and isinstance(name, str):
            _check_tool(ctx, name)
        if ctx.method == "prompts/get" and isinstance(name, str):
            self._check_prompt(ctx, name)
        result = await call_next(ctx)
        if ctx.method == "tools/list" and isinstance(result, dict):
            grants = caller(ctx).grants
            result = {**result, "tools": [t for t in result.get("tools", []) if _listed(grants, t)]}
        if ctx.method == "prompts/list" and isinstance(result, dict):
            grants = caller(ctx).grants
            shown = [p for p in result.get("prompts", []) if not self._refused_tools(grants, str(p.get("name")))]
            result = {**result, "prompts": shown}
        return result

    def _refused_tools(self, grants: Grants, prompt: str) -> list[str]:
        return [tool for tool in self._prompt_tools.get(prompt, ()) if not allows(grants, tool)]

    def _check_prompt(self, ctx: ServerRequestContext[Any, Any], prompt: str) -> None:
        who = caller(ctx)
        refused = self._refused_tools(who.grants, prompt)
        if refused:
            needs = "; ".join(f"`{tool}` needs {_needed(tool)}" for tool in refused)
            raise MCPError(
                code=INVALID_PARAMS,
                message=f"the key of {who.name} may not use the prompt `{prompt}`: it uses tools the key may not "
                f"call ({needs}; prompts/list shows the prompts it may use)",
            )


def _check_tool(ctx: ServerRequestContext[Any, Any], tool: str) -> None:
    who = caller(ctx)
    if (tool == "ask" or tool in BEHIND) and not allows(who.grants, tool):
        raise MCPError(
            code=INVALID_PARAMS,
            message=f"the key of {who.name} may not use `{tool}`: it needs {_needed(tool)} "
            "(tools/list shows the tools it may use)",
        )


def _listed(grants: Grants, tool: dict[str, Any]) -> bool:
    name = tool.get("name")
    return not (name == "ask" or name in BEHIND) or allows(grants, str(name))
