"""Chunking: markdown sections keep their heading path, chunks respect the size, offsets are exact."""

import itertools

import pytest

from tools.chunking import ChunkingPolicy, chunk_document

DOC = "# Guide\nIntro paragraph.\n\n## Install\n" + "Run the installer now. " * 80 + "\n\n## Use\nCall the API.\n"


def test_chunks_cover_the_document_exactly_and_point_at_their_text() -> None:
    chunks = chunk_document(DOC, ChunkingPolicy(max_chars=400), markdown=True)
    assert "".join(chunk.text for chunk in chunks) == DOC
    assert all(DOC[c.start : c.end] == c.text for c in chunks)


def test_chunks_stay_within_the_size_limit() -> None:
    chunks = chunk_document(DOC, ChunkingPolicy(max_chars=400), markdown=True)
    assert max(len(chunk.text) for chunk in chunks) <= 400 * 1.2
    assert len(chunks) > 4


def test_each_chunk_knows_the_heading_path_above_it() -> None:
    chunks = chunk_document(DOC, ChunkingPolicy(max_chars=400), markdown=True)
    assert chunks[0].section == "Guide"
    assert {c.section for c in chunks if "installer" in c.text} == {"Guide > Install"}
    assert chunks[-1].section == "Guide > Use" and chunks[-1].text.startswith("## Use")


def test_a_heading_is_never_a_chunk_on_its_own() -> None:
    chunks = chunk_document(DOC, ChunkingPolicy(max_chars=400), markdown=True)
    assert not any(chunk.text.strip().startswith("#") and "\n" not in chunk.text.strip() for chunk in chunks)


CODE_DOC = (
    "# Setup\nInstall it.\n\n```bash\n# install the package\npip install relayboard\n```\n\n"
    "~~~python\n## not a heading either\nimport relayboard\n~~~\n\n    # indented code\n\n"
    "## Run\r\nStart the gateway.\n"
)


def test_hash_lines_inside_code_blocks_are_not_headings() -> None:
    chunks = chunk_document(CODE_DOC, ChunkingPolicy(max_chars=2000), markdown=True)
    assert [(chunk.section, chunk.text.split("\n")[0]) for chunk in chunks] == [
        ("Setup", "# Setup"),
        ("Setup > Run", "## Run\r"),
    ]
    assert "".join(chunk.text for chunk in chunks) == CODE_DOC
    assert "pip install relayboard" in chunks[0].text and "import relayboard" in chunks[0].text


def test_fixed_token_windows_overlap_and_point_at_their_text() -> None:
    text = " ".join(f"word{i}" for i in range(300))
    chunks = chunk_document(text, ChunkingPolicy(strategy="fixed", chunk_tokens=64, overlap_tokens=16))
    assert len(chunks) > 3
    assert all(text[c.start : c.end] == c.text for c in chunks)
    for previous, following in itertools.pairwise(chunks):
        assert following.start < previous.end  # consecutive windows share their overlap
    assert chunks[0].start == 0 and chunks[-1].end == len(text)


def test_recursive_strategy_ignores_headings() -> None:
    chunks = chunk_document(DOC, ChunkingPolicy(strategy="recursive", max_chars=400))
    assert {chunk.section for chunk in chunks} == {""}
    assert "".join(chunk.text for chunk in chunks) == DOC


def test_semantic_chunks_cut_where_the_topic_changes(embedder) -> None:
    cooking = "Boil the pasta in salted water. Drain it and add the tomato sauce. Serve the pasta with basil."
    space = "The rocket reached orbit after nine minutes. Its second stage fired twice. The satellite deployed."
    text = f"{cooking} {space}"
    chunks = chunk_document(text, ChunkingPolicy(strategy="semantic", max_chars=1000), embedder=embedder)
    assert [chunk.text for chunk in chunks] == [cooking, space]


def test_bad_policies_are_refused_with_the_rule() -> None:
    with pytest.raises(ValueError, match="overlap_tokens must be at least 0 and less than chunk_tokens"):
        ChunkingPolicy(strategy="fixed", chunk_tokens=64, overlap_tokens=64)
    with pytest.raises(ValueError, match="needs an embedder"):
        chunk_document("One. Two.", ChunkingPolicy(strategy="semantic"))
