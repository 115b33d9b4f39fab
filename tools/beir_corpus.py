"""A BEIR corpus file (`corpus.jsonl`: one `{"_id", "title", "text"}` object a line), validated before it is read."""

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

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


def spool_corpus(path: Path) -> IO[bytes]:
    """Validate every line of `path`, a stream that can be read only once (a named pipe), while copying it to an
    anonymous temporary file; that file, rewound, to read the rows from with `corpus_rows(path, spool)`.

    The copy is on disk (the platform's temporary folder), not in memory, so a corpus of any size can be checked
    whole before any of it is ingested; the file has no name and disappears when it is closed.

    Raises:
        InvalidData: as `check_corpus`; the copy is discarded.
    """
    spool = tempfile.TemporaryFile()
    try:
        with path.open("rb") as stream:
            for _ in iter_rows(path, CorpusRow, _WHAT, docs=DOCS, raw_lines=_copied(stream, spool)):
                pass
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    return spool


def _copied(stream: IO[bytes], spool: IO[bytes]) -> Iterator[bytes]:
    for raw in stream:
        spool.write(raw)
        yield raw


def corpus_rows(path: Path, spool: IO[bytes] | None = None) -> Iterator[CorpusRow]:
    """The rows of `path` (or of its `spool_corpus` copy), one a line, as they are read (check them first).

    Raises:
        InvalidData: as `check_corpus`, if the file changed since.
    """
    for numbered in iter_rows(path, CorpusRow, _WHAT, docs=DOCS, raw_lines=spool):
        yield numbered.row
