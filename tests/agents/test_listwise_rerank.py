"""LLM listwise reranking: the model's order wins, and a sloppy reply degrades to the first-stage order."""

from langchain_core.messages import AIMessage

from agents.retrieval import ListwiseReranker
from agents.retrieval.listwise import parse_ranking
from tests.support.fake_chat import ScriptedChatModel
from tools.rerank import rerank_order


def test_a_ranking_reply_is_read_tolerantly() -> None:
    assert parse_ranking("[3] > [1] > [2]", 3) == [2, 0, 1]
    assert parse_ranking("Ranking: [2] > [2] > [9] > [1]", 3) == [1, 0, 2]  # repeats and unknown ids skipped
    assert parse_ranking("I cannot rank these.", 3) == [0, 1, 2]


async def test_the_model_orders_numbered_passages_in_one_call() -> None:
    model = ScriptedChatModel(script=[AIMessage("[3] > [1] > [2]")])
    passages = ["Logs go to journald.", "Bananas are yellow.", "Rotate logs weekly."]
    order = await rerank_order(ListwiseReranker(model), "how are logs rotated", passages)
    assert [index for index, _ in order] == [2, 0, 1]
    (sent,) = model.received
    assert "how are logs rotated" in sent[-1].text and "[3] Rotate logs weekly." in sent[-1].text
