"""Reading source files into documents: an id (its path relative to the ingest root), a title and text."""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tools.errors import InvalidInput

SUPPORTED_SUFFIXES = frozenset({".md", ".markdown", ".txt"})


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """A document to ingest: `doc_id` is stable across runs, so re-ingesting replaces it."""

    doc_id: str
    title: str
    text: str
    markdown: bool


def iter_documents(paths: list[Path]) -> Iterator[SourceDocument]:
    """Documents under `paths` (files, or folders walked recursively), in a stable order.

    Raises:
        InvalidInput: a path does not exist or is a file of an unsupported type.
    """
    for root in paths:
        if not root.exists():
            raise InvalidInput(f"{root} does not exist: pass files or folders of {_supported()}")
        if root.is_file():
            if root.suffix.lower() not in SUPPORTED_SUFFIXES:
                raise InvalidInput(f"{root} is not a supported file type: use {_supported()}")
            yield _read(root, root.name)
            continue
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            if path.suffix.lower() in SUPPORTED_SUFFIXES:
                yield _read(path, str(path.relative_to(root.parent)))


def _supported() -> str:
    return ", ".join(sorted(SUPPORTED_SUFFIXES))


def _read(path: Path, doc_id: str) -> SourceDocument:
    text = path.read_text(encoding="utf-8", errors="replace")
    markdown = path.suffix.lower() in {".md", ".markdown"}
    title = next(
        (line.lstrip("#").strip() for line in text.splitlines() if line.startswith("# ")),
        path.stem.replace("_", " ").replace("-", " ").title(),
    )
    return SourceDocument(doc_id=doc_id.replace("\\", "/"), title=title, text=text, markdown=markdown)
