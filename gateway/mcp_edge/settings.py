"""Settings of the MCP edge (what IDE assistants see). Read from RELAYBOARD_MCP_*."""

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from tools.errors import ConfigurationError

EDGE_TOOLS = (
    "ask",
    "search_documents",
    "get_document",
    "list_collections",
    "run_sql",
    "list_tables",
    "describe_table",
    "search_schema",
    "summarise",
)


class EdgeSettings(BaseSettings):
    """How the edge describes itself to an IDE's model."""

    model_config = SettingsConfigDict(env_prefix="RELAYBOARD_MCP_", extra="ignore")

    tool_descriptions: dict[str, str] = Field(
        default_factory=dict,
        description="Replace the description an IDE's model reads for an MCP edge tool, as JSON "
        '{"search_documents": "Search our runbooks ..."} (tools: ' + ", ".join(EDGE_TOOLS) + ").",
    )

    @field_validator("tool_descriptions")
    @classmethod
    def _known_tools(cls, descriptions: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(descriptions) - set(EDGE_TOOLS))
        if unknown:
            raise ConfigurationError(
                f"RELAYBOARD_MCP_TOOL_DESCRIPTIONS names no such tool: {', '.join(unknown)}; "
                f"the edge's tools are {', '.join(EDGE_TOOLS)}"
            )
        empty = sorted(name for name, text in descriptions.items() if not text.strip())
        if empty:
            raise ConfigurationError(
                f"RELAYBOARD_MCP_TOOL_DESCRIPTIONS: the description of {', '.join(empty)} is empty; "
                "leave the tool out to keep its default"
            )
        return descriptions
