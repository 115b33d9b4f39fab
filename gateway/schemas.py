"""Request bodies of the HTTP API."""

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from tools.inputs import BodyMaxSentences, BodyMaxWords, CollectionName, DocId, SummaryStyle
from tools.names import THREAD_ID_PATTERN, VISIBLE_TEXT_PATTERN
from tools.visible_text import VISIBLE_TEXT

ThreadId = Annotated[str, StringConstraints(pattern=THREAD_ID_PATTERN)]
# Surrounding whitespace is dropped; what is left must hold something to read (the pattern says so in the schema).
QuestionText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, pattern=VISIBLE_TEXT_PATTERN), VISIBLE_TEXT
]


class SummaryOptions(BaseModel):
    """How a summary should look; anything left out is read from the question, else chosen for the input."""

    model_config = ConfigDict(extra="forbid")

    max_sentences: BodyMaxSentences = None
    max_words: BodyMaxWords = None
    style: SummaryStyle | None = None
    doc_id: DocId | None = Field(default=None, description="Summarise this ingested document (see search hits)")


class AskRequest(BaseModel):
    """A question, optionally continuing a conversation."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"question": "How many invoices were issued in 2010?"}]}
    )

    question: QuestionText = Field(description="What to ask, in natural language (or a SELECT statement)")
    thread_id: ThreadId | None = Field(default=None, description="A thread_id from an earlier answer")
    collection: CollectionName | None = Field(default=None, description="Document collection to search (default: docs)")
    summary: SummaryOptions | None = Field(default=None, description="Length, style or document of a summary")
