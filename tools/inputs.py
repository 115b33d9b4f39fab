"""The inputs every edge accepts (HTTP API, MCP edge, MCP servers): each limit and literal is defined once here.

The edges declare their parameters with these types, so a limit the HTTP API states is the limit the MCP
server enforces, and a client sees the same bounds in the OpenAPI document and in `tools/list`.
"""

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictFloat
from pydantic_core import PydanticCustomError

from tools.chunking import DEFAULT_CHUNK_TOKENS, DEFAULT_MAX_CHARS, DEFAULT_OVERLAP_TOKENS, ChunkingPolicy, Strategy
from tools.names import COLLECTION_NAME_PATTERN, UUID_PATTERN, VISIBLE_TEXT_PATTERN
from tools.summarise.length import Style


def _json_integer(value: Any) -> Any:
    """A JSON integer as JSON Schema reads one (`8` or `8.0`), never a boolean or a numeric string."""
    if isinstance(value, bool | str):
        raise PydanticCustomError("int_type", "Input should be a valid integer")
    return value


# Placed after an integer's Field bounds, so that the bounds stay on the integer (the OpenAPI document shows them as
# `minimum`/`maximum`) and this check runs before them; placed first, it would hide them from the schema.
JSON_INTEGER = BeforeValidator(_json_integer)

MAX_QUERY_CHARS = 2000
MAX_SCHEMA_QUERY_CHARS = 1000  # a schema search reads table and column descriptions, not passages
MAX_SEARCH_LIMIT = 50
MAX_DOC_ID_CHARS = 1000
MAX_DOCUMENT_CHARS = 5_000_000
MAX_POINT_TEXT_CHARS = 100_000
MAX_QUESTION_CHARS = 1_000_000
MAX_SUMMARY_TEXT_CHARS = 2_000_000  # about 300k words: a long report or a day of transcripts
MAX_SUMMARY_SENTENCES = 50
MIN_SUMMARY_WORDS, MAX_SUMMARY_WORDS = 5, 5000

CollectionName = Annotated[
    str, Field(pattern=COLLECTION_NAME_PATTERN, description="Collection name: 1-64 letters, digits, '_' or '-'")
]
SearchQuery = Annotated[
    str,
    Field(
        min_length=1,
        max_length=MAX_QUERY_CHARS,
        pattern=VISIBLE_TEXT_PATTERN,
        description="What to look for, in natural language",
    ),
]
SearchLimit = Annotated[int, Field(ge=1, le=MAX_SEARCH_LIMIT, description="How many chunks to return"), JSON_INTEGER]
DocId = Annotated[str, Field(min_length=1, max_length=MAX_DOC_ID_CHARS, description="A document id (see search hits)")]
MaxSentences = Annotated[
    Annotated[int, Field(ge=1, le=MAX_SUMMARY_SENTENCES), JSON_INTEGER] | None,
    Field(description="Sentences in the summary at most"),
]
MaxWords = Annotated[
    Annotated[int, Field(ge=MIN_SUMMARY_WORDS, le=MAX_SUMMARY_WORDS), JSON_INTEGER] | None,
    Field(description="Words in the summary at most"),
]
SummaryText = Annotated[
    str,
    Field(
        min_length=1,
        max_length=MAX_SUMMARY_TEXT_CHARS,
        pattern=VISIBLE_TEXT_PATTERN,
        description="The text to summarise (any length)",
    ),
]
SummaryStyle = Annotated[Style, Field(description="Layout of the summary: paragraph, bullets or tldr")]
ChunkingStrategy = Annotated[Strategy, Field(description="How documents are chunked")]
ChunkMaxChars = Annotated[
    int, Field(ge=50, le=20_000, description="Chunk size in characters (not `fixed`)"), JSON_INTEGER
]
ChunkTokens = Annotated[int, Field(ge=16, le=512, description="Window size in tokens (`fixed`)"), JSON_INTEGER]
OverlapTokens = Annotated[int, Field(ge=0, le=511, description="Window overlap in tokens (`fixed`)"), JSON_INTEGER]
DocumentFormat = Literal["text", "markdown", "html"]


class ChunkingIn(BaseModel):
    """How a new collection's documents are chunked."""

    model_config = ConfigDict(extra="forbid")

    strategy: ChunkingStrategy = "markdown"
    max_chars: ChunkMaxChars = DEFAULT_MAX_CHARS
    chunk_tokens: ChunkTokens = DEFAULT_CHUNK_TOKENS
    overlap_tokens: OverlapTokens = DEFAULT_OVERLAP_TOKENS

    def policy(self) -> ChunkingPolicy:
        """The chunking policy these settings describe.

        Raises:
            ValueError: settings that do not fit together (an overlap as large as the window).
        """
        return ChunkingPolicy(self.strategy, self.max_chars, self.chunk_tokens, self.overlap_tokens)


class DocumentIn(BaseModel):
    """A document to ingest; sending the same id again replaces it."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(
        min_length=1, max_length=MAX_DOC_ID_CHARS, description="Stable id: sending it again replaces the document"
    )
    text: str = Field(min_length=1, max_length=MAX_DOCUMENT_CHARS, pattern=VISIBLE_TEXT_PATTERN)
    title: str = Field(default="", max_length=1000)
    format: DocumentFormat = "markdown"


# No `format: uuid`: that means the hyphenated form only, and ids without hyphens have always been accepted.
PointId = Annotated[str, Field(pattern=UUID_PATTERN)]


class PointIn(BaseModel):
    """A point addressed by id (direct CRUD), optionally with the caller's own dense vector."""

    model_config = ConfigDict(extra="forbid")

    id: PointId = Field(description="A UUID: sending it again replaces the point")
    text: str = Field(
        min_length=1,
        max_length=MAX_POINT_TEXT_CHARS,
        pattern=VISIBLE_TEXT_PATTERN,
        description="Indexed by BM25; embedded unless `vector` is set",
    )
    vector: list[StrictFloat] | None = Field(default=None, description="Your own dense vector (self-managed mode)")
    payload: dict[str, Any] = Field(default_factory=dict)
