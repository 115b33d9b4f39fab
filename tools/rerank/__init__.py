"""Second-stage rerankers: reorder the hybrid search's top candidates with a slower, finer relevance model."""

from tools.rerank.base import LazyReranker, Reranker, rerank_order
from tools.rerank.cross_encoder import CrossEncoderReranker
from tools.rerank.token_maxsim import TokenMaxSimReranker
from tools.settings import RerankerSettings

__all__ = [
    "CrossEncoderReranker",
    "LazyReranker",
    "Reranker",
    "RerankerSettings",
    "TokenMaxSimReranker",
    "configured_reranker",
    "rerank_order",
]


def configured_reranker(settings: RerankerSettings | None = None) -> LazyReranker | None:
    """The reranker RELAYBOARD_RERANKER_* describe (not loaded yet), or None when none is configured."""
    chosen = settings or RerankerSettings()
    if chosen.kind == "cross-encoder" and chosen.model_path is not None:
        return CrossEncoderReranker(chosen.model_path)
    if chosen.kind == "token-maxsim":
        return TokenMaxSimReranker(chosen.model_path)
    return None
