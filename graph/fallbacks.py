"""A chat model that is several: the primary and its fallbacks, each attempt bounded and retried.

LangChain's own composition does the work: each model's call is bounded by `timeout_s` (a timeout raises) and
retried (`with_retry`), and the chain moves on to the next model when one has failed all its attempts
(`with_fallbacks`). Each reply names the model that produced it (`response_metadata[ANSWERED_BY]`), which the chat
span records as `gen_ai.response.model` and the answer and the request record report.
"""

import asyncio
from collections.abc import Callable, Sequence
from typing import Any

from langchain_core.callbacks import AsyncCallbackManagerForLLMRun, CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel, LanguageModelInput
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.runnables import Runnable, RunnableConfig, RunnableLambda
from langchain_core.tools import BaseTool
from pydantic import ConfigDict, Field

from agents.chat import ANSWERED_BY
from tools.errors import UpstreamUnavailable

ChatRunnable = Runnable[LanguageModelInput, AIMessage]


def _refuse_sync(_: LanguageModelInput) -> AIMessage:
    raise NotImplementedError("Relayboard calls chat models asynchronously only")


class FallbackChatModel(BaseChatModel):
    """`models` ((name, model) pairs) tried in order; each call of one is cut off after `timeout_s` and tried
    `retries` more times (with exponential backoff from `backoff_s`) before the next model is asked.

    Raises (from a call):
        UpstreamUnavailable: no model answered; the message names them and the first failure.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    models: list[tuple[str, BaseChatModel]] = Field(min_length=1)
    timeout_s: float = Field(gt=0)
    retries: int = Field(ge=0)
    backoff_s: float = Field(default=0.5, ge=0)

    @property
    def model_name(self) -> str:
        """The primary's name (what a chat span requests; the reply names the one that answered)."""
        return self.models[0][0]

    @property
    def _llm_type(self) -> str:
        return "relayboard-fallbacks"

    def bind_tools(
        self,
        tools: Sequence[dict[str, Any] | type | Callable[..., Any] | BaseTool],
        *,
        tool_choice: str | None = None,
        **kwargs: Any,
    ) -> ChatRunnable:
        """Each model with `tools` bound, in the same chain of retries and fallbacks."""
        return self._chain(
            [(name, model.bind_tools(tools, tool_choice=tool_choice, **kwargs)) for name, model in self.models]
        )

    def _chain(self, runnables: Sequence[tuple[str, ChatRunnable]]) -> ChatRunnable:
        # tenacity deprecated `initial` for `multiplier`, which LangChain's ExponentialJitterParams does not list yet.
        backoff = {"multiplier": self.backoff_s, "max": self.backoff_s * 8, "jitter": 0.0}
        attempts = [
            self._bounded(name, runnable).with_retry(
                stop_after_attempt=self.retries + 1,
                wait_exponential_jitter=self.backoff_s > 0,
                exponential_jitter_params=backoff,  # type: ignore[arg-type]  # see above
            )
            for name, runnable in runnables
        ]
        chain = attempts[0].with_fallbacks(attempts[1:]) if len(attempts) > 1 else attempts[0]
        names = ", ".join(name for name, _ in runnables)

        async def answered(messages: LanguageModelInput, config: RunnableConfig) -> AIMessage:
            try:
                return await chain.ainvoke(messages, config)
            except UpstreamUnavailable:
                raise
            except Exception as exc:  # a provider's own error types: translated where they enter
                raise UpstreamUnavailable(
                    f"no chat model answered ({names}, each tried {self.retries + 1} times); the first failed "
                    f"with {type(exc).__name__}: {exc}"
                ) from exc

        return RunnableLambda(_refuse_sync, afunc=answered, name="fallbacks")

    def _bounded(self, name: str, runnable: ChatRunnable) -> ChatRunnable:
        async def call(messages: LanguageModelInput, config: RunnableConfig) -> AIMessage:
            try:
                reply = await asyncio.wait_for(runnable.ainvoke(messages, config), self.timeout_s)
            except TimeoutError as exc:
                raise TimeoutError(f"chat model {name} gave no reply within {self.timeout_s:g} s") from exc
            reply.response_metadata[ANSWERED_BY] = name
            return reply

        return RunnableLambda(_refuse_sync, afunc=call, name=name)

    async def _agenerate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        models: list[tuple[str, ChatRunnable]] = [
            (name, model.bind(stop=stop, **kwargs) if stop or kwargs else model) for name, model in self.models
        ]
        reply = await self._chain(models).ainvoke(messages)
        return ChatResult(generations=[ChatGeneration(message=reply)])

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        raise NotImplementedError("Relayboard calls chat models asynchronously only")
