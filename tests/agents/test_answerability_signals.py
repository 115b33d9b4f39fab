"""The answerability signals read from a search result: what each one rewards."""

from agents.retrieval.answerability import signals
from tools.results.retrieval import Highlight, SearchHit


def hit(text: str, highlight: str, score: float = 0.6) -> SearchHit:
    return SearchHit("d", "", "", "c", text, 0, len(text), score, [Highlight(highlight, 0, len(highlight), score)])


def test_a_word_every_hit_shares_weighs_less_than_one_only_the_cited_sentence_has() -> None:
    topic = [hit("Aspirin trials in adults.", "Aspirin trials in adults.", 0.5) for _ in range(4)]
    found_rare = [hit("Aspirin reduces stroke risk.", "Aspirin reduces stroke risk."), *topic]
    found_topic = [hit("Aspirin dosing.", "Aspirin dosing."), *topic]
    question = "Does aspirin reduce stroke?"
    rare, common = signals(question, found_rare), signals(question, found_topic)
    # "aspirin" is in every hit, "stroke" and "reduce" only in the first: finding them is what counts
    assert rare["distinctive_coverage"] == 1.0
    assert common["distinctive_coverage"] < common["coverage"] < rare["coverage"]


def test_no_hits_cover_nothing() -> None:
    assert signals("Does aspirin reduce stroke?", [])["distinctive_coverage"] == 0.0
