"""Summarise agent: summarise text from the request, or what an earlier step found, over MCP."""

from langchain_core.language_models import BaseChatModel

from agents.chat import run_tool_loop
from agents.contracts import AgentTask, Citation, Route, StepResult, step
from agents.summarise.prompts import NO_TEXT, SYSTEM
from agents.summarise.request import requested_sentences, text_to_summarise
from agents.toolbox import Toolbox

SUMMARISE_TOOL = "summarise_text"


def _source(task: AgentTask) -> tuple[str, list[Citation]]:
    """The text to summarise: an earlier step's findings first, else the text pasted in the request."""
    for previous in reversed(task.previous):
        if previous["found"] and previous["context"]:
            return previous["context"], previous["citations"]
    return text_to_summarise(task.question) or "", []


class SummariseAgent:
    """Summarises extractively without a model; with one, writes an abstractive summary from tool output."""

    route: Route = "summarise"

    def __init__(self, toolbox: Toolbox, model: BaseChatModel | None = None) -> None:
        self._toolbox, self._model = toolbox, model

    async def run(self, task: AgentTask) -> StepResult:
        text, citations = _source(task)
        if not text:
            return step("summarise", NO_TEXT, found=False)
        if self._model is not None:
            answer, _ = await run_tool_loop(
                self._model,
                self._toolbox,
                system=SYSTEM,
                emit=task.emit,
                question=f"{task.question}\n\nText to summarise:\n{text}",
            )
            return step("summarise", answer, citations=citations)
        arguments = {"text": text, "max_sentences": requested_sentences(task.question)}
        summary = await self._toolbox.call(SUMMARISE_TOOL, arguments, task.emit)
        return step("summarise", str(summary["summary"]), citations=citations)
