"""Structured results of the summarise tools: what the summarise server returns and the agents read."""

from pydantic import BaseModel, Field


class SentenceOut(BaseModel):
    """A summary sentence and where it came from."""

    text: str
    doc_id: str = Field(description="The document the sentence came from")
    title: str
    start: int = Field(description="Offset of the sentence in that document")
    end: int
    score: float


class SummaryOut(BaseModel):
    summary: str = Field(description="The summary, laid out in the requested style")
    style: str
    sentences: list[SentenceOut]
    source_sentences: int = Field(description="How many sentences the input had")
    source_words: int
    rounds: int = Field(description="Map-reduce rounds a long input took (0: it fit at once)")
    notes: list[str] = Field(description="What the reader should know: condensing, limits hit")


class SupportOut(BaseModel):
    """A summary sentence and the source sentence that supports it best."""

    text: str
    doc_id: str
    title: str
    start: int = Field(description="Offset of the best-supporting source sentence in its document")
    end: int
    source_text: str
    semantic: float = Field(description="Cosine of the sentence and its best source sentence")
    lexical: float = Field(description="Share of its content words found in the source")
    score: float = Field(description="Mean of the two; below 0.5 the sentence is flagged")
    supported: bool


class SupportCheckOut(BaseModel):
    sentences: list[SupportOut]
    unsupported: int = Field(description="How many sentences the source does not clearly support")
