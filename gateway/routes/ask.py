"""`POST /v1/ask` (one JSON answer) and `POST /v1/ask/stream` (server-sent events)."""

import json
import logging
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import StreamingResponse

from agents.contracts import Principal, SummaryRequest
from gateway.deps import PrincipalDep, SystemDep, TextLimitsDep
from gateway.problem_docs import EVERY_V1_ROUTE, problems
from gateway.problems import problem_for
from gateway.schemas import AskRequest
from gateway.usage.payloads import note_answer, note_question
from graph.answer import Answer
from graph.system import AgentSystem, Turn
from observability import request_context
from tools.errors import InvalidInput

router = APIRouter(prefix="/v1", tags=["ask"], responses=problems(*EVERY_V1_ROUTE, 400, 403, 404))
logger = logging.getLogger(__name__)


async def _begin(body: AskRequest, request: Request, system: AgentSystem, limit: int, principal: Principal) -> Turn:
    if len(body.question) > limit:
        raise InvalidInput(f"the question has {len(body.question)} characters; the limit is {limit}")
    summary = SummaryRequest(**body.summary.model_dump(exclude_none=True)) if body.summary else None  # type: ignore[typeddict-item]  # same fields, checked by pydantic
    turn = await system.begin(
        body.question,
        thread_id=body.thread_id,
        parent=request_context(request.headers),
        collection=body.collection,
        summary=summary,
        principal=principal,
    )
    request.state.trace_id = turn.trace_id  # a 5xx problem names it (gateway/problems.py)
    note_question(request, body.question)
    return turn


@router.post("/ask", response_model=Answer, summary="Ask a question and get one answer")
async def ask(
    body: AskRequest,
    request: Request,
    response: Response,
    system: SystemDep,
    texts: TextLimitsDep,
    principal: PrincipalDep,
) -> Answer:
    """Routes the question to the agents and returns the answer, its routes, evidence and trace id."""
    turn = await _begin(body, request, system, texts.question_chars, principal)
    response.headers["traceparent"] = turn.traceparent
    answer: Answer | None = None
    async for event, data in system.run(turn):
        if event == "final":
            answer = Answer.model_validate(data)
    assert answer is not None
    note_answer(request, answer.answer)
    return answer


def _sse(event: str, data: dict[str, Any]) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False, default=str)}\n\n"


@router.post(
    "/ask/stream",
    summary="Ask a question and stream progress as server-sent events",
    response_class=StreamingResponse,
    responses={
        200: {
            "content": {"text/event-stream": {}},
            "description": "Events: route, tool_call, tool_result, delta, final, error",
        }
    },
)
async def ask_stream(
    body: AskRequest, request: Request, system: SystemDep, texts: TextLimitsDep, principal: PrincipalDep
) -> StreamingResponse:
    """The same work as /v1/ask, reported as it happens. A failure mid-stream ends with an `error` event."""
    turn = await _begin(body, request, system, texts.question_chars, principal)

    async def events() -> AsyncIterator[str]:
        try:
            async for event, data in system.run(turn):
                if event == "final":
                    note_answer(request, str(data.get("answer", "")))
                yield _sse(event, data)
        except Exception as exc:  # the status line is sent already: the error travels as an event
            status, title, detail = problem_for(exc)
            if status < 500:
                yield _sse("error", {"status": status, "title": title, "detail": detail})
                return
            logger.warning("stream failed (trace %s): %s", turn.trace_id, exc, exc_info=status == 500)
            yield _sse("error", {"status": status, "title": title, "detail": detail, "trace_id": turn.trace_id})

    headers = {"traceparent": turn.traceparent, "cache-control": "no-cache", "x-accel-buffering": "no"}
    return StreamingResponse(events(), media_type="text/event-stream", headers=headers)
