"""Grants deny by default, and mean what their strings say."""

import pytest

from tools.errors import InvalidInput
from tools.grants import FULL_ACCESS, Grants


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
