"""Late interaction (ColBERT-style MaxSim) over MiniLM's token embeddings, computed for the candidates at query
time: nothing extra is stored (token vectors would take ~380 KB per chunk), so it costs an encode per candidate."""

import hashlib
from collections import OrderedDict
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from tools.embeddings import packaged_model_path
from tools.errors import ConfigurationError
from tools.rerank.base import LazyReranker
from tools.settings import keep_hub_offline

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

TokenVectors = npt.NDArray[np.float16]


class TokenMaxSimReranker(LazyReranker):
    """Score = sum over query tokens of the best cosine with any passage token (all-MiniLM-L6-v2 by default).

    Passage token vectors are kept in a bounded LRU cache (float16), so a passage met again is not re-encoded.
    """

    def __init__(self, model_path: Path | None = None, *, cache_size: int = 4096, batch_size: int = 32) -> None:
        super().__init__()
        self._path, self._cache_size, self._batch_size = model_path, cache_size, batch_size
        self._model: SentenceTransformer | None = None
        self._cache: OrderedDict[str, TokenVectors] = OrderedDict()

    @property
    def name(self) -> str:
        return f"token-maxsim:{self._path.name if self._path else 'all-MiniLM-L6-v2'}"

    def _load(self) -> None:
        keep_hub_offline()
        from sentence_transformers import SentenceTransformer  # heavy (seconds): only when this reranker is used

        path = self._path or packaged_model_path()
        try:
            self._model = SentenceTransformer(str(path), device="cpu")
        except (OSError, ValueError) as exc:
            raise ConfigurationError(f"cannot load the token-embedding model from {path}: {exc}") from exc

    def _tokens(self, texts: list[str]) -> list[TokenVectors]:
        assert self._model is not None
        encoded = self._model.encode(
            texts, output_value="token_embeddings", batch_size=self._batch_size, show_progress_bar=False
        )
        vectors = []
        for matrix in encoded:
            array = np.array(matrix.detach().cpu().float().numpy(), dtype=np.float32)
            array /= np.maximum(np.linalg.norm(array, axis=1, keepdims=True), 1e-12)
            vectors.append(array.astype(np.float16))
        return vectors

    def _passages(self, passages: list[str]) -> list[TokenVectors]:
        keys = [hashlib.sha1(p.encode()).hexdigest() for p in passages]
        missing = list(dict.fromkeys(key for key in keys if key not in self._cache))
        if missing:
            texts = {key: passage for key, passage in zip(keys, passages, strict=True)}
            for key, vectors in zip(missing, self._tokens([texts[k] for k in missing]), strict=True):
                self._cache[key] = vectors
        for key in keys:
            self._cache.move_to_end(key)
        found = [self._cache[key] for key in keys]
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return found

    def _score(self, query: str, passages: list[str]) -> list[float]:
        query_tokens = self._tokens([query])[0].astype(np.float32)
        return [
            float((query_tokens @ tokens.astype(np.float32).T).max(axis=1).sum()) for tokens in self._passages(passages)
        ]
