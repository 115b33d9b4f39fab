"""Reading an evaluation folder in BEIR layout: corpus.jsonl, queries.jsonl, qrels.tsv (+ answers.jsonl)."""

import random
from dataclasses import dataclass, replace
from pathlib import Path

from evals.data_files import data_error, lines, read_rows, require_unique, shown
from evals.rows import AnswersRow, CorpusRow, QueryRow
from tools.documents import SourceDocument
from tools.errors import InvalidOption

DISTRACTOR_SEED = 20261203
_JSONL = "a JSONL file of the BEIR folder"


@dataclass(frozen=True)
class BeirSet:
    """Documents, the judged queries, relevance grades per query, and optional gold answers."""

    corpus_path: Path
    documents: list[SourceDocument]
    queries: dict[str, str]
    qrels: dict[str, dict[str, int]]
    answers: dict[str, list[str]]
    distractors: int | None = None
    """How many non-relevant documents were drawn into `documents` (`with_distractors`); None: the whole corpus."""

    @property
    def corpus_description(self) -> str:
        """What `documents` holds, for a report: the whole corpus, or the draw that reproduces it."""
        if self.distractors is None:
            return f"{len(self.documents)} documents (the whole corpus)"
        return (
            f"{len(self.documents)} documents (every relevant one plus {self.distractors} others drawn with "
            f"random.Random({DISTRACTOR_SEED}).sample of the sorted other ids)"
        )


def with_distractors(beir: BeirSet, count: int) -> BeirSet:
    """`beir` with its corpus cut to every relevant document of its queries plus `count` others, drawn with a
    fixed seed from the sorted ids of the rest, so the same `count` gives the same corpus on every machine.

    Raises:
        InvalidOption: `count` is negative or more than the corpus has non-relevant documents.
    """
    relevant = {doc for grades in beir.qrels.values() for doc in grades}
    others = sorted(document.doc_id for document in beir.documents if document.doc_id not in relevant)
    if not 0 <= count <= len(others):
        raise InvalidOption(
            f"--distractors must be between 0 and {len(others)} (the corpus's non-relevant documents), got {count}"
        )
    kept = relevant | set(random.Random(DISTRACTOR_SEED).sample(others, count))
    return replace(beir, documents=[d for d in beir.documents if d.doc_id in kept], distractors=count)


def read_beir(folder: Path) -> BeirSet:
    """Load a BEIR folder; only queries with at least one positive judgement are kept.

    Raises:
        InvalidData: a missing or empty file, a row that is not of its form (`evals.rows`), a repeated id, a
            qrels line that is not `query-id<TAB>corpus-id<TAB>score` or names an unknown query or document, or
            qrels without a single positive judgement.
    """
    if not folder.is_dir():
        got = "no such folder" if not folder.exists() else "a file"
        raise data_error(folder, None, "--data", "a BEIR folder (corpus.jsonl, queries.jsonl, qrels.tsv)", got)
    corpus_path = folder / "corpus.jsonl"
    corpus = require_unique(corpus_path, read_rows(corpus_path, CorpusRow, _JSONL), "_id", lambda row: row.doc_id)
    documents = [
        SourceDocument(doc_id=n.row.doc_id, title=n.row.title or "", text=n.row.text, markdown=False) for n in corpus
    ]
    queries_path = folder / "queries.jsonl"
    asked = require_unique(queries_path, read_rows(queries_path, QueryRow, _JSONL), "_id", lambda row: row.query_id)
    queries = {n.row.query_id: n.row.text for n in asked}
    qrels = read_qrels(folder / "qrels.tsv", set(queries), {document.doc_id for document in documents})
    answers: dict[str, list[str]] = {}
    answers_path = folder / "answers.jsonl"
    if answers_path.is_file():
        rows = require_unique(
            answers_path, read_rows(answers_path, AnswersRow, _JSONL), "_id", lambda row: row.query_id
        )
        answers = {n.row.query_id: n.row.answers for n in rows}
    return BeirSet(corpus_path, documents, {q: queries[q] for q in qrels}, qrels, answers)


def read_qrels(path: Path, queries: set[str], documents: set[str]) -> dict[str, dict[str, int]]:
    """The positive judgements of a BEIR qrels file (an optional `query-id` header line, then tab-separated
    query id, corpus id and integer score), per query.

    Raises:
        InvalidData: a missing file, a malformed line, an unknown query or document, or no positive judgement.
    """
    qrels: dict[str, dict[str, int]] = {}
    for number, line in lines(path, "a BEIR qrels file (query-id<TAB>corpus-id<TAB>score)"):
        row = line.rstrip("\r\n").split("\t")
        if number == 1 and row[0] == "query-id":
            continue
        if len(row) != 3:
            raise data_error(path, number, "the line", "query-id<TAB>corpus-id<TAB>score", shown(line.rstrip()))
        query_id, doc_id, grade = row
        if not grade.strip().lstrip("-").isdigit():
            raise data_error(path, number, "score", "an integer", shown(grade))
        if query_id not in queries:
            raise data_error(path, number, "query-id", "an _id of queries.jsonl", shown(query_id))
        if doc_id not in documents:
            raise data_error(path, number, "corpus-id", "an _id of corpus.jsonl", shown(doc_id))
        if int(grade) > 0:
            qrels.setdefault(query_id, {})[doc_id] = int(grade)
    if not qrels:
        raise data_error(path, None, "the file", "judgements with at least one score above 0", "none above 0")
    return qrels
