"""Second-stage rerankers: they reorder only the top candidates, and each configured kind loads from local files."""

from collections.abc import Sequence
from pathlib import Path

import pytest

from tools.documents import iter_documents
from tools.errors import ConfigurationError
from tools.ingest import Ingestor
from tools.rerank import CrossEncoderReranker, RerankerSettings, TokenMaxSimReranker, configured_reranker
from tools.search import DocumentSearch
from tools.vectorstore.edge import EdgeVectorStore


class PrefersWord:
    """A reranker at the seam: passages containing `word` score 1, others 0."""

    name = "prefers-word"

    def __init__(self, word: str) -> None:
        self.word, self.seen = word, 0

    async def scores(self, query: str, passages: Sequence[str]) -> list[float]:
        self.seen += len(passages)
        return [1.0 if self.word in passage else 0.0 for passage in passages]


@pytest.fixture
async def store(tmp_path: Path, embedder):
    corpus = tmp_path / "kb"
    corpus.mkdir()
    for name, text in {
        "deploy.md": "# Deploy\n\nThe gateway is deployed with docker compose on port 8000.",
        "logs.md": "# Logs\n\nThe gateway writes its logs to journald; rotate them weekly.",
        "backup.md": "# Backup\n\nThe gateway database is backed up nightly to object storage.",
    }.items():
        (corpus / name).write_text(text)
    opened = EdgeVectorStore.open(tmp_path / "store", dimension=embedder.dimension)
    await Ingestor(embedder, opened).ingest(iter_documents([corpus]))
    yield opened
    await opened.close()


async def test_a_reranker_decides_the_order_of_the_top_candidates(store, embedder) -> None:
    plain = await DocumentSearch(embedder, store).search("how is the gateway deployed", limit=3)
    assert plain[0].doc_id == "kb/deploy.md"

    reranker = PrefersWord("nightly")
    hits = await DocumentSearch(embedder, store, reranker=reranker, rerank_top_n=3).search(
        "how is the gateway deployed", limit=2
    )
    assert hits[0].doc_id == "kb/backup.md" and len(hits) == 2
    assert hits[0].score == 1.0 and reranker.seen == 3
    assert hits[0].highlights, "reranked hits keep their supporting sentences"


async def test_candidates_beyond_top_n_keep_their_first_stage_order(store, embedder) -> None:
    first_stage = await DocumentSearch(embedder, store).retrieve("gateway logs", limit=3)
    reranker = PrefersWord("nightly")
    hits = await DocumentSearch(embedder, store, reranker=reranker, rerank_top_n=1).search("gateway logs", limit=3)
    assert [hit.doc_id for hit in hits] == [hit.doc_id for hit in first_stage]
    assert reranker.seen == 1


async def test_token_maxsim_prefers_the_passage_that_shares_the_query_tokens() -> None:
    reranker = TokenMaxSimReranker(cache_size=2)
    passages = ["Rotate the journald logs weekly.", "Bananas are rich in potassium.", "Back up nightly."]
    scores = await reranker.scores("how often are logs rotated", passages)
    assert scores[0] == max(scores) and scores[1] < scores[0]
    again = await reranker.scores("how often are logs rotated", passages)  # partly cached, partly re-encoded
    assert again == pytest.approx(scores, rel=1e-4)


def test_a_cross_encoder_loads_from_a_local_directory_and_scores_each_pair(tmp_path: Path) -> None:
    from sentence_transformers import CrossEncoder

    from tools.embeddings import packaged_model_path

    # No cross-encoder weights can be downloaded here: MiniLM with a fresh one-logit head is a real CrossEncoder.
    CrossEncoder(str(packaged_model_path()), num_labels=1, device="cpu").save(str(tmp_path / "ce"))
    reranker = CrossEncoderReranker(tmp_path / "ce")
    scores = reranker.score_sync("logs", ["Logs go to journald.", "Bananas.", "Logs go to journald."])
    assert len(scores) == 3 and scores[0] == pytest.approx(scores[2]) and scores[0] != scores[1]


def test_a_missing_cross_encoder_is_a_configuration_error_naming_the_setting(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="RELAYBOARD_RERANKER_MODEL_PATH"):
        CrossEncoderReranker(tmp_path / "absent").load()
    with pytest.raises(ConfigurationError, match="RELAYBOARD_RERANKER_MODEL_PATH"):
        RerankerSettings(kind="cross-encoder")
    assert configured_reranker(RerankerSettings()) is None
