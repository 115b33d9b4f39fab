"""Reading an evaluation folder in BEIR layout: corpus.jsonl, queries.jsonl, qrels.tsv (+ answers.jsonl)."""

import csv
from dataclasses import dataclass
from pathlib import Path

from evals.report import read_jsonl
from tools.documents import SourceDocument
from tools.errors import InvalidInput


@dataclass(frozen=True)
class BeirSet:
    """Documents, the judged queries, relevance grades per query, and optional gold answers."""

    corpus_path: Path
    documents: list[SourceDocument]
    queries: dict[str, str]
    qrels: dict[str, dict[str, int]]
    answers: dict[str, list[str]]


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
