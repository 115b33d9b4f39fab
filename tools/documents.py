"""Reading source files into documents: markdown, text, HTML, PDF (text layer) and BEIR JSONL.

A document's id is stable across runs (its path relative to the ingest root, or the JSONL `_id`), so
re-ingesting replaces it. A file that cannot be read is reported with the reason and the rest go on; a BEIR corpus
with a bad line is refused whole, before anything is read, naming the line.
"""

import bisect
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import IO

from tools.beir_corpus import check_corpus, corpus_rows, spool_corpus
from tools.errors import InvalidInput

SUPPORTED_SUFFIXES = frozenset({".md", ".markdown", ".txt", ".html", ".htm", ".pdf", ".jsonl"})


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """A document to ingest; `markdown` says its headings (`#` lines) delimit sections, and `page_starts`
    (PDFs) holds the offset in `text` where each page begins, so chunks can name their page."""

    doc_id: str
    title: str
    text: str
    markdown: bool
    page_starts: tuple[int, ...] = ()

    def page_at(self, offset: int) -> int | None:
        """The 1-based page that character `offset` falls on, or None for documents without pages."""
        if not self.page_starts:
            return None
        return bisect.bisect_right(self.page_starts, offset)


@dataclass(frozen=True, slots=True)
class UnreadableFile:
    """A file that was skipped, and why."""

    path: str
    reason: str


def iter_sources(paths: list[Path]) -> Iterator[SourceDocument | UnreadableFile]:
    """Documents under `paths` (files or named pipes, or folders walked recursively) in a stable order, and
    the files that could not be read.

    Every path is found and every BEIR `.jsonl` corpus validated whole before this returns, so a bad input
    stops the caller before it has written anything. A corpus that can be read only once (a named pipe) is copied
    to a temporary file as it is validated, and read from that copy; the copies go when the iterator is done.

    Raises:
        InvalidInput: a path does not exist, or a file named directly is of an unsupported type.
        InvalidData: a line of a `.jsonl` corpus is not a BEIR document (`<file>:<line>: ...`).
    """
    sources = list(_find(paths))
    spools: dict[Path, IO[bytes]] = {}
    try:
        for path, _ in sources:
            if path.suffix.lower() != ".jsonl":
                continue
            if path.is_file():
                check_corpus(path)  # read again when ingested: a file can be, and holding it whole costs memory
            else:
                spools[path] = spool_corpus(path)  # read once: ingested from the checked copy
    except BaseException:
        for spool in spools.values():
            spool.close()
        raise
    return _sources(sources, spools)


def _sources(
    sources: list[tuple[Path, str]], spools: dict[Path, IO[bytes]]
) -> Iterator[SourceDocument | UnreadableFile]:
    try:
        for path, doc_id in sources:
            yield from _read(path, doc_id, spools.get(path))
    finally:
        for spool in spools.values():
            spool.close()


def _find(paths: list[Path]) -> Iterator[tuple[Path, str]]:
    for root in paths:
        if not root.exists():
            raise InvalidInput(f"{root} does not exist: pass files or folders of {_supported()}")
        if not root.is_dir():  # a file named directly, or a named pipe streaming one
            if root.suffix.lower() not in SUPPORTED_SUFFIXES:
                raise InvalidInput(f"{root} is not a supported file type: use {_supported()}")
            yield root, root.name
            continue
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            if path.suffix.lower() in SUPPORTED_SUFFIXES:
                yield path, str(path.relative_to(root.parent))


def iter_documents(paths: list[Path]) -> Iterator[SourceDocument]:
    """The readable documents under `paths` (see `iter_sources`)."""
    for item in iter_sources(paths):
        if isinstance(item, SourceDocument):
            yield item


def _supported() -> str:
    return ", ".join(sorted(SUPPORTED_SUFFIXES))


def _read(path: Path, doc_id: str, spool: IO[bytes] | None = None) -> Iterator[SourceDocument | UnreadableFile]:
    doc_id = doc_id.replace("\\", "/")
    suffix = path.suffix.lower()
    try:
        if suffix == ".jsonl":
            yield from _read_beir_jsonl(path, spool)
            return
        if suffix == ".pdf":
            text, title, page_starts = _read_pdf(path)
            yield SourceDocument(doc_id, title or _title_from_name(path), text, False, page_starts)
            return
        raw = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        yield UnreadableFile(str(path), f"{type(exc).__name__}: {exc}")
        return
    if suffix in {".html", ".htm"}:
        text, title = html_to_markdown(raw)
        yield SourceDocument(doc_id, title or _title_from_name(path), text, markdown=True)
        return
    markdown = suffix in {".md", ".markdown"}
    title = next((line.lstrip("#").strip() for line in raw.splitlines() if line.startswith("# ")), "")
    yield SourceDocument(doc_id, title or _title_from_name(path), raw, markdown=markdown)


def _title_from_name(path: Path) -> str:
    return path.stem.replace("_", " ").replace("-", " ").title()


def _read_beir_jsonl(path: Path, spool: IO[bytes] | None) -> Iterator[SourceDocument]:
    for row in corpus_rows(path, spool):
        yield SourceDocument(row.doc_id, row.title or "", row.text, markdown=False)


def _read_pdf(path: Path) -> tuple[str, str, tuple[int, ...]]:
    """The text layer of every page, pages separated by a blank line; the title if set; where each page starts.

    Pages without text keep their number: their start is where the next text begins."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        pages = [page.extract_text() or "" for page in reader.pages]
        title = str(reader.metadata.title) if reader.metadata and reader.metadata.title else ""
    except PdfReadError as exc:
        raise ValueError(f"not a readable PDF: {exc}") from exc
    parts: list[str] = []
    starts: list[int] = []
    cursor = 0
    for page in pages:
        starts.append(cursor)
        if page.strip():
            parts.append(page.strip())
            cursor += len(parts[-1]) + 2  # the blank line that joins pages
    text = "\n\n".join(parts)
    if not text:
        raise ValueError("the PDF has no text layer (scanned images need OCR first)")
    return text, title, tuple(starts)


class _HtmlText(HTMLParser):
    """Visible text of an HTML page with headings turned into markdown `#` lines and blocks into paragraphs."""

    _BLOCKS = frozenset({"p", "div", "section", "article", "li", "tr", "br", "pre", "blockquote", "table", "ul", "ol"})
    _SKIP = frozenset({"script", "style", "noscript", "template", "svg", "head"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title = ""
        self._skipping = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        if tag in self._SKIP:
            self._skipping += 1
        elif len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
            self.parts.append("\n\n" + "#" * int(tag[1]) + " ")
        elif tag in self._BLOCKS:
            self.parts.append("\n\n" if tag != "li" else "\n- ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in self._SKIP:
            self._skipping = max(0, self._skipping - 1)
        elif (len(tag) == 2 and tag[0] == "h" and tag[1] in "123456") or tag in self._BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data.strip()
        if not self._skipping:
            # Collapse runs of white space but keep one at either end: inline tags split words apart.
            collapsed = " ".join(data.split())
            lead = " " if data[:1].isspace() else ""
            trail = " " if data[-1:].isspace() and collapsed else ""
            self.parts.append(lead + collapsed + trail if collapsed else (" " if data else ""))


def html_to_markdown(html: str) -> tuple[str, str]:
    """(text with markdown headings, page title)."""
    parser = _HtmlText()
    parser.feed(html)
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).splitlines()]
    text = "\n".join(lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    title = parser.title or next((line.lstrip("#").strip() for line in lines if line.startswith("# ")), "")
    return text.strip() + "\n", title
