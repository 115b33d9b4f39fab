"""What an answering route hands the request record: the question it was asked and the answer it gave."""

from dataclasses import dataclass

from starlette.requests import Request

PAYLOAD_STATE = "payload"  # the key of the request state that holds the `Payload`
JOB_ANSWER_ROUTE = "job:ask"
"""The request log's route of a question a job answered (no HTTP request of its own: one record per answer)."""
ANSWER_ROUTES = frozenset({"/v1/ask", "/v1/ask/stream", "/v1/chat/completions", JOB_ANSWER_ROUTE})
"""The routes whose requests carry a question and an answer: payload logging reads them, feedback judges them."""


@dataclass(slots=True)
class Payload:
    question: str | None = None
    answer: str | None = None


def note_question(request: Request, question: str) -> None:
    """Remember the request's question for its record (kept only when payload logging is on)."""
    request.state.payload = Payload(question=question)


def note_answer(request: Request, answer: str) -> None:
    """Remember the request's answer for its record (kept only when payload logging is on)."""
    payload = getattr(request.state, PAYLOAD_STATE, None)
    request.state.payload = Payload(payload.question if isinstance(payload, Payload) else None, answer)
