"""Grants deny by default, and mean what their strings say."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tools.errors import InvalidInput
from tools.grants import FULL_ACCESS, GRANT_PATTERN, Grants


def test_nothing_is_allowed_that_no_grant_names() -> None:
    none = Grants.parse([])
    assert not none.admin and not none.allows_agent("sql") and not none.allows_tool("sql", "run_query")
    assert not none.allows_collection("docs", "read") and none.sql_tables == ()


def test_tool_patterns_collection_levels_and_tables() -> None:
    grants = Grants.parse(["tool:retrieval:search_*", "tool:sql:*", "collection:docs:write", "table:Invoice"])
    assert grants.allows_tool("retrieval", "search_documents") and not grants.allows_tool("retrieval", "delete_points")
    assert grants.allows_tool("sql", "run_query") and not grants.allows_tool("summarise", "summarise_text")
    assert grants.allows_collection("docs", "read") and grants.allows_collection("docs", "write")
    assert not grants.allows_collection("docs", "admin") and not grants.allows_collection("notes", "read")
    assert grants.sql_tables == ("Invoice",)
    assert Grants.parse(grants.strings()) == grants
    assert FULL_ACCESS.sql_tables is None and FULL_ACCESS.allows_collection("anything", "admin")


@pytest.mark.parametrize("bad", ["root", "tool:sql", "collection:docs:delete", "agent:", "admin:yes"])
def test_a_string_that_is_not_a_grant_is_refused_listing_the_forms(bad: str) -> None:
    with pytest.raises(InvalidInput, match=r"is not a grant: grants are `admin`, `agent:NAME`"):
        Grants.parse([bad])


@given(st.lists(st.from_regex(GRANT_PATTERN, fullmatch=True), max_size=5))
def test_every_string_the_published_grant_pattern_allows_is_a_grant(grants: list[str]) -> None:
    parsed = Grants.parse(grants)  # the API documents the pattern: what it allows must not then be refused
    assert Grants.parse(parsed.strings()) == parsed


# A name of whitespace or control characters only (`str.strip` removes it, leaving no name), or whitespace around.
@pytest.mark.parametrize("blank", ["table:\x0b", "agent:\x1c", "tool:sql:\x85", "collection:\ufeff:read", " admin"])
def test_the_published_grant_pattern_refuses_names_of_whitespace_or_control_characters(blank: str) -> None:
    assert re.fullmatch(GRANT_PATTERN, blank) is None
