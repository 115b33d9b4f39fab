"""Calling a chat model inside a CHAT_MODEL span, and the generative tool-call loop agents share."""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage, ToolMessage
from langchain_core.runnables import Runnable

from agents.contracts import Caller
from agents.mcp_client import Toolbox, validated
from observability import SpanKind, record_token_usage, start_span

MAX_TOOL_ROUNDS = 6
T = TypeVar("T")
ANSWERED_BY = "relayboard_model"  # a reply's response_metadata key: the configured model that produced it
# The models that replied during one request, in order: a list shared by every task of the run (a context copy
# shares the list), so the graph's nodes report into the one the request opened with `models_replying`.
_replied: ContextVar[list[str] | None] = ContextVar("relayboard_models_replied", default=None)


@contextmanager
def models_replying() -> Iterator[list[str]]:
    """Collect, for the block (one request's run), the name of the model behind each chat reply."""
    replied: list[str] = []
    reset = _replied.set(replied)
    try:
        yield replied
    finally:
        _replied.reset(reset)


def model_name(model: BaseChatModel) -> str:
    """The model's name as providers report it, for span attributes."""
    for attribute in ("model_name", "model", "model_id"):
        value = getattr(model, attribute, None)
        if isinstance(value, str):
            return value
    return type(model).__name__


async def chat(
    model: Runnable[Sequence[BaseMessage], BaseMessage], messages: Sequence[BaseMessage], *, name: str
) -> AIMessage:
    """One model call, traced as a CHAT_MODEL span with token usage when the provider reports it."""
    with start_span(f"chat {name}", SpanKind.CHAT_MODEL, {"gen_ai.request.model": name}) as span:
        reply = await model.ainvoke(list(messages))
        assert isinstance(reply, AIMessage), f"chat model returned {type(reply).__name__}"
        answered = str(reply.response_metadata.get(ANSWERED_BY) or name)  # a fallback's name when one answered
        span.set_attribute("gen_ai.response.model", answered)
        if (replied := _replied.get()) is not None:
            replied.append(answered)
        usage: dict[str, Any] = dict(reply.usage_metadata or {})
        if usage:
            input_tokens, output_tokens = int(usage.get("input_tokens", 0)), int(usage.get("output_tokens", 0))
            span.set_attribute("gen_ai.usage.input_tokens", input_tokens)
            span.set_attribute("gen_ai.usage.output_tokens", output_tokens)
            record_token_usage(answered, input_tokens=input_tokens, output_tokens=output_tokens)
        span.set_attribute("gen_ai.response.tool_calls", len(reply.tool_calls))
        return reply


async def run_tool_loop(
    model: BaseChatModel,
    toolbox: Toolbox,
    *,
    system: str,
    question: str,
    caller: Caller,
    max_rounds: int = MAX_TOOL_ROUNDS,
) -> tuple[str, list[ToolMessage]]:
    """Let the model call tools until it answers without a tool call (or `max_rounds` pass).

    Returns the final text and every tool message, so callers can collect evidence from artifacts.
    """
    bound = model.bind_tools(toolbox.function_schemas())
    messages: list[BaseMessage] = [SystemMessage(system), HumanMessage(question)]
    results: list[ToolMessage] = []
    name = model_name(model)
    for _ in range(max_rounds):
        reply = await chat(bound, messages, name=name)
        messages.append(reply)
        if not reply.tool_calls:
            return reply.text, results
        for call in reply.tool_calls:
            result = await toolbox.invoke(call["name"], dict(call["args"]), caller, call_id=str(call["id"]))
            messages.append(result)
            results.append(result)
    return f"I stopped after {max_rounds} rounds of tool calls without a final answer.", results


def structured_results(messages: Sequence[ToolMessage], tool: str, shape: type[T]) -> list[T]:
    """The structured results of the successful calls to `tool`, in call order, each as a `shape`.

    Raises:
        ToolFailed: a result is not a `shape`.
    """
    found: list[T] = []
    for message in messages:
        artifact = message.artifact if isinstance(message.artifact, dict) else {}
        content = artifact.get("structured_content")
        if message.name == tool and message.status == "success" and isinstance(content, dict):
            found.append(validated(tool, content, shape))
    return found
