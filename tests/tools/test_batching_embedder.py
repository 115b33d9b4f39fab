"""Concurrent embed calls share encodes, each caller gets its own vectors, and an error reaches only its caller."""

import asyncio
import threading
from collections.abc import Sequence

import numpy as np
import pytest

from tools.embeddings import BatchingEmbedder, configured_embedder
from tools.errors import InvalidInput

BOUND_S = 5.0


class HeldEmbedder:
    """A fake at the model seam: records each encode's texts, can hold the first encode until released, and
    refuses any text starting with "bad"."""

    dimension, model_name = 4, "fake"

    def __init__(self, *, hold_first: bool = False) -> None:
        self.calls: list[list[str]] = []
        self.started, self.release = threading.Event(), threading.Event()
        if not hold_first:
            self.release.set()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(list(texts))
        self.started.set()
        assert self.release.wait(BOUND_S), "the test never released the held encode"
        if any(text.startswith("bad") for text in texts):
            raise InvalidInput("bad text: embed something else")
        return np.array([[len(text), ord(text[0]), ord(text[-1]), 1.0] for text in texts], dtype=np.float32)

    async def embed(self, texts: Sequence[str]) -> np.ndarray:
        return self.encode(texts)


def vector(text: str) -> list[float]:
    return [len(text), ord(text[0]), ord(text[-1]), 1.0]


async def _while_first_encode_is_held(
    inner: HeldEmbedder, batcher: BatchingEmbedder, later: list[list[str]]
) -> list[np.ndarray | BaseException]:
    """Start one caller, queue `later` callers while its encode is held, then release: every caller's outcome."""
    first = asyncio.create_task(batcher.embed(["first"]))
    assert await asyncio.to_thread(inner.started.wait, BOUND_S)
    queued = [asyncio.create_task(batcher.embed(texts)) for texts in later]
    await asyncio.sleep(0)  # let the queued callers reach the queue before the held encode returns
    inner.release.set()
    return await asyncio.wait_for(asyncio.gather(first, *queued, return_exceptions=True), BOUND_S)


async def test_callers_arriving_during_an_encode_share_the_next_one_and_each_gets_its_own_vectors() -> None:
    inner = HeldEmbedder(hold_first=True)
    batcher = BatchingEmbedder(inner)
    later = [["alpha", "be"], ["gamma"], ["delta", "epsilon", "z"]]
    outcomes = await _while_first_encode_is_held(inner, batcher, later)
    assert inner.calls == [["first"], ["alpha", "be", "gamma", "delta", "epsilon", "z"]]
    for texts, outcome in zip([["first"], *later], outcomes, strict=True):
        assert isinstance(outcome, np.ndarray)
        assert outcome.tolist() == [vector(text) for text in texts]


async def test_an_error_reaches_only_the_caller_whose_texts_raise_it() -> None:
    inner = HeldEmbedder(hold_first=True)
    batcher = BatchingEmbedder(inner)
    first, good, bad, other = await _while_first_encode_is_held(inner, batcher, [["good"], ["bad one"], ["other"]])
    assert isinstance(bad, InvalidInput) and "bad text" in str(bad)
    assert isinstance(good, np.ndarray) and good.tolist() == [vector("good")]
    assert isinstance(other, np.ndarray) and other.tolist() == [vector("other")]
    assert isinstance(first, np.ndarray)
    # The shared encode failed, then each caller was encoded alone.
    assert inner.calls == [["first"], ["good", "bad one", "other"], ["good"], ["bad one"], ["other"]]


async def test_a_lone_caller_is_encoded_at_once_and_batches_keep_to_the_cap() -> None:
    inner = HeldEmbedder()
    batcher = BatchingEmbedder(inner, max_texts=3)
    assert (await asyncio.wait_for(batcher.embed(["solo"]), BOUND_S)).tolist() == [vector("solo")]
    assert (await batcher.embed([])).shape == (0, 4)
    held = HeldEmbedder(hold_first=True)
    capped = BatchingEmbedder(held, max_texts=3)
    await _while_first_encode_is_held(held, capped, [["a1", "a2"], ["b1"], ["c1", "c2"], ["d1", "d2", "d3", "d4"]])
    assert held.calls == [["first"], ["a1", "a2", "b1"], ["c1", "c2"], ["d1", "d2", "d3", "d4"]]


async def test_a_cancelled_caller_leaves_the_others_their_vectors() -> None:
    inner = HeldEmbedder(hold_first=True)
    batcher = BatchingEmbedder(inner)
    first = asyncio.create_task(batcher.embed(["first"]))
    assert await asyncio.to_thread(inner.started.wait, BOUND_S)
    gone, kept = asyncio.create_task(batcher.embed(["gone"])), asyncio.create_task(batcher.embed(["kept"]))
    await asyncio.sleep(0)
    gone.cancel()
    inner.release.set()
    assert (await asyncio.wait_for(kept, BOUND_S)).tolist() == [vector("kept")]
    assert (await first).tolist() == [vector("first")]
    with pytest.raises(asyncio.CancelledError):
        await gone


async def test_batched_minilm_vectors_match_the_vectors_of_each_text_alone() -> None:
    model = configured_embedder()
    batcher = BatchingEmbedder(model)
    texts = ["How many invoices were issued in 2010?", "tracing", "How does the retrieval agent rank results?"]
    together = await asyncio.wait_for(asyncio.gather(*(batcher.embed([text]) for text in texts)), 60)
    for text, vectors in zip(texts, together, strict=True):
        assert float(vectors[0] @ model.encode([text])[0]) > 0.999
