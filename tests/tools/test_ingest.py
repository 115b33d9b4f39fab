"""Ingest: idempotent (ids from source + content), a changed document replaces exactly its chunks."""

from pathlib import Path

from tools.documents import iter_documents
from tools.ingest import Ingestor
from tools.search import DocumentSearch
from tools.vectorstore.edge import EdgeVectorStore


async def test_ingesting_twice_gives_the_same_points_and_a_changed_file_replaces_its_chunks(
    tmp_path: Path, embedder
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "ops.md").write_text("# Ops\n\nRestart the gateway with systemctl.\n\n## Logs\n\nLogs go to journald.\n")
    (corpus / "faq.txt").write_text("The answer to everything is forty-two.")
    store = EdgeVectorStore.open(tmp_path / "store", dimension=embedder.dimension)
    ingestor = Ingestor(embedder, store)

    first = await ingestor.ingest(iter_documents([corpus]))
    ids_first = sorted(p.id for p in await store.scroll())
    second = await ingestor.ingest(iter_documents([corpus]))
    assert sorted(p.id for p in await store.scroll()) == ids_first
    assert (first.documents, second.removed) == (2, 0)

    (corpus / "ops.md").write_text("# Ops\n\nRestart the gateway with docker compose restart.\n")
    third = await ingestor.ingest(iter_documents([corpus]))
    texts = " ".join(str(p.payload["text"]) for p in await store.scroll({"source": "corpus/ops.md"}))
    assert "docker compose" in texts and "journald" not in texts and "systemctl" not in texts
    assert third.removed >= 1
    assert await store.count({"source": "corpus/faq.txt"}) == 1

    document = await DocumentSearch(embedder, store).get_document("corpus/ops.md")
    assert document.text == (corpus / "ops.md").read_text()
    await store.close()


class CountingEmbedder:
    """The real embedder, counting how many texts it is asked to embed."""

    def __init__(self, inner) -> None:
        self.inner, self.texts = inner, 0
        self.dimension, self.model_name = inner.dimension, inner.model_name

    def encode(self, texts):
        self.texts += len(texts)
        return self.inner.encode(texts)

    async def embed(self, texts):
        self.texts += len(texts)
        return await self.inner.embed(texts)


async def test_highlights_come_from_sentence_vectors_stored_at_ingest(tmp_path: Path, embedder) -> None:
    corpus = tmp_path / "kb"
    corpus.mkdir()
    (corpus / "ops.md").write_text(
        "# Ops\n\nThe gateway listens on port 8000. Restarts are handled by systemd. Logs go to journald.\n"
    )
    counting = CountingEmbedder(embedder)
    store = EdgeVectorStore.open(tmp_path / "store", dimension=embedder.dimension)
    await Ingestor(counting, store).ingest(iter_documents([corpus]))
    counting.texts = 0
    hits = await DocumentSearch(counting, store).search("Where do the logs go?", limit=1)
    assert counting.texts == 1  # only the query: sentence vectors were stored at ingest
    top = hits[0].highlights[0]
    assert top.text == "Logs go to journald."
    assert (corpus / "ops.md").read_text()[top.start : top.end] == top.text
    await store.close()


async def test_overlapping_token_chunks_reassemble_into_the_document(tmp_path: Path, embedder) -> None:
    from tools.chunking import ChunkingPolicy

    corpus = tmp_path / "kb"
    corpus.mkdir()
    text = " ".join(f"Sentence number {i} talks about topic {i % 7}." for i in range(80))
    (corpus / "long.txt").write_text(text)
    store = EdgeVectorStore.open(tmp_path / "store", dimension=embedder.dimension)
    policy = ChunkingPolicy(strategy="fixed", chunk_tokens=64, overlap_tokens=16)
    report = await Ingestor(embedder, store, policy).ingest(iter_documents([corpus]))
    assert report.chunks > 5
    assert (await DocumentSearch(embedder, store).get_document("kb/long.txt")).text == text
    await store.close()


async def test_chunks_of_a_pdf_carry_their_page_into_search_hits(tmp_path: Path, embedder) -> None:
    from tests.tools.test_documents import minimal_pdf
    from tools.chunking import ChunkingPolicy

    (tmp_path / "manual.pdf").write_bytes(minimal_pdf("Install the agent first.", "Backups run nightly at two."))
    store = EdgeVectorStore.open(tmp_path / "store", dimension=embedder.dimension)
    policy = ChunkingPolicy(strategy="recursive", max_chars=50)  # one chunk per page
    await Ingestor(embedder, store, policy).ingest(iter_documents([tmp_path / "manual.pdf"]))
    (hit,) = await DocumentSearch(embedder, store).search("When do backups run?", limit=1)
    assert hit.page == 2 and "nightly" in hit.text
    await store.close()


async def test_a_document_id_sent_twice_in_one_ingest_keeps_the_later_version(tmp_path: Path, embedder) -> None:
    from tools.documents import SourceDocument

    store = EdgeVectorStore.open(tmp_path / "store", dimension=embedder.dimension)
    earlier = SourceDocument("policy", "Policy", "Refunds are paid within 30 days.", markdown=False)
    later = SourceDocument("policy", "Policy", "Refunds are paid within 14 days.", markdown=False)

    report = await Ingestor(embedder, store).ingest([earlier, later])

    texts = [str(p.payload["text"]) for p in await store.scroll({"source": "policy"})]
    assert texts == ["Refunds are paid within 14 days."]
    assert (report.documents, report.chunks) == (1, 1)
    await store.close()
