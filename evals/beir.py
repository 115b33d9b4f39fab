"""Reading an evaluation folder in BEIR layout: corpus.jsonl, queries.jsonl, qrels.tsv (+ answers.jsonl)."""

import csv
import random
from dataclasses import dataclass, replace
from pathlib import Path

from evals.report import read_jsonl
from tools.documents import SourceDocument
from tools.errors import InvalidInput

DISTRACTOR_SEED = 20261203


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
        InvalidInput: `count` is negative or more than the corpus has non-relevant documents.
    """
    relevant = {doc for grades in beir.qrels.values() for doc in grades}
    others = sorted(document.doc_id for document in beir.documents if document.doc_id not in relevant)
    if not 0 <= count <= len(others):
        raise InvalidInput(f"distractors must be between 0 and {len(others)} (the non-relevant documents), not {count}")
    kept = relevant | set(random.Random(DISTRACTOR_SEED).sample(others, count))
    return replace(beir, documents=[d for d in beir.documents if d.doc_id in kept], distractors=count)


def read_beir(folder: Path) -> BeirSet:
    """Load a BEIR folder; only queries with at least one positive judgement are kept.

    Raises:
        InvalidInput: a missing file, a malformed line, or qrels that name unknown queries or documents.
    """
    if not folder.is_dir():
        raise InvalidInput(f"{folder} is not a folder: pass a BEIR folder (corpus.jsonl, queries.jsonl, qrels.tsv)")
    corpus_path = folder / "corpus.jsonl"
    documents = [
        SourceDocument(doc_id=str(row["_id"]), title=str(row.get("title") or ""), text=str(row["text"]), markdown=False)
        for row in read_jsonl(corpus_path, ("_id", "text"))
    ]
    queries = {str(row["_id"]): str(row["text"]) for row in read_jsonl(folder / "queries.jsonl", ("_id", "text"))}
    qrels_path = folder / "qrels.tsv"
    if not qrels_path.is_file():
        raise InvalidInput(f"{qrels_path} is missing: BEIR relevance judgements (query-id, corpus-id, score)")
    known = {document.doc_id for document in documents}
    qrels: dict[str, dict[str, int]] = {}
    with qrels_path.open(encoding="utf-8") as handle:
        for number, row in enumerate(csv.reader(handle, delimiter="\t"), start=1):
            if number == 1 and row and row[0] == "query-id":
                continue
            if len(row) != 3 or not row[2].lstrip("-").isdigit():
                raise InvalidInput(f"{qrels_path}:{number} is not `query-id<TAB>corpus-id<TAB>score`")
            query_id, doc_id, score = row[0], row[1], int(row[2])
            if query_id not in queries or doc_id not in known:
                raise InvalidInput(f"{qrels_path}:{number} names an unknown query or document ({query_id}, {doc_id})")
            if score > 0:
                qrels.setdefault(query_id, {})[doc_id] = score
    answers: dict[str, list[str]] = {}
    if (folder / "answers.jsonl").is_file():
        rows = read_jsonl(folder / "answers.jsonl", ("_id", "answers"))
        answers = {str(row["_id"]): [str(answer) for answer in row["answers"]] for row in rows}
    return BeirSet(corpus_path, documents, {q: queries[q] for q in qrels}, qrels, answers)
