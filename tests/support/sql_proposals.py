"""Asking the schema-grounded SQL parser a question in a test: a seeded SQLite database, an embedder that makes no
phrase mean a schema name, and the proposal or the answer it runs to."""

import sqlite3
import zlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from tools.embeddings import Vectors
from tools.settings import SqlSettings
from tools.sql.database import Database, open_database
from tools.sql.proposals import Proposal, QueryProposer


class UnrelatedTextsEmbedder:
    """Each text gets its own one-hot vector: no phrase means a schema name, no reading is closer than another."""

    dimension = 4096
    model_name = "one-hot"

    def encode(self, texts: Sequence[str]) -> Vectors:
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            vectors[row, zlib.crc32(text.encode()) % self.dimension] = 1.0
        return vectors

    async def embed(self, texts: Sequence[str]) -> Vectors:
        return self.encode(texts)


def seeded_database(path: Path, script: str) -> Database:
    """A SQLite file at `path` made by running `script`, opened as the SQL tools open it."""
    with sqlite3.connect(path) as connection:
        connection.executescript(script)
    return open_database(SqlSettings(database=str(path)))


async def propose(database: Database, question: str) -> Proposal:
    """The parser's proposal for `question`, with no embedding help."""
    return await QueryProposer(database, UnrelatedTextsEmbedder()).propose(question, database)


async def answer(database: Database, question: str) -> tuple[str, list[list[object]]]:
    """The SQL of the first candidate and the rows it returns; fails the test if the parser declines."""
    proposal = await propose(database, question)
    assert proposal.decision == "answer", proposal.reason
    sql = proposal.candidates[0].sql
    return sql, (await database.run(sql)).rows
