"""Semantic search over a database's tables and columns: names split into words, plus optional descriptions."""

import asyncio
import re

import numpy as np

from tools.embeddings import Embedder
from tools.sql.database import Database
from tools.sql.results import SchemaHit

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|_+")


def words(name: str) -> str:
    """`InvoiceLine` and `invoice_line` both read `invoice line`, which is what a question says."""
    return _CAMEL.sub(" ", name).strip().lower()


class SchemaSearch:
    """Ranks tables and columns against a question; the schema is read and embedded once, on first use.

    `descriptions` maps `Table` or `Table.Column` (case-insensitive) to a sentence a business user would say.
    """

    def __init__(self, database: Database, embedder: Embedder, descriptions: dict[str, str] | None = None) -> None:
        self._database, self._embedder = database, embedder
        self._descriptions = {key.lower(): text for key, text in (descriptions or {}).items()}
        self._entries: list[SchemaHit] = []
        self._vectors: np.ndarray | None = None
        self._lock = asyncio.Lock()

    async def search(self, query: str, *, limit: int = 5) -> list[SchemaHit]:
        """The tables and columns closest to `query`, best first.

        Raises:
            UpstreamUnavailable: the database cannot be reached.
        """
        async with self._lock:
            if self._vectors is None:
                texts = await self._index()
                self._vectors = await self._embedder.embed(texts)
        if not self._entries:
            return []
        scores = self._vectors @ (await self._embedder.embed([query]))[0]
        order = np.argsort(-scores)[:limit]
        return [_scored(self._entries[i], float(scores[i])) for i in order]

    async def _index(self) -> list[str]:
        texts: list[str] = []
        for table in await self._database.list_tables():
            info = await self._database.describe_table(table, sample_rows=0)
            about = self._descriptions.get(info.name.lower(), "")
            columns = ", ".join(words(column.name) for column in info.columns)
            self._entries.append(SchemaHit(info.name, None, "table", about, 0.0))
            texts.append(f"{words(info.name)} table. {about} Columns: {columns}")
            for column in info.columns:
                note = self._descriptions.get(f"{info.name}.{column.name}".lower(), "")
                self._entries.append(SchemaHit(info.name, column.name, column.type, note, 0.0))
                texts.append(f"{words(column.name)} of {words(info.name)}. {note}")
        return texts


def _scored(hit: SchemaHit, score: float) -> SchemaHit:
    return SchemaHit(hit.table, hit.column, hit.type, hit.description, round(score, 4))
