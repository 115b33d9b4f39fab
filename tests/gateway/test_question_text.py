"""A question must hold something to read, and the published schema says exactly which questions those are."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from gateway.schemas import AskRequest
from tools.names import VISIBLE_TEXT_PATTERN
from tools.validation_messages import error_message

# Whitespace (`str.strip`'s and pydantic's), control characters, the byte-order mark: nothing to read.
BLANK = ["   ", "\t\n", "\x0b\x0c", "\x1c\x1f", "\x00", "\x85", "\xa0"]
BLANK += ["\u1680", "\u2003", "\u2028", "\u3000", "\ufeff"]


@given(st.from_regex(VISIBLE_TEXT_PATTERN))
def test_every_question_the_published_pattern_allows_is_taken_with_its_text_kept(question: str) -> None:
    taken = AskRequest(question=question).question  # stripped of surrounding whitespace
    assert re.search(VISIBLE_TEXT_PATTERN, taken) and taken in question


@pytest.mark.parametrize("blank", BLANK)
def test_a_question_of_whitespace_or_control_characters_only_breaks_the_pattern_and_is_refused(blank: str) -> None:
    assert re.search(VISIBLE_TEXT_PATTERN, blank * 3) is None  # what a schema-driven client reads
    with pytest.raises(ValidationError) as refused:
        AskRequest(question=blank * 3)
    assert error_message(refused.value.errors()[0]).startswith("`question` must not be empty")


def test_a_visible_character_anywhere_makes_a_question() -> None:
    assert AskRequest(question="\u3000 ?\xa0\n").question == "?"
