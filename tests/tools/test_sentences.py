"""Sentence splitting: offsets into the original text, hard-wrapped lines kept together."""

from tools.sentences import evidence_sentences, split_sentences


def sentences(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text)]


def test_hard_wrapped_lines_stay_in_one_sentence() -> None:
    text = "The agent scores each sentence of the\ntop chunks. Then it cites them.\n\nNew paragraph here."
    assert sentences(text) == [
        "The agent scores each sentence of the\ntop chunks.",
        "Then it cites them.",
        "New paragraph here.",
    ]


def test_list_items_headings_and_speaker_turns_are_separate_sentences() -> None:
    text = "# Title\nIntro line\n- first item\n- second item\n#Person1#: Hello there\n#Person2#: Hi"
    assert sentences(text) == [
        "# Title",
        "Intro line",
        "- first item",
        "- second item",
        "#Person1#: Hello there",
        "#Person2#: Hi",
    ]


def test_offsets_point_at_the_sentence_text() -> None:
    text = "  One sentence!  Another one?\nA third one."
    assert sentences(text) == ["One sentence!", "Another one?", "A third one."]


def test_speaker_turns_are_evidence_but_markdown_headings_are_not() -> None:
    text = "# Minutes\n#Person1#: We ship on Friday.\n#Person2#: Agreed."
    assert [text[s.start : s.end] for s in evidence_sentences(text)] == [
        "#Person1#: We ship on Friday.",
        "#Person2#: Agreed.",
    ]


FENCED = "Install it:\n```bash\n# install the package first\npip install relayboard\n```\n\n## Run it\nStart it."


def test_a_hash_comment_in_a_fenced_code_block_is_not_a_heading() -> None:
    assert sentences(FENCED) == [
        "Install it:",
        "```bash\n# install the package first\npip install relayboard\n```",
        "## Run it",
        "Start it.",
    ]
    assert [FENCED[s.start : s.end] for s in evidence_sentences(FENCED)] == [
        "Install it:",
        "```bash\n# install the package first\npip install relayboard\n```",
        "Start it.",
    ]


def test_a_hash_line_in_indented_code_is_not_a_heading() -> None:
    text = "Run:\n\n    # not a heading\n    relayboard serve"
    assert [text[s.start : s.end] for s in evidence_sentences(text)] == [
        "Run:",
        "# not a heading\n    relayboard serve",
    ]
