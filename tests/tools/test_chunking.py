"""Chunking: markdown sections keep their heading path, chunks respect the size, offsets are exact."""

from tools.chunking import ChunkingPolicy, chunk_document

DOC = "# Guide\nIntro paragraph.\n\n## Install\n" + "Run the installer now. " * 80 + "\n\n## Use\nCall the API.\n"


def test_chunks_cover_the_document_exactly_and_point_at_their_text() -> None:
    chunks = chunk_document(DOC, ChunkingPolicy(max_chars=400))
    assert "".join(chunk.text for chunk in chunks) == DOC
    assert all(DOC[c.start : c.end] == c.text for c in chunks)


def test_chunks_stay_within_the_size_limit() -> None:
    chunks = chunk_document(DOC, ChunkingPolicy(max_chars=400))
    assert max(len(chunk.text) for chunk in chunks) <= 400 * 1.2
    assert len(chunks) > 4


def test_each_chunk_knows_the_heading_path_above_it() -> None:
    chunks = chunk_document(DOC, ChunkingPolicy(max_chars=400))
    assert chunks[0].section == "Guide"
    assert {c.section for c in chunks if "installer" in c.text} == {"Guide > Install"}
    assert chunks[-1].section == "Guide > Use" and chunks[-1].text.startswith("## Use")


def test_a_heading_is_never_a_chunk_on_its_own() -> None:
    chunks = chunk_document(DOC, ChunkingPolicy(max_chars=400))
    assert not any(chunk.text.strip().startswith("#") and "\n" not in chunk.text.strip() for chunk in chunks)
