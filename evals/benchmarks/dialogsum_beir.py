"""A general-domain retrieval check beside SciFact: DialogSum written as a BEIR folder.

`python -m evals.benchmarks.dialogsum_beir OUT` writes OUT/{corpus.jsonl, queries.jsonl, qrels.tsv}: the corpus is
the 100 dev dialogues plus the 100 SciTLDR dev papers as distractors; each query is a dialogue's reference summary
(everyday English, in the third person) and its one relevant document is that dialogue (dialogues get no title).
Then: `relayboard eval retrieval --data OUT`.
"""

import json
import sys
from pathlib import Path

SUMMARISE = Path(__file__).resolve().parents[3] / "shared" / "data" / "summarise"


def write_beir(out: Path) -> int:
    """Write the folder; returns the number of queries."""
    dialogues = [json.loads(line) for line in (SUMMARISE / "dialogsum_dev.jsonl").open(encoding="utf-8")]
    papers = [json.loads(line) for line in (SUMMARISE / "scitldr_dev.jsonl").open(encoding="utf-8")]
    out.mkdir(parents=True, exist_ok=True)
    corpus = [{"_id": row["id"], "title": "", "text": row["document"]} for row in dialogues]
    corpus += [{"_id": f"scitldr-{row['id']}", "title": row["title"], "text": row["document"]} for row in papers]
    queries = [{"_id": f"q-{row['id']}", "text": row["references"][0]} for row in dialogues]
    (out / "corpus.jsonl").write_text("".join(json.dumps(row) + "\n" for row in corpus), encoding="utf-8")
    (out / "queries.jsonl").write_text("".join(json.dumps(row) + "\n" for row in queries), encoding="utf-8")
    qrels = "query-id\tcorpus-id\tscore\n" + "".join(f"q-{row['id']}\t{row['id']}\t1\n" for row in dialogues)
    (out / "qrels.tsv").write_text(qrels, encoding="utf-8")
    return len(queries)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python -m evals.benchmarks.dialogsum_beir OUT_DIR")
    if not SUMMARISE.is_dir():
        sys.exit(f"{SUMMARISE} is absent: this check needs ../shared/data")
    print(f"wrote {write_beir(Path(sys.argv[1]))} queries to {sys.argv[1]}")
