"""Both embedding backends give the same unit-length MiniLM vectors, from packaged weights only."""

import numpy as np
import pytest

from tools.embeddings import configured_embedder
from tools.errors import ConfigurationError
from tools.settings import EmbeddingSettings

TEXTS = [
    "How many invoices were issued in 2010?",
    "Hybrid search fuses dense and BM25 rankings.",
    "The council agreed to a six-month trial of the new bike lanes.",
]


def test_the_int8_onnx_backend_agrees_with_torch_fp32() -> None:
    onnx = configured_embedder(EmbeddingSettings(backend="onnx-int8"))
    torch = configured_embedder(EmbeddingSettings(backend="torch"))
    reference, quantised = torch.encode(TEXTS), onnx.encode(TEXTS)
    assert quantised.shape == reference.shape == (3, 384)
    assert np.allclose(np.linalg.norm(quantised, axis=1), 1.0, atol=1e-4)
    assert float((reference * quantised).sum(axis=1).min()) > 0.99
    assert onnx.encode([]).shape == (0, 384)
    assert configured_embedder().model_name == onnx.model_name  # the default, measured as good as fp32


def test_a_missing_model_is_a_configuration_error_naming_the_setting(tmp_path) -> None:
    missing = configured_embedder(EmbeddingSettings(backend="onnx-int8", onnx_model_path=tmp_path / "nope.onnx"))
    with pytest.raises(ConfigurationError, match="RELAYBOARD_EMBEDDING_ONNX_MODEL_PATH"):
        missing.load()
    with pytest.raises(ConfigurationError, match="RELAYBOARD_EMBEDDING_MODEL_PATH"):
        configured_embedder(EmbeddingSettings(backend="torch", model_path=tmp_path / "absent")).load()
