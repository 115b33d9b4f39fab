"""Retrieved documents on a RETRIEVER span, in OpenInference's flattened form (what Phoenix and MLflow read)."""

from collections.abc import Sequence
from typing import NamedTuple

from opentelemetry.trace import Span

from observability.content import captured


class RetrievedDocument(NamedTuple):
    id: str
    score: float
    content: str


def record_documents(span: Span, documents: Sequence[RetrievedDocument]) -> None:
    """`retrieval.documents.{i}.document.{id,score,content}` (content as content capture allows)."""
    for index, document in enumerate(documents):
        prefix = f"retrieval.documents.{index}.document"
        span.set_attribute(f"{prefix}.id", document.id)
        span.set_attribute(f"{prefix}.score", float(document.score))
        content = captured(document.content)
        if content is not None:
            span.set_attribute(f"{prefix}.content", content)
