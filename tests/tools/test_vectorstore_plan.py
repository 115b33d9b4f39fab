"""The search plan both vector-store backends carry out: one description of each kind of query."""

import pytest

from tools.vectorstore import Fusion, SearchRequest
from tools.vectorstore.plan import Bm25, Dense, Diversified, Fused, SentenceMaxSim, plan_search

VECTOR = [0.6, 0.8]


def test_a_dense_only_request_is_one_dense_search_of_the_page_size() -> None:
    plan = plan_search(SearchRequest(VECTOR, None, limit=7, where={"source": "a.md"}, hnsw_ef=128, exact=True))
    assert plan == Dense(VECTOR, 7, {"source": "a.md"}, 128, True)


def test_a_text_only_request_is_one_bm25_search() -> None:
    assert plan_search(SearchRequest(None, "reciprocal rank", limit=3)) == Bm25("reciprocal rank", 3, None)


def test_hybrid_fuses_both_retrievers_each_filtered_and_prefetching_the_candidates() -> None:
    fusion = Fusion(k=30, dense_weight=2.0, bm25_weight=0.5)
    plan = plan_search(SearchRequest(VECTOR, "q", limit=5, where={"source": "b.md"}, fusion=fusion, candidates=80))
    assert plan == Fused(
        (Dense(VECTOR, 80, {"source": "b.md"}, None, False), Bm25("q", 80, {"source": "b.md"})), fusion, (2.0, 0.5), 5
    )


def test_sentence_rerank_is_a_third_ranking_over_the_fused_candidates() -> None:
    plan = plan_search(SearchRequest(VECTOR, "q", limit=4, rerank_sentences=True))
    assert isinstance(plan, Fused) and plan.weights == (1.0, 1.0, 1.0) and plan.limit == 4
    dense, bm25, rescored = plan.inputs
    assert isinstance(rescored, SentenceMaxSim)
    assert rescored.candidates == Fused((dense, bm25), Fusion(), (1.0, 1.0), 50)


def test_mmr_reorders_the_fused_candidates() -> None:
    plan = plan_search(SearchRequest(VECTOR, "q", limit=2, offset=3, mmr_diversity=0.4))
    assert isinstance(plan, Diversified) and plan.diversity == pytest.approx(0.4) and plan.limit == 2
    assert isinstance(plan.candidates, Fused) and plan.candidates.limit == 50
