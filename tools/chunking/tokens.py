"""Fixed-size chunks measured in MiniLM tokens, overlapping, with character offsets from the tokenizer."""

from functools import cache
from typing import TYPE_CHECKING

from tools.chunking.base import Chunk

if TYPE_CHECKING:
    from tokenizers import Tokenizer


@cache
def _tokenizer() -> "Tokenizer":
    from tokenizers import Tokenizer

    from tools.embeddings.torch_backend import packaged_model_path

    return Tokenizer.from_file(str(packaged_model_path() / "tokenizer.json"))


def token_windows(text: str, *, chunk_tokens: int, overlap_tokens: int) -> list[Chunk]:
    """Windows of `chunk_tokens` tokens, each starting `chunk_tokens - overlap_tokens` after the previous one."""
    tokenizer = _tokenizer()
    tokenizer.no_truncation()
    offsets = [(start, end) for start, end in tokenizer.encode(text, add_special_tokens=False).offsets if end > start]
    chunks: list[Chunk] = []
    step = chunk_tokens - overlap_tokens
    for first in range(0, max(len(offsets) - overlap_tokens, 1), step):
        window = offsets[first : first + chunk_tokens]
        if not window:
            break
        start, end = window[0][0], window[-1][1]
        chunks.append(Chunk(text[start:end], start, end, "", len(chunks)))
        if first + chunk_tokens >= len(offsets):
            break
    return chunks
