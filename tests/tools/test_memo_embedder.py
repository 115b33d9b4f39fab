"""Each distinct text is embedded once: the router and the SQL agent share one question's vector."""

from collections.abc import Sequence

import numpy as np

from tools.embeddings import MemoEmbedder, Vectors


class CountingEmbedder:
    """A fake at the embedder seam: vectors from the text's length; records every batch it was asked for."""

    dimension, model_name = 2, "counting"

    def __init__(self) -> None:
        self.batches: list[list[str]] = []

    def encode(self, texts: Sequence[str]) -> Vectors:
        self.batches.append(list(texts))
        return np.array([[len(text), 1.0] for text in texts], dtype=np.float32)

    async def embed(self, texts: Sequence[str]) -> Vectors:
        return self.encode(texts)


async def test_a_text_asked_for_again_is_not_embedded_again_and_misses_go_in_one_batch() -> None:
    inner = CountingEmbedder()
    memo = MemoEmbedder(inner)

    first = await memo.embed(["How many invoices?"])
    second = await memo.embed(["How many invoices?", "Invoice", "Customer", "Invoice"])

    assert inner.batches == [["How many invoices?"], ["Invoice", "Customer"]]
    assert first.tolist() == [[18.0, 1.0]]
    assert second.tolist() == [[18.0, 1.0], [7.0, 1.0], [8.0, 1.0], [7.0, 1.0]]
    assert memo.encode([]).shape == (0, 2)


async def test_the_least_recently_used_text_is_forgotten_beyond_the_capacity() -> None:
    inner = CountingEmbedder()
    memo = MemoEmbedder(inner, capacity=2)

    await memo.embed(["a"])
    await memo.embed(["bb"])
    await memo.embed(["a"])  # "a" is now the most recent
    await memo.embed(["ccc"])  # forgets "bb"
    await memo.embed(["a", "bb"])

    assert inner.batches == [["a"], ["bb"], ["ccc"], ["bb"]]
