"""Extractive summaries: length and style, sentence sources, and long inputs condensed by map-reduce."""

import pytest

from tools.errors import InvalidInput, UpstreamUnavailable
from tools.summarise.extractive import summarise_extractive
from tools.summarise.faithfulness import check_support
from tools.summarise.length import summary_length
from tools.summarise.mapreduce import map_reduce
from tools.summarise.units import Source

MEETING = (
    "The council met on Tuesday to discuss new bike lanes on Main Street. Residents worried about losing parking "
    "spaces. Cyclists said the lanes would cut accidents. The weather was mild. The council agreed to a six-month "
    "trial of the bike lanes starting in March. A review of accident data will follow the trial."
)


async def test_a_summary_keeps_source_order_and_cites_document_offsets(embedder) -> None:
    source = Source("minutes.txt", "Minutes", MEETING, offset=100)
    summary = await summarise_extractive(embedder, [source], summary_length(max_sentences=2))
    assert len(summary.sentences) == 2 and summary.source_sentences == 6
    assert [s.start for s in summary.sentences] == sorted(s.start for s in summary.sentences)
    for sentence in summary.sentences:
        assert sentence.doc_id == "minutes.txt"
        assert MEETING[sentence.start - 100 : sentence.end - 100] == sentence.text


async def test_styles_lay_the_same_sentences_out_as_bullets_paragraph_or_one_tldr_line(embedder) -> None:
    sources = [Source("text", "", MEETING)]
    bullets = await summarise_extractive(embedder, sources, summary_length(max_sentences=3, style="bullets"))
    assert bullets.text.splitlines() == [f"- {s.text}" for s in bullets.sentences]
    tldr = await summarise_extractive(embedder, sources, summary_length(style="tldr"))
    assert tldr.text.startswith("TL;DR: ") and len(tldr.sentences) == 1 and "\n" not in tldr.text


async def test_a_word_budget_limits_the_summary(embedder) -> None:
    summary = await summarise_extractive(embedder, [Source("text", "", MEETING)], summary_length(max_words=25))
    assert sum(len(s.text.split()) for s in summary.sentences) <= 25 and summary.sentences


async def test_a_word_budget_skips_a_best_sentence_longer_than_the_budget_when_a_shorter_one_fits(embedder) -> None:
    rambling = (
        "The council met on Tuesday and, after a long debate about bike lanes on Main Street, parking spaces, "
        "accidents, the mild weather, the budget for the coming year, the review of accident data and the six-month "
        "trial of the bike lanes starting in March, agreed to meet again."
    )
    text = f"{rambling} The council agreed to a bike lane trial. The weather was mild."
    summary = await summarise_extractive(embedder, [Source("text", "", text)], summary_length(max_words=12))
    assert summary.sentences and sum(len(s.text.split()) for s in summary.sentences) <= 12
    assert not any("No sentence of the input fits" in note for note in summary.notes)


async def test_a_word_budget_no_sentence_fits_gives_the_best_one_and_says_so(embedder) -> None:
    text = "The council agreed to a six-month trial of the bike lanes on Main Street starting in March."
    summary = await summarise_extractive(embedder, [Source("text", "", text)], summary_length(max_words=5))
    assert len(summary.sentences) == 1
    assert any("No sentence of the input fits in 5 words" in note for note in summary.notes)


def test_bad_lengths_and_styles_are_refused_with_the_allowed_range() -> None:
    with pytest.raises(InvalidInput, match="max_sentences must be between 1 and 50, got 0"):
        summary_length(max_sentences=0)
    with pytest.raises(InvalidInput, match="max_words must be between 5 and 5000, got 2"):
        summary_length(max_words=2)
    with pytest.raises(InvalidInput, match="style must be one of bullets, paragraph, tldr, got 'poem'"):
        summary_length(style="poem")


async def test_passages_of_several_documents_are_cited_by_document(embedder) -> None:
    first = Source("a.md", "A", "Tracing exports one trace per request. Spans carry the agent name.", offset=40)
    second = Source("b.md", "B", "Jaeger shows the spans of each request. Sampling is off by default.", offset=7)
    summary = await summarise_extractive(embedder, [first, second], summary_length(max_sentences=4))
    assert {(s.doc_id, s.start) for s in summary.sentences} == {("a.md", 40), ("a.md", 79), ("b.md", 7), ("b.md", 47)}


async def test_a_long_input_is_condensed_in_rounds_and_reported_as_progress(embedder) -> None:
    topics = ["budget", "parking", "schools", "library", "harbour", "trains", "parks", "water"]
    text = " ".join(
        f"Item {i} of the {topics[i % len(topics)]} report notes change number {i} for the town." for i in range(1200)
    )
    reports: list[tuple[float, str]] = []

    async def progress(done: float, _total: float | None, message: str) -> None:
        reports.append((done, message))

    summary = await summarise_extractive(embedder, [Source("report", "", text)], summary_length(), progress=progress)
    assert summary.rounds >= 1 and summary.source_sentences == 1200 and len(summary.sentences) == 8
    assert "condensed in" in summary.notes[0] and "No part of it was skipped" in summary.notes[0]
    assert [done for done, _ in reports] == sorted(done for done, _ in reports)
    assert any("map-reduce round 1" in message for _, message in reports)


async def test_text_without_sentences_is_refused(embedder) -> None:
    with pytest.raises(InvalidInput, match="no text to summarise"):
        await summarise_extractive(embedder, [Source("text", "", "# Heading only")], summary_length())


async def test_a_copied_sentence_is_supported_and_a_fabricated_one_is_flagged(embedder) -> None:
    written = (
        "- The council agreed to a six-month trial of the bike lanes starting in March.\n"
        "- The mayor resigned after a scandal over the harbour contract."
    )
    copied, fabricated = await check_support(embedder, written, [Source("minutes.txt", "Minutes", MEETING, offset=9)])
    assert copied.supported and copied.score > 0.9 and copied.text.startswith("The council agreed")
    assert MEETING[copied.start - 9 : copied.end - 9] == copied.source_text == copied.text
    assert not fabricated.supported and fabricated.score < 0.5


async def test_map_reduce_writes_parts_then_their_summaries_until_one_call_fits() -> None:
    text = " ".join(f"Sentence number {i} says something about topic {i % 7}." for i in range(600))
    calls: list[tuple[int, bool]] = []

    async def first_sentence(part: str, final: bool) -> str:
        calls.append((len(part.split()), final))
        return part.split(".")[0] + "."

    summary, rounds = await map_reduce(text, first_sentence, part_words=1000)
    assert rounds == 1 and summary == "Sentence number 0 says something about topic 0."
    assert all(words <= 1000 for words, _ in calls) and [final for _, final in calls].count(True) == 1
    assert sum(words for words, final in calls if not final) == len(text.split())  # every word was read once


async def test_map_reduce_refuses_a_writer_that_does_not_shorten_the_text() -> None:
    async def echo(part: str, _final: bool) -> str:
        return part

    with pytest.raises(UpstreamUnavailable, match="cannot converge"):
        await map_reduce("Word " * 3000 + ".", echo, part_words=1000)


FLOOD = [
    "Flooding forced hundreds of families from their homes in the river town of Alden on Sunday.",
    "Emergency crews used boats to reach residents trapped on upper floors.",
    "The mayor said the town's flood wall had held for forty years.",
    "Schools will stay closed until Wednesday.",
    "Volunteers filled sandbags at the community centre through the night.",
    "Forecasters expect more rain later in the week.",
    "Insurance companies have opened a hotline for claims.",
    "A similar flood struck the region in 1984.",
    "Local shops have offered food and blankets to the families who left their homes.",
]


async def test_in_an_article_a_sentence_scores_higher_opening_it_than_closing_it(embedder) -> None:
    opening, everything = FLOOD[0], summary_length(max_sentences=len(FLOOD))

    async def score_of_opening(sentences: list[str]) -> float:
        summary = await summarise_extractive(embedder, [Source("a", "", " ".join(sentences))], everything)
        return next(s.score for s in summary.sentences if s.text == opening)

    assert await score_of_opening(FLOOD) > await score_of_opening([*FLOOD[1:], opening])
    lead = await summarise_extractive(embedder, [Source("a", "", " ".join(FLOOD))], summary_length(max_sentences=2))
    assert opening in [s.text for s in lead.sentences]


SHIFT = [
    "#Person1#: Hi Tom, how are you doing today?",
    "#Person2#: Fine, thanks. How about you?",
    "#Person1#: Good. I wanted to ask whether you could cover my shift at the bakery on Saturday.",
    "#Person2#: Saturday? I think I can. What hours is the shift?",
    "#Person1#: From six in the morning until two in the afternoon.",
    "#Person2#: All right, I will cover your Saturday shift at the bakery, but you take my Monday shift.",
    "#Person1#: Deal, I will work your Monday shift. Thanks a lot!",
]


async def test_in_a_dialogue_the_summary_is_not_simply_its_opening_turns(embedder) -> None:
    summary = await summarise_extractive(
        embedder, [Source("chat", "", "\n".join(SHIFT))], summary_length(max_sentences=2)
    )
    chosen = [s.text for s in summary.sentences]
    assert any("shift" in text for text in chosen), chosen
    assert not all(text in "\n".join(SHIFT[:2]) for text in chosen)


def test_the_default_length_follows_the_document_not_a_fixed_share() -> None:
    article, transcript = summary_length(), summary_length()
    assert article.sentences_for(30, 650) == 3  # a news article of 22-word sentences: about its highlights
    assert transcript.sentences_for(900, 9000) == 8  # a long meeting of short turns: the longest default
    assert article.sentences_for(1, 12) == 1
