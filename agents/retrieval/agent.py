"""Retrieval agent: search the documents over MCP and answer with the best-supporting sentences, cited."""

from langchain_core.language_models import BaseChatModel

from agents.arguments import fit_text
from agents.chat import run_tool_loop, structured_results
from agents.contracts import AgentTask, Citation, Passage, Route, StepResult, step
from agents.mcp_client import Toolbox
from agents.retrieval.answerability import is_answerable
from agents.retrieval.answerability_weights import BAR
from agents.retrieval.prompts import NOT_FOUND, SYSTEM
from tools.results.retrieval import SearchOut

SEARCH_TOOL = "search_documents"
DEFAULT_MIN_SUPPORT = 0.45  # cosine of query and sentence; below it a sentence does not count as support
MAX_CITED = 3
CONTEXT_HITS = 5


def citations_from(search: SearchOut, *, min_support: float) -> list[Citation]:
    """The best-supporting sentences across all hits, strongest first, at most `MAX_CITED`."""
    candidates = []
    for hit in search.hits:
        for h in hit.highlights:
            if h.score < min_support:
                continue
            citation = Citation(
                doc_id=hit.doc_id,
                title=hit.title,
                start=h.start,
                end=h.end,
                text=h.text,
                score=round(h.score, 4),
                chunk_id=hit.chunk_id,
            )
            if hit.page is not None:
                citation["page"] = hit.page
            candidates.append(citation)
    unique: dict[tuple[str, int], Citation] = {}
    for citation in sorted(candidates, key=lambda c: -c["score"]):
        unique.setdefault((citation["doc_id"], citation["start"]), citation)
    return list(unique.values())[:MAX_CITED]


def passages_from(search: SearchOut) -> str:
    """The top hits' text, for a following summarise step."""
    return "\n\n".join(hit.text.strip() for hit in search.hits[:CONTEXT_HITS])


def hit_passages(search: SearchOut) -> list[Passage]:
    """The top hits as passages of their documents, for a following summarise step to cite from."""
    return [
        Passage(doc_id=hit.doc_id, title=hit.title, start=hit.start, text=hit.text)
        for hit in search.hits[:CONTEXT_HITS]
    ]


class RetrievalAgent:
    """Answers from indexed documents; extractive without a model, tool-calling with one."""

    route: Route = "retrieval"

    def __init__(
        self,
        toolbox: Toolbox,
        model: BaseChatModel | None = None,
        *,
        min_support: float = DEFAULT_MIN_SUPPORT,
        answer_bar: float | None = None,
    ) -> None:
        self._toolbox, self._model, self._min_support = toolbox, model, min_support
        self._answer_bar = BAR if answer_bar is None else answer_bar  # None: the fitted bar

    async def run(self, task: AgentTask) -> StepResult:
        if self._model is not None:
            return await self._generative(task)
        arguments: dict[str, object] = {
            "query": fit_text(self._toolbox, SEARCH_TOOL, "query", task.question),
            "limit": 5,
        }
        if task.collection:
            arguments["collection"] = task.collection
        search = await self._toolbox.call_as(SEARCH_TOOL, arguments, task, SearchOut)
        citations = citations_from(search, min_support=self._min_support)
        # A close sentence is not yet an answer: the related documents may be here without it.
        if not citations or not is_answerable(task.question, search.hits, bar=self._answer_bar):
            return step("retrieval", NOT_FOUND, found=False)
        answer = " ".join(f"{c['text']} [{i}]" for i, c in enumerate(citations, start=1))
        return step(
            "retrieval", answer, citations=citations, context=passages_from(search), passages=hit_passages(search)
        )

    async def _generative(self, task: AgentTask) -> StepResult:
        assert self._model is not None
        system = SYSTEM + (f"\nSearch the collection `{task.collection}`." if task.collection else "")
        answer, messages = await run_tool_loop(
            self._model, self._toolbox, system=system, question=task.question, caller=task
        )
        searches = structured_results(messages, SEARCH_TOOL, SearchOut)
        citations = [c for search in searches for c in citations_from(search, min_support=self._min_support)]
        context = "\n\n".join(passages_from(search) for search in searches)
        passages = [passage for search in searches for passage in hit_passages(search)]
        return step("retrieval", answer, citations=citations[:MAX_CITED], context=context or answer, passages=passages)
