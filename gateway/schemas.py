"""Request bodies of the HTTP API."""

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

ThreadId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.:-]{1,128}$")]
CollectionName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,64}$")]


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
