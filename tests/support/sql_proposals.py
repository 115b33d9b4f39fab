"""Asking the schema-grounded SQL parser a question in a test: a seeded SQLite database, an embedder that makes no
phrase mean a schema name (or one that makes chosen words mean the same), and the proposal or the answer it runs
to."""

import sqlite3
import uuid
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from tools.embeddings import Embedder, Vectors
from tools.settings import SqlSettings
from tools.sql.database import Database, open_database
from tools.sql.proposals import Proposal, QueryProposer
from tools.sql.wording import tokens
from tools.thesaurus import Thesaurus


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


class SameMeaningEmbedder(UnrelatedTextsEmbedder):
    """Texts that contain a word of one of `kin` (sets of words, "heaviest weight") share that set's vector, so the
    parser reads those words as meaning each other (a synonym, a closest reading); every other text is unrelated.
    It lets a test put the parser in front of the wrong reading a cue must decline."""

    model_name = "same-meaning"

    def __init__(self, *kin: str) -> None:
        self._kin = [frozenset(words.split()) for words in kin]

    def encode(self, texts: Sequence[str]) -> Vectors:
        vectors = super().encode(texts)
        for row, text in enumerate(texts):
            shared = [i for i, words in enumerate(self._kin) if words & set(tokens(text))]
            if shared:
                vectors[row] = 0.0
                vectors[row, [self.dimension - 1 - i for i in shared]] = 1.0 / np.sqrt(len(shared))
        return vectors


def seeded_database(path: Path, script: str) -> Database:
    """A SQLite file at `path` made by running `script`, opened as the SQL tools open it."""
    with sqlite3.connect(path) as connection:
        connection.executescript(script)
    return open_database(SqlSettings(database=str(path)))


@contextmanager
def postgres_database(postgres: Any, prefix: str, script: str) -> Iterator[Database]:
    """A database of its own on the run's PostgreSQL (`postgres`, the session's server fixture), made by running
    `script`, opened as the SQL tools open it, and dropped afterwards."""
    import psycopg  # the postgres extra: only the tests marked postgres import it

    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    server = postgres.admin_url.rsplit("/", 1)[0]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    try:
        with psycopg.connect(f"{server}/{name}", autocommit=True) as admin:
            admin.execute(script)
        yield open_database(SqlSettings(database=f"{server}/{name}"))
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE {name} WITH (FORCE)")


async def propose(
    database: Database, question: str, embedder: Embedder | None = None, thesaurus: Thesaurus | None = None
) -> Proposal:
    """The parser's proposal for `question`, with no embedding or dictionary help unless given some."""
    proposer = QueryProposer(database, embedder or UnrelatedTextsEmbedder(), thesaurus)
    return await proposer.propose(question, database)


async def answer(
    database: Database, question: str, embedder: Embedder | None = None, thesaurus: Thesaurus | None = None
) -> tuple[str, list[list[object]]]:
    """The SQL of the first candidate and the rows it returns; fails the test if the parser declines."""
    proposal = await propose(database, question, embedder, thesaurus)
    assert proposal.decision == "answer", proposal.reason
    sql = proposal.candidates[0].sql
    return sql, (await database.run(sql)).rows
