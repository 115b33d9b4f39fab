"""The composition root: connects MCP servers, builds agents and the supervisor graph into an AgentSystem."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

from langchain_core.language_models import BaseChatModel

from agents.chat import model_name
from agents.contracts import Agent
from agents.mcp_client import CallCredentials, McpServer, Toolbox, build_toolbox, connect_servers
from agents.retrieval import RetrievalAgent
from agents.sql import SqlAgent
from agents.summarise import SummariseAgent
from graph.agent_system import AgentSystem
from graph.builder import build_graph
from graph.checkpoints import open_checkpointer
from graph.mcp_targets import call_credentials, connect_options, server_targets
from graph.models import build_chat_model
from graph.router import SemanticRouter, default_routes_path, load_utterances
from graph.settings import SystemSettings
from graph.supervisor import ModelSupervisor, RouterSupervisor, Supervisor
from graph.turn import StreamEvent, Turn, TurnOptions
from observability import untraced
from tools.call_tokens import CallSigner, deployment_secret
from tools.embeddings import BatchingEmbedder, Embedder, MemoEmbedder, configured_embedder
from tools.settings import CallTokenSettings

__all__ = ["AgentSystem", "StreamEvent", "Turn", "TurnOptions", "build_agents", "open_system"]


def _toolboxes(servers: list[McpServer], credentials: CallCredentials, *, agents: bool) -> dict[str, Toolbox]:
    """Tools per agent route. An agent (`agents=True`) never gets a tool its server marks as writing: it may
    read and answer, not delete collections. The gateway's own admin calls use every tool (as far as the
    caller's grants go: every call carries them to the server)."""
    return {
        route: build_toolbox(servers, agent=route, readers_only=agents, credentials=credentials)
        for route in {s.agent for s in servers}
    }


def build_agents(
    toolboxes: dict[str, Toolbox], embedder: Embedder, model: BaseChatModel | None, settings: SystemSettings
) -> dict[str, Agent]:
    """One agent per route, each with its own MCP tools."""
    return {
        "retrieval": RetrievalAgent(
            toolboxes["retrieval"],
            model,
            min_support=settings.retrieval_min_support,
            answer_bar=settings.retrieval_answer_bar,
        ),
        "sql": SqlAgent(toolboxes["sql"], embedder, model, min_similarity=settings.sql_min_similarity),
        "summarise": SummariseAgent(toolboxes["summarise"], model, documents=toolboxes["retrieval"]),
    }


@asynccontextmanager
async def open_system(
    settings: SystemSettings, *, model: BaseChatModel | None = None, embedder: Embedder | None = None
) -> AsyncIterator[AgentSystem]:
    """Start everything the agent system needs and close it all afterwards.

    `model` overrides RELAYBOARD_LLM (tests pass a scripted fake); `embedder` shares a loaded model.

    Raises:
        ConfigurationError: settings that cannot work.
        ServerUnavailable: an MCP server did not answer within `mcp_start_timeout_s`.
    """
    chat_model = model if model is not None else build_chat_model(settings)
    loading: asyncio.Task[object] | None = None
    if embedder is None:
        created = configured_embedder()
        loading = asyncio.create_task(asyncio.to_thread(created.load))
    # The router and the SQL agent embed the same question (and the SQL agent the same table names): once each;
    # the questions of concurrent requests are encoded together.
    local_embedder: Embedder = MemoEmbedder(BatchingEmbedder(embedder or created))
    tokens = CallTokenSettings(data_dir=settings.data_dir)
    signer = CallSigner(deployment_secret(tokens), ttl_s=tokens.call_token_ttl_s)  # before the servers read it
    credentials = call_credentials(signer)
    async with AsyncExitStack() as stack:
        try:
            with untraced():  # start-up (handshakes, tool listings, warm-ups) is no request's trace
                connections = await stack.enter_async_context(
                    connect_servers(server_targets(settings, signer, tokens), connect_options(settings))
                )
        finally:
            if loading is not None:
                await loading
        checkpointer = await stack.enter_async_context(open_checkpointer(settings))
        agents = build_agents(_toolboxes(connections, credentials, agents=True), local_embedder, chat_model, settings)
        supervisor: Supervisor
        if chat_model is None:
            router = SemanticRouter(local_embedder, load_utterances(settings.routes_file or default_routes_path()))
            with untraced():
                await router.prepare()
            supervisor = RouterSupervisor(router)
        else:
            supervisor = ModelSupervisor(chat_model)
        graph = build_graph(agents, supervisor, checkpointer)
        yield AgentSystem(
            graph,
            mode="extractive" if chat_model is None else "generative",
            connections=connections,
            toolboxes=_toolboxes(connections, credentials, agents=False),
            recursion_limit=settings.recursion_limit,
            model=None if chat_model is None else model_name(chat_model),
            ready_wait_s=settings.mcp_ready_timeout_s,
        )
