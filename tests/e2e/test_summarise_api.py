"""Summaries through the HTTP API: length and style, sources cited per sentence, documents, long inputs streamed."""

import httpx
import pytest

from tests.support.sse import sse_events

pytestmark = pytest.mark.e2e

MEETING = (
    "The council met on Tuesday to discuss the new bike lanes on Main Street. Residents raised concerns about "
    "parking. Cyclists argued the lanes would reduce accidents. The meeting ran late. The council agreed to run a "
    "six-month trial starting in March and to review accident data afterwards."
)


def ask(url: str, body: dict) -> dict:
    response = httpx.post(f"{url}/v1/ask", json=body, timeout=120)
    assert response.status_code == 200, response.text
    return response.json()


def stream(url: str, body: dict) -> list[tuple[str, dict]]:
    with httpx.stream("POST", f"{url}/v1/ask/stream", json=body, timeout=300) as response:
        assert response.status_code == 200
        return sse_events(response.iter_lines())


def test_pasted_text_is_summarised_in_the_requested_style_citing_offsets_into_the_question(gateway_url: str) -> None:
    question = f"Summarise this as two bullet points: {MEETING}"
    answer = ask(gateway_url, {"question": question})
    assert answer["routes"] == ["summarise"] and answer["found"]
    (summary,) = answer["summaries"]
    assert summary["style"] == "bullets" and len(summary["sentences"]) == 2
    assert answer["answer"].splitlines() == [f"- {s['text']}" for s in summary["sentences"]]
    for citation in answer["citations"]:
        assert citation["doc_id"] == "question"
        assert question[citation["start"] : citation["end"]] == citation["text"]


def test_the_request_body_sets_length_and_style_over_what_the_question_says(gateway_url: str) -> None:
    body = {"question": f"Summarise this in three sentences: {MEETING}", "summary": {"max_words": 20, "style": "tldr"}}
    answer = ask(gateway_url, body)
    assert answer["answer"].startswith("TL;DR: ") and len(answer["summaries"][0]["sentences"]) == 1
    assert len(answer["answer"].removeprefix("TL;DR: ").split()) <= 20


def test_find_and_summarise_cites_each_summary_sentence_in_its_document(gateway_url: str) -> None:
    answer = ask(gateway_url, {"question": "Find the docs about tracing and summarise them"})
    assert answer["routes"] == ["retrieval", "summarise"]
    (summary,) = answer["summaries"]
    assert summary["sentences"] and "docs/operations.md" in {s["doc_id"] for s in summary["sentences"]}
    for sentence in summary["sentences"]:
        with open(sentence["doc_id"], encoding="utf-8") as handle:
            assert handle.read()[sentence["start"] : sentence["end"]] == sentence["text"]


def test_a_document_named_in_the_body_is_read_whole_through_the_retrieval_server(gateway_url: str) -> None:
    body = {
        "question": "Summarise the operations guide",
        "summary": {"doc_id": "docs/operations.md", "max_sentences": 4},
    }
    answer = ask(gateway_url, body)
    (summary,) = answer["summaries"]
    with open("docs/operations.md", encoding="utf-8") as handle:
        document = handle.read()
    assert summary["source_words"] >= 0.9 * len(document.split())
    assert len(summary["sentences"]) == 4
    assert all(document[s["start"] : s["end"]] == s["text"] for s in summary["sentences"])


def test_an_unknown_document_is_a_404_that_says_how_to_find_ids(gateway_url: str) -> None:
    body = {"question": "Summarise the guide", "summary": {"doc_id": "docs/nope.md"}}
    response = httpx.post(f"{gateway_url}/v1/ask", json=body, timeout=60)
    assert response.status_code == 404 and "search_documents" in response.json()["detail"]


def test_a_long_paste_is_condensed_by_map_reduce_with_progress_on_the_stream(gateway_url: str) -> None:
    topics = ["budget", "parking", "schools", "library", "harbour", "trains", "parks", "water"]
    text = " ".join(f"Item {i} on {topics[i % len(topics)]} records decision {i} of the board." for i in range(2000))
    events = stream(gateway_url, {"question": f"Summarise this:\n{text}"})
    names = [name for name, _ in events]
    progress = [data for name, data in events if name == "progress"]
    assert progress and names.index("tool_call") < names.index("progress") < names.index("final")
    assert any("map-reduce round" in str(p["message"]) for p in progress)
    final = events[-1][1]
    assert final["summaries"][0]["rounds"] >= 1 and "condensed in" in final["answer"]


def test_a_document_named_in_the_question_is_summarised_within_the_words_asked_for(gateway_url: str) -> None:
    answer = ask(gateway_url, {"question": "TL;DR of docs/operations.md in 40 words"})
    (summary,) = answer["summaries"]
    assert answer["answer"].startswith("TL;DR: ") and summary["style"] == "tldr"
    assert [s["doc_id"] for s in summary["sentences"]] == ["docs/operations.md"]
    assert len(summary["sentences"][0]["text"].split()) <= 40


def test_a_collection_is_summarised_from_its_passages_each_sentence_cited(gateway_url: str) -> None:
    answer = ask(gateway_url, {"question": "Summarise the collection docs in three sentences"})
    (summary,) = answer["summaries"]
    assert len(summary["sentences"]) == 3
    for sentence in summary["sentences"]:
        with open(sentence["doc_id"], encoding="utf-8") as handle:
            assert handle.read()[sentence["start"] : sentence["end"]] == sentence["text"]
