"""A sentence-transformers CrossEncoder read from a local directory (none ships on PyPI, so none is default)."""

from pathlib import Path
from typing import TYPE_CHECKING

from tools.errors import ConfigurationError
from tools.rerank.base import LazyReranker
from tools.settings import keep_hub_offline

if TYPE_CHECKING:
    from sentence_transformers import CrossEncoder


class CrossEncoderReranker(LazyReranker):
    """Scores each (query, passage) pair jointly with a cross-encoder such as ms-marco-MiniLM-L-6-v2."""

    def __init__(self, model_path: Path, *, batch_size: int = 32) -> None:
        super().__init__()
        self._path, self._batch_size = model_path, batch_size
        self._model: CrossEncoder | None = None

    @property
    def name(self) -> str:
        return self._path.name

    def _load(self) -> None:
        keep_hub_offline()
        if not self._path.is_dir():
            raise ConfigurationError(
                f"cross-encoder directory {self._path} does not exist: set RELAYBOARD_RERANKER_MODEL_PATH to a "
                "local sentence-transformers CrossEncoder directory (models cannot be downloaded here)"
            )
        from sentence_transformers import CrossEncoder  # heavy (seconds): only when a reranker is configured

        try:
            self._model = CrossEncoder(str(self._path), device="cpu")
        except (OSError, ValueError) as exc:
            raise ConfigurationError(f"cannot load the cross-encoder from {self._path}: {exc}") from exc

    def _score(self, query: str, passages: list[str]) -> list[float]:
        assert self._model is not None
        scores = self._model.predict(
            [(query, passage) for passage in passages], batch_size=self._batch_size, show_progress_bar=False
        )
        return [float(score) for score in scores]
