"""LLM listwise reranking (RankGPT-style): the configured chat model orders numbered passages in one call."""

import re
from collections.abc import Sequence

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage

from agents.chat import chat, model_name

INSTRUCTIONS = (
    "You rank passages by how well they answer a search query. Reply with the passage identifiers only, "
    "most relevant first, separated by ' > ', for example: [2] > [3] > [1]. Include every identifier once."
)
_IDENTIFIER = re.compile(r"\[(\d+)\]")


def parse_ranking(reply: str, count: int) -> list[int]:
    """0-based passage indices in the model's order; unknown or repeated ids are skipped and the passages the
    model left out follow in their first-stage order, so a sloppy reply degrades to the original ranking."""
    chosen: dict[int, None] = {}
    for match in _IDENTIFIER.finditer(reply):
        index = int(match.group(1)) - 1
        if 0 <= index < count:
            chosen.setdefault(index, None)
    return list(chosen) + [index for index in range(count) if index not in chosen]


class ListwiseReranker:
    """A `tools.rerank.Reranker` backed by a chat model: score = passages ranked below this one."""

    def __init__(self, model: BaseChatModel, *, max_passage_chars: int = 600) -> None:
        self._model, self._max_chars = model, max_passage_chars

    @property
    def name(self) -> str:
        return f"llm-listwise:{model_name(self._model)}"

    async def scores(self, query: str, passages: Sequence[str]) -> list[float]:
        numbered = "\n".join(
            f"[{i}] {' '.join(passage.split())[: self._max_chars]}" for i, passage in enumerate(passages, start=1)
        )
        prompt = f"Query: {query}\n\nPassages:\n{numbered}\n\nRank all {len(passages)} passages."
        reply = await chat(self._model, [SystemMessage(INSTRUCTIONS), HumanMessage(prompt)], name=self.name)
        order = parse_ranking(reply.text, len(passages))
        scores = [0.0] * len(passages)
        for rank, index in enumerate(order):
            scores[index] = float(len(passages) - rank)
        return scores
