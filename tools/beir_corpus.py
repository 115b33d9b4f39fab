"""A BEIR corpus file (`corpus.jsonl`: one `{"_id", "title", "text"}` object a line), validated before it is read."""

from collections.abc import Iterator
from pathlib import Path

from pydantic import Field

from tools.jsonl_rows import Identifier, StrictRow, iter_rows

DOCS = "docs/retrieval.md"
_WHAT = "a BEIR corpus file (JSONL, one {_id, title, text} a line)"


class CorpusRow(StrictRow):
    """A BEIR corpus document."""

    doc_id: Identifier = Field(alias="_id", description="a non-empty string or an integer")
    title: str | None = Field(default=None, description="a string or absent")
    text: str = Field(description="a string")


def check_corpus(path: Path) -> None:
    """Validate every line of `path`, holding none of them, so nothing of a bad file is ever ingested.

    Raises:
        InvalidData: a line that is not UTF-8, not JSON or not a JSON object, or not a `CorpusRow`.
    """
    for _ in iter_rows(path, CorpusRow, _WHAT, docs=DOCS):
        pass


def corpus_rows(path: Path) -> Iterator[CorpusRow]:
    """The rows of `path`, one a line, as they are read (call `check_corpus` first).

    Raises:
        InvalidData: as `check_corpus`, if the file changed since.
    """
    for numbered in iter_rows(path, CorpusRow, _WHAT, docs=DOCS):
        yield numbered.row
