"""The OpenAI-compatible door: `POST /v1/chat/completions` (streaming or not) and `GET /v1/models`.

OpenAI clients, LangChain's `ChatOpenAI` and chat UIs call Relayboard unchanged with model `relayboard`. The
question is the last user message (Relayboard keeps conversations itself: pass `relayboard.thread_id` to continue
one). What the answer rests on travels in the extension field `relayboard` of the completion (and of the last
chunk when streaming): routes, citations, SQL evidence, summaries, thread id and trace id.
"""

import logging
import time
from collections.abc import AsyncIterator
from typing import Any, Literal

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, Field, StrictBool

from gateway.deps import PrincipalDep, SystemDep, TextLimitsDep
from gateway.problem_docs import EVERY_V1_ROUTE, problems
from gateway.problems import openai_error_member, problem_for
from gateway.sse import SSE_HEADERS, sse_event
from gateway.usage.payloads import note_answer, note_question
from graph.answer import Answer
from graph.system import Turn
from observability import request_context
from tools.errors import InvalidInput, NotFound
from tools.inputs import CollectionName

router = APIRouter(
    prefix="/v1",
    tags=["openai-compatible"],
    dependencies=[Depends(openai_error_member)],
    responses=problems(*EVERY_V1_ROUTE, 400, 403, 404),
)
logger = logging.getLogger(__name__)
MODEL_ID = "relayboard"


class ContentPart(BaseModel):
    model_config = ConfigDict(extra="allow")
    type: str
    text: str | None = None


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="allow")  # name, tool_calls, ...: accepted, not used
    role: Literal["system", "developer", "user", "assistant", "tool", "function"]
    content: str | list[ContentPart] | None = None

    def text(self) -> str:
        if isinstance(self.content, list):
            return "".join(part.text or "" for part in self.content if part.type == "text")
        return self.content or ""


class RelayboardOptions(BaseModel):
    """The request's extension field: what `/v1/ask` takes besides the question."""

    model_config = ConfigDict(extra="forbid")
    thread_id: str | None = Field(default=None, description="Continue this Relayboard conversation")
    collection: CollectionName | None = Field(default=None, description="Document collection to search")


class ChatCompletionRequest(BaseModel):
    """OpenAI's chat completion request; sampling options (temperature, n, ...) are accepted and ignored."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "examples": [{"model": MODEL_ID, "messages": [{"role": "user", "content": "How many invoices in 2010?"}]}]
        },
    )
    model: str = Field(description="`relayboard`")
    messages: list[ChatMessage] = Field(min_length=1)
    stream: StrictBool = False  # OpenAI's clients send a JSON boolean; "yes" or 1 is a mistake to say
    relayboard: RelayboardOptions | None = Field(default=None, description="Relayboard's extension field")


class AssistantMessage(BaseModel):
    role: Literal["assistant"] = "assistant"
    content: str


class Choice(BaseModel):
    index: int = 0
    message: AssistantMessage
    finish_reason: Literal["stop"] = "stop"
    logprobs: None = None


class Usage(BaseModel):
    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0


class ChatCompletion(BaseModel):
    """OpenAI's chat completion, with Relayboard's whole answer (routes, citations, trace id) in `relayboard`."""

    id: str
    object: Literal["chat.completion"] = "chat.completion"
    created: int
    model: str = MODEL_ID
    choices: list[Choice]
    usage: Usage = Field(default_factory=Usage)
    relayboard: Answer = Field(description="The answer as /v1/ask returns it: routes, citations, sql, trace_id...")


class ModelCard(BaseModel):
    id: str
    object: Literal["model"] = "model"
    created: int = 0
    owned_by: str = "relayboard"


class ModelList(BaseModel):
    object: Literal["list"] = "list"
    data: list[ModelCard]


@router.get("/models", response_model=ModelList, summary="Models (OpenAI-compatible): `relayboard`")
async def list_models() -> ModelList:
    return ModelList(data=[ModelCard(id=MODEL_ID)])


async def _begin(
    body: ChatCompletionRequest, request: Request, system: SystemDep, limit: int, principal: PrincipalDep
) -> Turn:
    if body.model != MODEL_ID:
        raise NotFound(f"no model {body.model!r}: this endpoint serves model {MODEL_ID!r} (see /v1/models)")
    asked = [message.text().strip() for message in body.messages if message.role == "user"]
    question = next((text for text in reversed(asked) if text), "")
    if not question:
        raise InvalidInput("no user message with text: send messages ending with {'role': 'user', 'content': '...'}")
    if len(question) > limit:
        raise InvalidInput(f"the question has {len(question)} characters; the limit is {limit}")
    options = body.relayboard or RelayboardOptions()
    turn = await system.begin(
        question,
        thread_id=options.thread_id,
        parent=request_context(request.headers),
        collection=options.collection,
        principal=principal,
    )
    request.state.trace_id = turn.trace_id
    note_question(request, question)
    return turn


@router.post(
    "/chat/completions",
    response_model=ChatCompletion,
    summary="Chat completion (OpenAI-compatible); `stream: true` sends OpenAI's chunks",
    responses={200: {"content": {"text/event-stream": {}}, "description": "With `stream: true`: chunks, [DONE]"}},
)
async def chat_completions(
    body: ChatCompletionRequest,
    request: Request,
    response: Response,
    system: SystemDep,
    texts: TextLimitsDep,
    principal: PrincipalDep,
) -> Any:
    """Answers the last user message like `/v1/ask`, shaped as OpenAI's chat completion."""
    turn = await _begin(body, request, system, texts.question_chars, principal)
    completion_id, created = f"chatcmpl-{turn.trace_id}", int(time.time())
    response.headers["traceparent"] = turn.traceparent
    if not body.stream:
        answer: Answer | None = None
        async for event, data in system.run(turn):
            if event == "final":
                answer = Answer.model_validate(data)
        assert answer is not None
        note_answer(request, answer.answer)
        message = AssistantMessage(content=answer.answer)
        return ChatCompletion(id=completion_id, created=created, choices=[Choice(message=message)], relayboard=answer)

    def chunk(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> str:
        choice = {"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}
        body = {"id": completion_id, "object": "chat.completion.chunk", "created": created, "model": MODEL_ID}
        return sse_event(None, {**body, "choices": [choice], **extra})

    async def chunks() -> AsyncIterator[str]:
        yield chunk({"role": "assistant", "content": ""})
        lines = 0
        try:
            async for event, data in system.run(turn):
                if event == "delta":
                    # The graph sends the answer line by line, each with its newline; OpenAI's content is the
                    # answer exactly, so the newline goes before the next line instead of after the last.
                    text = str(data.get("text", "")).removesuffix("\n")
                    yield chunk({"content": text if lines == 0 else "\n" + text})
                    lines += 1
                elif event == "final":
                    final = Answer.model_validate(data)
                    note_answer(request, final.answer)
                    yield chunk({}, "stop", relayboard=final.model_dump(mode="json"))
        except Exception as exc:  # the status line is sent already: the error travels as OpenAI streams send it
            status, title, detail = problem_for(exc)
            if status >= 500:
                logger.warning("chat stream failed (trace %s): %s", turn.trace_id, exc, exc_info=status == 500)
            yield sse_event(
                None, {"error": {"message": detail, "type": title, "code": status, "trace_id": turn.trace_id}}
            )
        yield sse_event(None, "[DONE]")

    return StreamingResponse(
        chunks(), media_type="text/event-stream", headers={**SSE_HEADERS, "traceparent": turn.traceparent}
    )
