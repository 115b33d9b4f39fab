"""Both embedding backends give the same unit-length MiniLM vectors, from packaged weights only."""

import json
import os
import subprocess
import sys

import numpy as np
import pytest
from pydantic import ValidationError

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


# Run alone in a fresh interpreter: threads other tests leave behind (pools, exporters) would be counted too.
THREAD_PROBE = """
import json, os
import numpy as np
from tools.embeddings import configured_embedder
from tools.settings import EmbeddingSettings

def threads():
    return len(os.listdir("/proc/self/task"))

texts = json.loads(os.environ["TEXTS"])
single = configured_embedder(EmbeddingSettings(backend="onnx-int8"))  # threads=1 by default
reference = single.encode(texts)  # the first session loads the libraries, with threads of their own
before = threads()
another = configured_embedder(EmbeddingSettings(backend="onnx-int8", threads=1))
another.encode(texts)
one = threads()
pooled = configured_embedder(EmbeddingSettings(backend="onnx-int8", threads=3))  # kept: its pool lives with it
vectors = pooled.encode(texts)
same = bool(np.allclose(vectors, reference, atol=1e-6))
print(json.dumps({"before": before, "one": one, "three": threads(), "same": same}))
"""


@pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="counts threads through Linux's /proc")
def test_the_onnx_backend_runs_on_the_threads_the_setting_names_with_the_same_vectors() -> None:
    environment = {**os.environ, "TEXTS": json.dumps(TEXTS)}
    probe = subprocess.run(
        [sys.executable, "-c", THREAD_PROBE], capture_output=True, text=True, env=environment, timeout=120, check=True
    )
    counts = json.loads(probe.stdout.splitlines()[-1])
    assert counts["one"] == counts["before"]  # one thread per encode: the caller's
    assert counts["three"] == counts["before"] + 2  # the caller's and a pool of two
    assert counts["same"]


def test_a_thread_count_below_one_is_refused_naming_the_setting(monkeypatch) -> None:
    monkeypatch.setenv("RELAYBOARD_EMBEDDING_THREADS", "0")
    with pytest.raises(ValidationError, match="threads"):
        EmbeddingSettings()
