"""Named collections and the settings each was created with (chunking), recorded beside the data.

A collection's settings are fixed at creation so queries and re-ingests chunk the same way. The record is a
small JSON file per collection under `<data_dir>/collections/`, written atomically.
"""

import json
import os
import re
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from tools.chunking import ChunkingPolicy
from tools.errors import InvalidInput, NotFound
from tools.names import COLLECTION_NAME_PATTERN

NAME_PATTERN = re.compile(COLLECTION_NAME_PATTERN)


@dataclass(frozen=True)
class CollectionSpec:
    """A collection: its name, how its documents are chunked, and when it was created."""

    name: str
    chunking: ChunkingPolicy = field(default_factory=ChunkingPolicy)
    created_at: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "chunking": asdict(self.chunking), "created_at": self.created_at}

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> "CollectionSpec":
        return cls(str(raw["name"]), ChunkingPolicy(**raw.get("chunking", {})), float(raw.get("created_at", 0.0)))


def check_name(name: str) -> str:
    """`name` if it can name a collection.

    Raises:
        InvalidInput: it has characters other than letters, digits, `_` and `-`, or more than 64.
    """
    if not NAME_PATTERN.match(name):
        raise InvalidInput(f"collection name {name!r} is not valid: use 1-64 letters, digits, '_' or '-'")
    return name


class CollectionRegistry:
    """The collections of one data directory."""

    def __init__(self, data_dir: Path) -> None:
        self._folder = data_dir / "collections"

    def _path(self, name: str) -> Path:
        return self._folder / f"{check_name(name)}.json"

    def list(self) -> list[CollectionSpec]:
        if not self._folder.is_dir():
            return []
        return [CollectionSpec.from_json(json.loads(p.read_text("utf-8"))) for p in sorted(self._folder.glob("*.json"))]

    def get(self, name: str) -> CollectionSpec:
        """Raises:
        NotFound: no collection of that name; the message lists the existing ones."""
        path = self._path(name)
        if not path.is_file():
            existing = ", ".join(spec.name for spec in self.list()) or "none yet"
            raise NotFound(f"no collection named {name!r}; collections: {existing}")
        return CollectionSpec.from_json(json.loads(path.read_text("utf-8")))

    def ensure(self, name: str, chunking: ChunkingPolicy | None = None) -> CollectionSpec:
        """The collection `name`, created with `chunking` if it does not exist.

        Raises:
            InvalidInput: it exists with different chunking (re-ingesting must chunk the same way).
        """
        path = self._path(name)
        if path.is_file():
            spec = self.get(name)
            if chunking is not None and chunking != spec.chunking:
                raise InvalidInput(
                    f"collection {name!r} chunks with {asdict(spec.chunking)}; delete it or use another name to "
                    "change chunking"
                )
            return spec
        return self.record(CollectionSpec(name, chunking or ChunkingPolicy(), time.time()))

    def record(self, spec: CollectionSpec) -> CollectionSpec:
        """Write `spec` as the record of its collection, replacing any (atomically: a reader sees one or the other)."""
        path = self._path(spec.name)
        self._folder.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        partial.write_text(json.dumps(spec.to_json(), indent=2), encoding="utf-8")
        os.replace(partial, path)
        return spec

    def forget(self, name: str) -> None:
        """Remove the record of `name` (its points are deleted by the store).

        Raises:
            NotFound: no such collection.
        """
        self.get(name)
        self._path(name).unlink()
