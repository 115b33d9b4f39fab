"""A scripted chat model for tests: replies from a script and records everything it was sent."""

import asyncio
from collections.abc import Sequence
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import Field


def _tool_name(tool: Any) -> str:
    if isinstance(tool, dict):  # the OpenAI function form: {"type": "function", "function": {"name": ...}}
        return str(tool.get("function", tool).get("name"))
    return str(getattr(tool, "name", None) or getattr(tool, "__name__", tool))


class ScriptedChatModel(BaseChatModel):
    """Returns `script` replies in order; `received` holds the messages of each call, `bound` the tool names."""

    script: list[AIMessage] = Field(default_factory=list)
    received: list[list[BaseMessage]] = Field(default_factory=list)
    bound: list[list[str]] = Field(default_factory=list)
    model_name: str = "scripted-fake"

    @property
    def _llm_type(self) -> str:
        return "scripted-fake"

    def bind_tools(self, tools: Sequence[Any], **_: Any) -> "ScriptedChatModel":
        self.bound.append([_tool_name(tool) for tool in tools])
        return self

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **_: Any,
    ) -> ChatResult:
        self.received.append(list(messages))
        if not self.script:
            raise AssertionError(f"the script ran out; last messages: {messages[-2:]}")
        return ChatResult(generations=[ChatGeneration(message=self.script.pop(0))])


class StalledChatModel(BaseChatModel):
    """Never replies: each call waits until it is cancelled (a timeout); `calls` counts them, `cancelled` too."""

    calls: int = 0
    cancelled: int = 0
    model_name: str = "stalled-fake"

    @property
    def _llm_type(self) -> str:
        return "stalled-fake"

    def bind_tools(self, tools: Sequence[Any], **_: Any) -> "StalledChatModel":
        return self

    def _generate(self, messages: list[BaseMessage], stop: list[str] | None = None, *_: Any, **__: Any) -> ChatResult:
        raise NotImplementedError("call it asynchronously")

    async def _agenerate(
        self, messages: list[BaseMessage], stop: list[str] | None = None, *_: Any, **__: Any
    ) -> ChatResult:
        self.calls += 1
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            self.cancelled += 1
            raise
        raise AssertionError("unreachable: nothing sets the event")


class FailingChatModel(BaseChatModel):
    """Raises `ConnectionError` on every call (a provider that is down); `calls` counts them."""

    calls: int = 0
    model_name: str = "failing-fake"

    @property
    def _llm_type(self) -> str:
        return "failing-fake"

    def bind_tools(self, tools: Sequence[Any], **_: Any) -> "FailingChatModel":
        return self

    def _generate(self, messages: list[BaseMessage], stop: list[str] | None = None, *_: Any, **__: Any) -> ChatResult:
        self.calls += 1
        raise ConnectionError("the provider refused the connection")
