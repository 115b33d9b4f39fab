"""Which words of a question a curated query covers: the guard that keeps near matches from answering."""

from agents.mcp_client import ToolSpec
from agents.sql.matching import uncovered_terms, words
from agents.sql.parameters import fill_parameters, unused_values


def curated(description: str, *examples: str) -> ToolSpec:
    return ToolSpec("q", "relayboard-sql", description, meta={"relayboard/curated": True, "examples": list(examples)})


def test_contractions_open_into_words_and_a_negation_is_a_term() -> None:
    assert words("What's new? They don't buy, we can't sell") == [
        "What", "new", "They", "do", "not", "buy", "we", "can", "not", "sell",
    ]  # fmt: skip
    albums = curated("Number of albums per artist.", "album count by artist")
    assert uncovered_terms("Which artists don't have albums?", albums) == ["not"]


def test_inflections_of_one_word_are_covered_and_different_words_are_not() -> None:
    issued = curated("Invoices issued in a year.", "invoices per year")
    assert uncovered_terms("How many invoices did we issue?", issued) == []
    counted = curated("Total number of customers.", "count of customers")
    assert uncovered_terms("How many customers per country?", counted) == ["country"]


def test_values_a_question_names_must_each_be_used_by_some_parameter() -> None:
    schema = {"properties": {"year": {"type": "integer", "description": "Four-digit calendar year"}}}
    arguments = fill_parameters("Revenue from Norway in 2011", schema)
    assert arguments == {"year": 2011}
    assert unused_values("Revenue from Norway in 2011", arguments) == ["Norway"]
    assert unused_values("The 7 best albums in 2011", arguments) == ["7"]


def test_a_count_before_the_noun_of_a_ranking_is_its_limit_and_a_single_superlative_is_one() -> None:
    schema = {"properties": {"limit": {"type": "integer", "description": "How many rows to return"}}}
    assert fill_parameters("Which 4 bands sold the most records?", schema) == {"limit": 4}
    assert fill_parameters("the 3 stores that earned the most", schema) == {"limit": 3}
    assert fill_parameters("Which band sold the most records?", schema) == {"limit": 1}
    assert fill_parameters("List every band.", schema) == {}
