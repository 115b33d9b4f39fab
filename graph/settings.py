"""Settings of the agent system: answer mode (LLM), MCP servers, checkpointer, routing. Read from RELAYBOARD_*."""

import json
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from tools.errors import ConfigurationError
from tools.settings import DEFAULT_DATA_DIR

AgentName = Literal["retrieval", "sql", "summarise"]


class ExternalServer(BaseModel):
    """An MCP server a user adds: a URL (streamable HTTP) or a command (stdio), and the agent that gets its tools."""

    model_config = ConfigDict(extra="forbid")

    agent: AgentName
    url: str | None = None
    command: str | None = None
    args: list[str] = Field(default_factory=list)
    env: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _one_transport(self) -> "ExternalServer":
        if (self.url is None) == (self.command is None):
            raise ValueError("give exactly one of `url` (streamable HTTP) or `command` (stdio)")
        return self


class SystemSettings(BaseSettings):
    """How the agent system is assembled."""

    model_config = SettingsConfigDict(env_prefix="RELAYBOARD_", extra="ignore")

    data_dir: Path = Field(default=DEFAULT_DATA_DIR, description="Directory for embedded data.")
    llm: str | None = Field(
        default=None,
        description="LangChain chat model, e.g. `openai:gpt-4o-mini` or `ollama:llama3.1`; unset = extractive mode.",
    )
    llm_base_url: str | None = Field(default=None, description="OpenAI-compatible endpoint base URL.")
    llm_api_key: SecretStr | None = Field(default=None, description="API key for the LLM endpoint.")
    llm_fallbacks: list[str] = Field(
        default_factory=list,
        description="Chat models to try in order when RELAYBOARD_LLM fails, as a JSON list (e.g. "
        '["openai:gpt-4o-mini", "ollama:llama3.1"]); they share LLM_BASE_URL and LLM_API_KEY.',
    )
    llm_timeout_s: float = Field(
        default=60, gt=0, le=3600, description="Longest wait for one chat model call before it counts as failed."
    )
    llm_retries: int = Field(
        default=1, ge=0, le=10, description="Further attempts of a failed chat model call before the next model."
    )
    mcp_transport: Literal["stdio", "http"] = Field(
        default="stdio", description="`stdio`: start our MCP servers as subprocesses; `http`: connect to URLs."
    )
    mcp_retrieval_url: str | None = Field(default=None, description="Retrieval server URL (http transport).")
    mcp_sql_url: str | None = Field(default=None, description="SQL server URL (http transport).")
    mcp_summarise_url: str | None = Field(default=None, description="Summarise server URL (http transport).")
    mcp_servers: dict[str, ExternalServer] = Field(
        default_factory=dict,
        description='Extra MCP servers as JSON: {"name": {"agent": "retrieval", "url": "http://..."}}.',
    )
    mcp_start_timeout_s: float = Field(
        default=60,
        gt=0,
        le=3600,
        description="How long start-up keeps retrying an MCP server that does not answer yet, then fails naming it.",
    )
    mcp_connect_timeout_s: float = Field(
        default=30, gt=0, le=600, description="Longest wait for one connection (or restart) of an MCP server."
    )
    mcp_ready_timeout_s: float = Field(
        default=2,
        gt=0,
        le=60,
        description="Longest wait of `GET /readyz` for each MCP server's answer before it reports that server not "
        "ready (keep it under the probe's own timeout).",
    )
    mcp_call_timeout_s: float = Field(
        default=300,
        gt=0,
        le=86_400,
        description="Longest an MCP tool call may go without an answer or a progress report, then a 504 naming the "
        "server. An idle deadline: each progress report (our summarise and ingest tools send them as they work) "
        "restarts it, so a long call that keeps reporting runs on; keep it above the longest silence between reports.",
    )
    mcp_retry_max_s: float = Field(
        default=5,
        gt=0,
        le=300,
        description="Longest wait between reconnection attempts to a lost MCP server (jittered exponential backoff).",
    )
    checkpoint_url: str | None = Field(
        default=None, description="`postgresql://...` for a Postgres checkpointer; default: SQLite in data_dir."
    )
    routes_file: Path | None = Field(default=None, description="Router example utterances (YAML).")
    recursion_limit: int = Field(default=25, ge=5, le=200, description="Graph steps per request at most.")
    retrieval_min_support: float = Field(
        default=0.45,
        ge=-1,
        le=1,
        description='Cosine bar for a cited sentence; below it on every hit the answer is "not found" '
        "(calibrated with `eval retrieval --off-topic`).",
    )
    retrieval_answer_bar: float | None = Field(
        default=None,
        ge=0,
        le=1,
        description='Answerability probability below which the extractive answer is "not found" even when a '
        "sentence clears retrieval_min_support; default: the fitted bar (docs/retrieval.md).",
    )
    sql_min_similarity: float = Field(default=0.6, ge=-1, le=1, description="Bar for matching a curated query.")

    @field_validator("mcp_servers", mode="before")
    @classmethod
    def _parse_json(cls, value: Any) -> Any:
        if isinstance(value, str):
            try:
                return json.loads(value) if value.strip() else {}
            except json.JSONDecodeError as exc:
                raise ValueError(f"RELAYBOARD_MCP_SERVERS is not valid JSON: {exc}") from exc
        return value

    @model_validator(mode="after")
    def _urls_for_http(self) -> "SystemSettings":
        if self.mcp_transport == "http":
            missing = [name for name in ("retrieval", "sql", "summarise") if not getattr(self, f"mcp_{name}_url")]
            if missing:
                raise ConfigurationError(
                    "RELAYBOARD_MCP_TRANSPORT=http needs "
                    + ", ".join(f"RELAYBOARD_MCP_{name.upper()}_URL" for name in missing)
                )
        return self

    @property
    def checkpoint_path(self) -> Path:
        return self.data_dir / "threads.sqlite"
