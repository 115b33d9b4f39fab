"""`POST /v1/feedback`: a judgement of an answer, kept with its request record and added to its trace."""

from typing import Annotated, Literal

from fastapi import APIRouter, Request, status
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from gateway.deps import PrincipalDep
from gateway.problem_docs import EVERY_V1_ROUTE, problems
from gateway.usage.payloads import ANSWER_ROUTES
from gateway.usage.recorder import UsageRecorder
from gateway.usage.store import AnsweredRequest, Feedback, UsageStore
from observability import record_evaluation
from tools.errors import NotFound, UpstreamUnavailable
from tools.inputs import JSON_INTEGER

router = APIRouter(
    prefix="/v1", tags=["feedback"], responses=problems(*EVERY_V1_ROUTE, 400, 404)
)  # 400: a body that cannot be read as text
EVALUATION = "relayboard.user_feedback"  # gen_ai.evaluation.name of every user's judgement
Label = Literal["positive", "negative"]
LABELS: dict[int, Label] = {1: "positive", -1: "negative"}  # gen_ai.evaluation.score.label per rating


class FeedbackIn(BaseModel):
    """A judgement of one answer of /v1/ask, /v1/ask/stream or /v1/chat/completions."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736",
                    "rating": -1,
                    "comment": "It counted 2009 too",
                    "corrected_answer": "83 invoices were issued in 2010.",
                }
            ]
        },
    )

    trace_id: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{32}$")] = Field(
        description="The answer's `trace_id` (32 lowercase hex digits)"
    )
    rating: Annotated[Literal[-1, 1], Field(description="+1: a good answer; -1: a bad one"), JSON_INTEGER]
    comment: str | None = Field(default=None, max_length=4000, description="Why, in the user's words")
    corrected_answer: str | None = Field(default=None, max_length=20_000, description="What the answer should be")


class FeedbackOut(BaseModel):
    id: int = Field(description="The feedback's id")
    trace_id: str = Field(description="The judged answer's trace id")
    rating: Literal[-1, 1]
    label: Label = Field(description="The rating as `gen_ai.evaluation.score.label`")
    feedback_trace_id: str | None = Field(
        description="The trace holding the evaluation span (linked to the answer's trace); None when tracing is off"
    )


async def _answered(recorder: UsageRecorder, store: UsageStore, trace_id: str) -> AnsweredRequest | None:
    # The record of an answer is written after its last byte, with others queued meanwhile: a quick client may
    # judge it before that.
    return await store.answered(trace_id, ANSWER_ROUTES) or recorder.unwritten.get(trace_id)


@router.post("/feedback", status_code=status.HTTP_201_CREATED, response_model=FeedbackOut, summary="Judge an answer")
async def give_feedback(body: FeedbackIn, request: Request, principal: PrincipalDep) -> FeedbackOut:
    """Keeps the judgement with the answer's request record (every judgement is kept; the latest counts) and
    records a `gen_ai.evaluation.result` event on a span linked to the answer's trace. Only the key that asked,
    or one holding `admin`, may judge an answer; another key's answer is a 404, as an unknown one is.

    Raises:
        NotFound: no answer of this trace id that the caller may judge.
    """
    recorder: UsageRecorder = request.app.state.usage
    store = recorder.store
    if store is None:
        raise UpstreamUnavailable("the request log is not open yet: retry in a moment")
    answered = await _answered(recorder, store, body.trace_id)
    if answered is None or not (answered.principal == principal.name or principal.grants.admin):
        raise NotFound(
            f"no answer with trace_id {body.trace_id} for the key of {principal.name}: send the `trace_id` of an "
            "answer this key received from /v1/ask, /v1/ask/stream or /v1/chat/completions"
        )
    label = LABELS[body.rating]
    feedback_trace = record_evaluation(
        answered.trace_id,
        answered.span_id,
        name=EVALUATION,
        score=float(body.rating),
        label=label,
        explanation=body.comment,
    )
    given = Feedback(
        body.trace_id, principal.name, body.rating, body.comment, body.corrected_answer, feedback_trace or None
    )
    feedback_id = await store.add_feedback(given)
    return FeedbackOut(
        id=feedback_id,
        trace_id=body.trace_id,
        rating=body.rating,
        label=label,
        feedback_trace_id=feedback_trace or None,
    )
