"""What the edge's tools tell an IDE's model: when to use each, and what it cannot do.

GitHub's MCP server, MCP Toolbox for Databases and mcp-server-qdrant write descriptions for a model choosing
among many tools: the first sentence says when to use the tool, the rest states its limits. A deployer can
replace any of them (RELAYBOARD_MCP_TOOL_DESCRIPTIONS), as mcp-server-qdrant's TOOL_*_DESCRIPTION settings do.
"""

from dataclasses import asdict, dataclass
from typing import Any

from gateway.limits import LimitSettings
from gateway.settings import GatewaySettings
from gateway.text_cap import text_cap
from graph.settings import SystemSettings
from tools.inputs import MAX_QUERY_CHARS, MAX_QUESTION_CHARS, MAX_SEARCH_LIMIT, MAX_SUMMARY_TEXT_CHARS
from tools.settings import SqlSettings

INSTRUCTIONS = (
    "Relayboard answers questions from indexed documents and a SQL database, and summarises text. "
    "Use `ask` for a question in natural language: it routes to the right agents and cites its sources. "
    "For direct access: find documents with `list_collections` and `search_documents`, read one with "
    "`get_document`; explore the database with `search_schema`, `list_tables` and `describe_table` before "
    "writing a SELECT for `run_sql`; condense a long text with `summarise`. Everything is read-only."
)


@dataclass(frozen=True, slots=True)
class ServedLimits:
    """The facts of this deployment the descriptions and input schemas state."""

    sql_dialect: str
    row_limit: int
    timeout_s: float
    min_support: float
    max_body_bytes: int = LimitSettings.model_fields["max_body_bytes"].default
    max_question_chars: int = MAX_QUESTION_CHARS

    @classmethod
    def from_settings(
        cls, sql: SqlSettings, system: SystemSettings, limits: LimitSettings, gateway: GatewaySettings
    ) -> "ServedLimits":
        dialect = "PostgreSQL" if sql.database.startswith("postgres") else "SQLite"
        return cls(
            dialect,
            sql.row_limit,
            sql.timeout_s,
            system.retrieval_min_support,
            limits.max_body_bytes,
            gateway.max_question_chars,
        )

    @classmethod
    def from_environment(
        cls, limits: LimitSettings | None = None, gateway: GatewaySettings | None = None
    ) -> "ServedLimits":
        """The limits the RELAYBOARD_* settings give (`limits`, `gateway`: those settings, if read already).

        Raises:
            ConfigurationError: a setting is invalid (as does pydantic's ValidationError).
        """
        return cls.from_settings(
            SqlSettings(), SystemSettings(), limits or LimitSettings(), gateway or GatewaySettings()
        )

    @property
    def question_chars(self) -> int:
        """The longest `ask` question: the deployment's RELAYBOARD_MAX_QUESTION_CHARS (as the HTTP API's, see
        gateway/text_limits.py), or less when the body cap holds less."""
        return min(self.max_question_chars, text_cap(self.max_body_bytes))

    @property
    def summary_chars(self) -> int:
        """The longest text for `summarise`, likewise."""
        return min(MAX_SUMMARY_TEXT_CHARS, text_cap(self.max_body_bytes))

    def input_caps(self) -> dict[str, dict[str, int]]:
        """Per edge tool, the string arguments whose `maxLength` this deployment sets: the only facts in the
        input schemas (gateway/mcp_edge/restated.py restates a manifest by them)."""
        return {"ask": {"question": self.question_chars}, "summarise": {"text": self.summary_chars}}


def default_descriptions(limits: ServedLimits) -> dict[str, str]:
    """Each edge tool's description for this deployment."""
    sql = f"{limits.sql_dialect} dialect; at most {limits.row_limit} rows, {limits.timeout_s:g} s"
    return {
        "ask": "Ask a question in natural language about the indexed documents or the database, or ask for a "
        "summary of pasted text. Routes to retrieval, SQL and summarise agents and returns an answer with "
        "numbered citations (document and offsets), the SQL it ran, and a thread_id to continue the "
        "conversation. Use it when you want an answer; use search_documents or run_sql for raw results.",
        "search_documents": "Find passages in the indexed documents (hybrid dense + keyword search) when you "
        "need the source text itself. Returns numbered passages with their document id and character offsets, "
        "and says when nothing matches well. It does not answer the question (use ask for that). "
        f"At most {MAX_SEARCH_LIMIT} hits; query up to {MAX_QUERY_CHARS} characters.",
        "get_document": "Read the whole text of one document by its id (from search_documents or a citation). "
        "Use it after a search when a passage is not enough.",
        "list_collections": "List the document collections (name, chunking, points). Use it to find the "
        "`collection` value for search_documents, get_document and ask.",
        "run_sql": f"Run exactly one read-only SELECT (or WITH ... SELECT) against the database ({sql}). "
        "Writes, DDL and multiple statements are refused. Use search_schema or describe_table first to learn "
        "the table and column names; results say when the row cap cut them.",
        "list_tables": "List the tables this caller may read. Start here, or with search_schema, before run_sql.",
        "describe_table": "Columns, types, primary and foreign keys, row count and a few sample rows of one "
        "table: use it to write a correct SELECT for run_sql.",
        "search_schema": "Find the tables and columns whose names and descriptions are closest in meaning to "
        "a phrase (e.g. 'sales by country'), best first. Use it when you do not know which table holds "
        "something.",
        "summarise": "An extractive summary of a text you have (pasted, or read with get_document): its most "
        "representative sentences in their original order, each with its offsets. It selects sentences, it "
        f"does not paraphrase. Up to {limits.summary_chars:,} characters; long texts report progress.",
    }


def tool_descriptions(limits: ServedLimits, overrides: dict[str, str]) -> dict[str, str]:
    """The defaults with the deployer's replacements applied."""
    return default_descriptions(limits) | overrides


TITLES = {
    "ask": "Ask Relayboard",
    "search_documents": "Search documents",
    "get_document": "Read a document",
    "list_collections": "List document collections",
    "run_sql": "Run a read-only SQL query",
    "list_tables": "List database tables",
    "describe_table": "Describe a database table",
    "search_schema": "Search the database schema",
    "summarise": "Summarise text",
}


def described_facts(limits: ServedLimits, overrides: dict[str, str]) -> dict[str, Any]:
    """Everything of this deployment the edge's descriptions and input schemas are built from, as JSON: the
    start-up manifest (gateway/mcp_edge/manifest.json) serves only a deployment with the facts it was built from."""
    return {"limits": asdict(limits), "tool_descriptions": dict(sorted(overrides.items()))}
