"""The inputs every edge accepts (HTTP API, MCP edge, MCP servers): each limit and literal is defined once here.

The edges declare their parameters with these types, so a limit the HTTP API states is the limit the MCP
server enforces, and a client sees the same bounds in the OpenAPI document and in `tools/list`.
"""

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StrictFloat
from pydantic_core import PydanticCustomError

from tools.chunking import DEFAULT_CHUNK_TOKENS, DEFAULT_MAX_CHARS, DEFAULT_OVERLAP_TOKENS, ChunkingPolicy, Strategy
from tools.errors import InvalidInput
from tools.names import COLLECTION_NAME_PATTERN, UUID_PATTERN, VISIBLE_TEXT_PATTERN
from tools.point_payload import MAX_PAYLOAD_BYTES, MAX_PAYLOAD_DEPTH, check_payload
from tools.summarise.length import Style
from tools.visible_text import VISIBLE_TEXT


def _refusing(
    *kinds: type, error: tuple[str, str] = ("int_type", "Input should be a valid integer")
) -> BeforeValidator:
    """A check, run before pydantic's lax int or float (which take `8`, `8.0`, `"8"` and also `true`), that refuses
    values of `kinds` with `error` (pydantic's error type and message)."""

    def check(value: Any) -> Any:
        if isinstance(value, kinds):
            raise PydanticCustomError(*error)
        return value

    return BeforeValidator(check)


# Each is placed after an integer's Field bounds, so that the bounds stay on the integer (the published schema shows
# them as `minimum`/`maximum`) and the check runs before them; placed first, it would hide them from the schema.
# An HTTP body is held to its OpenAPI document. An MCP tool argument may also be a numeric string: clients such as
# the MCP Inspector CLI send every `--tool-arg` as one, and the SDK passes a JSON scalar in a string on unparsed.
JSON_INTEGER = _refusing(bool, str)  # a JSON integer as JSON Schema reads one: `8` or `8.0`
TOOL_INTEGER = _refusing(bool)  # an integer tool argument: `8`, `8.0` or `"8"`
TOOL_NUMBER = _refusing(bool, error=("float_type", "Input should be a valid number"))  # `2.5` or `"2.5"`

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
    VISIBLE_TEXT,
]
_SEARCH_LIMIT = Field(ge=1, le=MAX_SEARCH_LIMIT, description="How many chunks to return")
SearchLimit = Annotated[int, _SEARCH_LIMIT, TOOL_INTEGER]
BodySearchLimit = Annotated[int, _SEARCH_LIMIT, JSON_INTEGER]
SchemaSearchLimit = Annotated[int, Field(ge=1, le=50, description="Tables and columns to return at most"), TOOL_INTEGER]
DocId = Annotated[str, Field(min_length=1, max_length=MAX_DOC_ID_CHARS, description="A document id (see search hits)")]
_SENTENCES, _WORDS = Field(ge=1, le=MAX_SUMMARY_SENTENCES), Field(ge=MIN_SUMMARY_WORDS, le=MAX_SUMMARY_WORDS)
_SENTENCES_ABOUT, _WORDS_ABOUT = (
    Field(description="Sentences in the summary at most"),
    Field(description="Words in the summary at most"),
)
MaxSentences = Annotated[Annotated[int, _SENTENCES, TOOL_INTEGER] | None, _SENTENCES_ABOUT]
MaxWords = Annotated[Annotated[int, _WORDS, TOOL_INTEGER] | None, _WORDS_ABOUT]
BodyMaxSentences = Annotated[Annotated[int, _SENTENCES, JSON_INTEGER] | None, _SENTENCES_ABOUT]
BodyMaxWords = Annotated[Annotated[int, _WORDS, JSON_INTEGER] | None, _WORDS_ABOUT]
SummaryText = Annotated[
    str,
    Field(
        min_length=1,
        max_length=MAX_SUMMARY_TEXT_CHARS,
        pattern=VISIBLE_TEXT_PATTERN,
        description="The text to summarise (any length)",
    ),
    VISIBLE_TEXT,
]
SummaryStyle = Annotated[Style, Field(description="Layout of the summary: paragraph, bullets or tldr")]
ChunkingStrategy = Annotated[Strategy, Field(description="How documents are chunked")]
_MAX_CHARS = Field(ge=50, le=20_000, description="Chunk size in characters (not `fixed`)")
_CHUNK_TOKENS = Field(ge=16, le=512, description="Window size in tokens (`fixed`)")
_OVERLAP_TOKENS = Field(ge=0, le=511, description="Window overlap in tokens (`fixed`)")
ChunkMaxChars = Annotated[int, _MAX_CHARS, TOOL_INTEGER]
ChunkTokens = Annotated[int, _CHUNK_TOKENS, TOOL_INTEGER]
OverlapTokens = Annotated[int, _OVERLAP_TOKENS, TOOL_INTEGER]
DocumentFormat = Literal["text", "markdown", "html"]


class ChunkingIn(BaseModel):
    """How a new collection's documents are chunked."""

    model_config = ConfigDict(extra="forbid")

    strategy: ChunkingStrategy = "markdown"
    max_chars: Annotated[int, _MAX_CHARS, JSON_INTEGER] = DEFAULT_MAX_CHARS
    chunk_tokens: Annotated[int, _CHUNK_TOKENS, JSON_INTEGER] = DEFAULT_CHUNK_TOKENS
    overlap_tokens: Annotated[int, _OVERLAP_TOKENS, JSON_INTEGER] = DEFAULT_OVERLAP_TOKENS

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
    text: Annotated[str, VISIBLE_TEXT] = Field(
        min_length=1, max_length=MAX_DOCUMENT_CHARS, pattern=VISIBLE_TEXT_PATTERN
    )
    title: str = Field(default="", max_length=1000)
    format: DocumentFormat = "markdown"


def distinct_document_ids(documents: list[DocumentIn]) -> list[DocumentIn]:
    """`documents` unchanged when no two share an id.

    Two versions of one document in one request are refused rather than one silently kept: which one the sender
    meant is not ours to guess (most often two different documents were given the same id).

    Raises:
        ValueError: names the first repeated id and where it appears.
    """
    first: dict[str, int] = {}
    for index, document in enumerate(documents):
        if (earlier := first.setdefault(document.id, index)) != index:
            raise ValueError(
                f"the id {document.id!r} is sent twice (documents {earlier} and {index}): each document of a request "
                "needs its own id; send one version of it"
            )
    return documents


def check_distinct_ids(documents: list[DocumentIn]) -> None:
    """`distinct_document_ids` for the HTTP API, where the rule is a 400 naming the field: JSON Schema cannot say
    that items differ in one property, so a body breaking it is valid by the published schema (no 422).

    Raises:
        InvalidInput: two documents share an id (the message names it and where it appears).
    """
    try:
        distinct_document_ids(documents)
    except ValueError as exc:
        raise InvalidInput(f"`documents`: {exc}") from None


# JSON has no NaN or Infinity (Python's reader takes them): a vector of them would not survive the MCP hop.
FiniteFloat = Annotated[StrictFloat, Field(allow_inf_nan=False)]
# No `format: uuid`: that means the hyphenated form only, and ids without hyphens have always been accepted.
PointId = Annotated[str, Field(pattern=UUID_PATTERN)]


class PointIn(BaseModel):
    """A point addressed by id (direct CRUD), optionally with the caller's own dense vector."""

    model_config = ConfigDict(extra="forbid")

    id: PointId = Field(description="A UUID: sending it again replaces the point")
    text: Annotated[str, VISIBLE_TEXT] = Field(
        min_length=1,
        max_length=MAX_POINT_TEXT_CHARS,
        pattern=VISIBLE_TEXT_PATTERN,
        description="Indexed by BM25; embedded unless `vector` is set",
    )
    vector: list[FiniteFloat] | None = Field(default=None, description="Your own dense vector (self-managed mode)")
    payload: Annotated[dict[str, Any], AfterValidator(check_payload)] = Field(
        default_factory=dict,
        description=f"Stored with the point: at most {MAX_PAYLOAD_DEPTH} levels deep and {MAX_PAYLOAD_BYTES} bytes "
        "as JSON, numbers finite",
    )
