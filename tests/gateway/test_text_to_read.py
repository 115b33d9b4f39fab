"""Text a caller asks us to read (a question, a query, a text to summarise, a document, a point) must hold something to
read, at every edge, and each published schema says exactly which texts those are."""

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from gateway.mcp_edge import EdgeSystem, create_edge_server, handed
from gateway.schemas import AskRequest
from mcp_servers.retrieval import create_server as retrieval_server
from mcp_servers.sql import create_server as sql_server
from mcp_servers.summarise import create_server as summarise_server
from tools.inputs import DocumentIn, PointIn, SearchQuery, SummaryText
from tools.names import VISIBLE_TEXT_PATTERN
from tools.settings import EmbeddingSettings, SqlSettings, StoreSettings
from tools.validation_messages import error_message
from tools.visible_text import has_visible_text

# Whitespace (`str.strip`'s and pydantic's), control characters, format characters (the byte-order mark, zero-width
# space, joiners, word joiner, soft hyphen, bidirectional overrides): nothing to read.
BLANK = ["   ", "\t\n", "\x0b\x0c", "\x1c\x1f", "\x00", "\x85", "\xa0"]
BLANK += ["\u1680", "\u2003", "\u2028", "\u3000", "\ufeff"]
BLANK += ["\u200b", "\u200c\u200d", "\u2060", "\xad", "\u202e", "\u2066", "\u061c"]


# Format characters outside the Basic Multilingual Plane, which the published pattern cannot refuse: the tag
# characters (a flag's tag sequence with no flag before it, U+E0001 LANGUAGE TAG), Egyptian hieroglyph format controls.
BEYOND_THE_PATTERN = ["\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f", "\U000e0001", "\U00013430"]


@given(st.from_regex(VISIBLE_TEXT_PATTERN).filter(has_visible_text))
def test_every_question_the_published_pattern_allows_is_taken_with_its_text_kept(question: str) -> None:
    taken = AskRequest(question=question).question  # stripped of surrounding whitespace
    assert re.search(VISIBLE_TEXT_PATTERN, taken) and taken in question


@pytest.mark.parametrize("blank", BLANK)
def test_a_question_of_whitespace_or_control_characters_only_breaks_the_pattern_and_is_refused(blank: str) -> None:
    assert re.search(VISIBLE_TEXT_PATTERN, blank * 3) is None  # what a schema-driven client reads
    with pytest.raises(ValidationError) as refused:
        AskRequest(question=blank * 3)
    assert error_message(refused.value.errors()[0]).startswith("`question` must not be empty")


@pytest.mark.parametrize("invisible", BEYOND_THE_PATTERN)
def test_a_question_of_format_characters_beyond_the_pattern_is_refused_as_blank(invisible: str) -> None:
    with pytest.raises(ValidationError) as refused:
        AskRequest(question=f" {invisible} ")
    assert error_message(refused.value.errors()[0]).startswith("`question` must not be empty")
    assert AskRequest(question=f"\U0001f3f4{invisible}").question == f"\U0001f3f4{invisible}"  # a flag: its tags kept


def test_a_visible_character_anywhere_makes_a_question() -> None:
    assert AskRequest(question="\u3000 ?\xa0\n").question == "?"


class Search(BaseModel):
    query: SearchQuery


class Summarise(BaseModel):
    text: SummaryText


@pytest.mark.parametrize(
    ("field", "validate"),
    [
        ("query", lambda text: Search(query=text)),
        ("text", lambda text: Summarise(text=text)),
        ("text", lambda text: DocumentIn(id="a", text=text)),
        ("text", lambda text: PointIn(id="0b6e1a38-3c1e-4a41-9c5e-0f0b5a1b2c3d", text=text)),
    ],
    ids=["search query", "text to summarise", "document", "point"],
)
def test_every_shared_text_input_refuses_blank_text_naming_its_field(field: str, validate: Any) -> None:
    for blank in BLANK + BEYOND_THE_PATTERN:
        with pytest.raises(ValidationError) as refused:
            validate(f" {blank} ")
        assert error_message(refused.value.errors()[0]).startswith(f"`{field}` must not be empty")
    validate(" x ")  # one visible character is enough; nothing is stripped here


async def test_the_edge_refuses_a_blank_question_in_plain_words() -> None:
    refused = await create_edge_server(handed(EdgeSystem())).call_tool("ask", {"question": "\u3000 \x1f"})
    assert refused.is_error and refused.meta == {"relayboard/error": {"kind": "invalid_input"}}  # type: ignore[union-attr]
    assert refused.content[0].text == (  # type: ignore[union-attr]
        "invalid arguments for `ask`: `question` must not be empty: it holds only whitespace, control or format"
        " characters (got '\\u3000 \\x1f')"
    )


@pytest.mark.parametrize(
    ("tool", "arguments", "field"),
    [
        ("run_sql", {"sql": "  \n "}, "sql"),
        ("search_documents", {"query": "\u200b"}, "query"),
        ("search_schema", {"query": "\u2060\u200d"}, "query"),
        ("search_documents", {"query": BEYOND_THE_PATTERN[0]}, "query"),
        ("ask", {"question": BEYOND_THE_PATTERN[0]}, "question"),
    ],
)
async def test_the_edge_refuses_blank_sql_and_a_zero_width_query_as_invalid_input(
    tool: str, arguments: dict[str, str], field: str
) -> None:
    refused = await create_edge_server(handed(EdgeSystem())).call_tool(tool, arguments)
    assert refused.is_error and refused.meta == {"relayboard/error": {"kind": "invalid_input"}}  # type: ignore[union-attr]
    assert refused.content[0].text.startswith(  # type: ignore[union-attr]
        f"invalid arguments for `{tool}`: `{field}` must not be empty: it holds only whitespace, control or format"
    )


READ_TEXTS = {
    ("ask", "question"),
    ("search_documents", "query"),
    ("search_schema", "query"),
    ("summarise", "text"),
    ("summarise_text", "text"),
    ("propose_queries", "question"),
    ("run_sql", "sql"),
    ("run_query", "sql"),
}


async def test_every_mcp_tool_that_reads_text_publishes_the_pattern(tmp_path: Path) -> None:
    servers = [
        create_edge_server(handed(EdgeSystem())),
        retrieval_server(StoreSettings(data_dir=tmp_path), EmbeddingSettings()),
        sql_server(SqlSettings(database=str(tmp_path / "none.sqlite"))),
        summarise_server(EmbeddingSettings()),
    ]
    published: dict[tuple[str, str], set[int]] = {}  # each read text, with the longest text each server takes
    for server in servers:  # tools are listed before any lifespan opens a store or loads a model
        for tool in await server.list_tools():
            schema = tool.input_schema
            for name, field in schema["properties"].items():
                if field.get("pattern") == VISIBLE_TEXT_PATTERN:
                    published.setdefault((tool.name, name), set()).add(field["maxLength"])
            if tool.name == "ingest_documents":
                assert schema["$defs"]["DocumentIn"]["properties"]["text"]["pattern"] == VISIBLE_TEXT_PATTERN
    assert set(published) == READ_TEXTS
    # The edge takes what the server behind it takes: a longer limit would pass on a text the server refuses.
    assert len(published["search_schema", "query"]) == 1
    assert len(published["run_sql", "sql"] | published["run_query", "sql"]) == 1
