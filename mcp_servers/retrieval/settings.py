"""Settings of the retrieval MCP server. Read from RELAYBOARD_RETRIEVAL_*."""

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class RetrievalServerSettings(BaseSettings):
    """Whether the server offers write tools, and how it ranks."""

    model_config = SettingsConfigDict(env_prefix="RELAYBOARD_RETRIEVAL_", extra="ignore")

    read_only: bool = Field(
        default=False,
        description="Serve only search tools: collection, ingest and point tools are not registered at all.",
    )
    rerank: bool = Field(
        default=True,
        description="Fuse a third ranking, the candidates rescored by sentence MaxSim (best measured on SciFact dev).",
    )
