"""Summarise agent: summarise a document, an earlier step's findings, pasted text or a collection, over MCP."""

from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage

from agents.chat import chat, model_name
from agents.contracts import (
    AgentTask,
    Citation,
    Passage,
    Route,
    StepResult,
    SummaryEvidence,
    SummarySentence,
    step,
)
from agents.mcp_client import Toolbox
from agents.questions import requested_length
from agents.summarise.prompts import NO_TEXT, PART, final_prompt
from agents.summarise.sources import SourceText, gather
from tools.results.summarise import SentenceOut, SummaryOut, SupportCheckOut, SupportOut
from tools.sentences import split_sentences
from tools.summarise.mapreduce import map_reduce

SUMMARISE_TOOL = "summarise_passages"
SUPPORT_TOOL = "check_summary_support"


def length_arguments(task: AgentTask) -> dict[str, Any]:
    """Length and style for the tool: the request body's when it gives them (a length given there replaces any
    length the question states), else what the question says."""
    given = task.summary or {}
    asked = requested_length(task.question)
    body_length = "max_sentences" in given or "max_words" in given
    arguments: dict[str, Any] = {
        "max_sentences": given.get("max_sentences") if body_length else asked.max_sentences,
        "max_words": given.get("max_words") if body_length else asked.max_words,
        "style": given.get("style", asked.style),
    }
    return {key: value for key, value in arguments.items() if value is not None}


def _sentence(
    placed: SentenceOut | SupportOut, *, source_text: str, support: float, supported: bool
) -> SummarySentence:
    """A summary sentence where the tool placed it, with the source sentence it rests on and how well."""
    return SummarySentence(
        text=placed.text,
        doc_id=placed.doc_id,
        title=placed.title,
        start=placed.start,
        end=placed.end,
        source_text=source_text,
        support=support,
        supported=supported,
    )


def extractive_evidence(summary: SummaryOut) -> SummaryEvidence:
    """The tool's result as evidence: every sentence is the source's own, so each fully supports itself."""
    return SummaryEvidence(
        mode="extractive",
        style=summary.style,
        sentences=[_sentence(s, source_text=s.text, support=1.0, supported=True) for s in summary.sentences],
        unsupported=0,
        source_sentences=summary.source_sentences,
        source_words=summary.source_words,
        rounds=summary.rounds,
        notes=list(summary.notes),
    )


def citations_of(evidence: SummaryEvidence) -> list[Citation]:
    """One citation per summary sentence: the source sentence it rests on."""
    return [
        Citation(
            doc_id=s["doc_id"],
            title=s["title"],
            start=s["start"],
            end=s["end"],
            text=s["source_text"],
            score=s["support"],
        )
        for s in evidence["sentences"]
    ]


def generative_evidence(support: SupportCheckOut, style: str, source: list[Passage], rounds: int) -> SummaryEvidence:
    """The support check's result as evidence; each sentence cites the source sentence that supports it best."""
    sentences = [
        _sentence(s, source_text=s.source_text, support=s.score, supported=s.supported) for s in support.sentences
    ]
    flagged = [s["text"] for s in sentences if not s["supported"]]
    notes = []
    if flagged:
        notes.append(
            f"{len(flagged)} sentence{'s' if len(flagged) > 1 else ''} of this summary "
            f"{'have' if len(flagged) > 1 else 'has'} no clear support in the source and may be wrong: "
            + " | ".join(flagged)
        )
    text = "\n\n".join(passage["text"] for passage in source)
    return SummaryEvidence(
        mode="generative",
        style=style,
        sentences=sentences,
        unsupported=len(flagged),
        source_sentences=len(split_sentences(text)),
        source_words=len(text.split()),
        rounds=rounds,
        notes=notes,
    )


def with_notes(summary: str, notes: list[str]) -> str:
    return "\n\n".join([summary, *(f"Note: {note}" for note in notes)])


def _answer(summary: str, evidence: SummaryEvidence, source: SourceText) -> StepResult:
    """The step: the summary followed by what the reader should know (about the source first), citing each
    sentence's source."""
    evidence["notes"] = [*source.notes, *evidence["notes"]]
    return step("summarise", with_notes(summary, evidence["notes"]), citations=citations_of(evidence), summary=evidence)


class SummariseAgent:
    """Summarises extractively through the summarise server without a model; with one, writes the summary by
    map-reduce and has the server check each sentence against the source. `documents` are the retrieval server's
    tools, for summarising a named document or collection."""

    route: Route = "summarise"

    def __init__(
        self, toolbox: Toolbox, model: BaseChatModel | None = None, *, documents: Toolbox | None = None
    ) -> None:
        self._toolbox, self._model, self._documents = toolbox, model, documents

    async def run(self, task: AgentTask) -> StepResult:
        source = await gather(task, self._documents)
        if not source.passages:
            return step("summarise", NO_TEXT, found=False)
        if self._model is not None:
            return await self._generative(task, source)
        arguments = {"passages": source.passages, **length_arguments(task)}
        result = await self._toolbox.call_as(SUMMARISE_TOOL, arguments, task, SummaryOut)
        return _answer(result.summary, extractive_evidence(result), source)

    async def _generative(self, task: AgentTask, source: SourceText) -> StepResult:
        """Abstractive map-reduce with the model, then a faithfulness check of the result by the MCP server."""
        assert self._model is not None
        model, name = self._model, model_name(self._model)
        length = length_arguments(task)
        final = final_prompt(length.get("max_sentences"), length.get("max_words"), length.get("style"))

        async def write(text: str, last: bool) -> str:
            reply = await chat(model, [SystemMessage(final if last else PART), HumanMessage(text)], name=name)
            return reply.text.strip()

        async def progress(done: float, total: float | None, message: str) -> None:
            task.emit("progress", {"tool": "summarise", "progress": done, "total": total, "message": message})

        text = "\n\n".join(passage["text"] for passage in source.passages)
        summary, rounds = await map_reduce(text, write, progress=progress)
        arguments = {"summary": summary, "passages": source.passages}
        support = await self._toolbox.call_as(SUPPORT_TOOL, arguments, task, SupportCheckOut)
        evidence = generative_evidence(support, str(length.get("style", "paragraph")), source.passages, rounds)
        if rounds:
            evidence["notes"].append(
                f"The input ({evidence['source_words']} words) was summarised in {rounds} map-reduce "
                f"round{'s' if rounds > 1 else ''}: parts first, then their summaries. No part of it was skipped."
            )
        return _answer(summary, evidence, source)
