"""What agents read from a question: parameters for curated queries, text and length for summaries, SQL."""

import pytest

from agents.questions import (
    RequestedLength,
    document_named,
    requested_length,
    requested_sentences,
    text_to_summarise,
)
from agents.sql.parameters import MissingParameter, fill_parameters

YEAR = {"properties": {"year": {"type": "integer", "description": "Four-digit calendar year"}}, "required": ["year"]}
TOP = {"properties": {"limit": {"type": "integer", "description": "How many to return", "default": 5}}, "required": []}
COUNTRY = {"properties": {"country": {"type": "string", "description": "Country name"}}, "required": ["country"]}


def test_a_year_is_read_from_the_question() -> None:
    assert fill_parameters("How many invoices were issued in 2010?", YEAR) == {"year": 2010}


def test_a_missing_required_parameter_is_never_guessed() -> None:
    with pytest.raises(MissingParameter, match="which year"):
        fill_parameters("How many invoices were issued last year?", YEAR)


def test_top_n_is_read_and_an_absent_one_is_left_to_the_default() -> None:
    assert fill_parameters("top 10 customers by revenue", TOP) == {"limit": 10}
    assert fill_parameters("our best customers", TOP) == {}


def test_a_proper_noun_after_a_preposition_fills_a_string_parameter() -> None:
    assert fill_parameters("How many customers do we have in the United Kingdom?", COUNTRY) == {
        "country": "United Kingdom"
    }


def test_pasted_text_and_requested_length_are_read_from_a_summarise_request() -> None:
    question = "Summarise this in two sentences: The meeting covered the budget for next year in great detail."
    assert text_to_summarise(question) == "The meeting covered the budget for next year in great detail."
    assert requested_sentences(question) == 2
    assert text_to_summarise("Please summarise.") is None
    assert requested_sentences("TL;DR please") == 1


def test_length_style_and_document_are_read_from_the_instruction_not_the_pasted_text() -> None:
    question = "Give me three bullet points: The report has two sentences about budgets in 50 words or so."
    assert requested_length(question) == RequestedLength(max_sentences=3, max_words=None, style="bullets")
    assert requested_length("Summarise docs/operations.md in 80 words") == RequestedLength(None, 80, None)
    assert requested_length("TL;DR of the meeting notes please") == RequestedLength(1, None, "tldr")
    assert requested_length("Summarise the report in a single paragraph").style == "paragraph"
    assert document_named("Summarise docs/operations.md in 80 words") == "docs/operations.md"
    assert document_named("Summarise this: The file notes.md was moved to the archive folder last week.") is None
