"""Request bodies of the HTTP API."""

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

ThreadId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.:-]{1,128}$")]
CollectionName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,64}$")]


class SummaryOptions(BaseModel):
    """How a summary should look; anything left out is read from the question, else chosen for the input."""

    model_config = ConfigDict(extra="forbid")

    max_sentences: int | None = Field(default=None, ge=1, le=50, description="Sentences in the summary at most")
    max_words: int | None = Field(default=None, ge=5, le=5000, description="Words in the summary at most")
    style: Literal["bullets", "paragraph", "tldr"] | None = Field(default=None, description="Layout of the summary")
    doc_id: str | None = Field(
        default=None, min_length=1, max_length=1000, description="Summarise this ingested document (see search hits)"
    )


class AskRequest(BaseModel):
    """A question, optionally continuing a conversation."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"question": "How many invoices were issued in 2010?"}]}
    )

    question: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)] = Field(
        description="What to ask, in natural language (or a SELECT statement)"
    )
    thread_id: ThreadId | None = Field(default=None, description="A thread_id from an earlier answer")
    collection: CollectionName | None = Field(default=None, description="Document collection to search (default: docs)")
    summary: SummaryOptions | None = Field(default=None, description="Length, style or document of a summary")
