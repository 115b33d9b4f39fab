"""Fit the extractive summariser's sentence weights on summarisation dev sets, and report them cross-validated.

    python -m evals.summary_fit DEV_FOLDER [--folds 5] [--limit N] [--write tools/summarise/weights.py]

A bad option value (`--folds`, `--limit`, `--write`) or folder is one line and exit 2, as `relayboard eval`
reports it (`tools.command_exit`), checked before anything is embedded.

Each sentence of each document is labelled by whether it belongs to the greedy oracle summary (the Lead-k
baseline's number of sentences whose joint mean ROUGE-1/2/L F1 against the references is highest), standardised
within its document so only the order inside a document is learned, and a ridge regression over the features of
tools/summarise/features.py predicts it (a linear probability model: a score to rank by, not a probability).
Every document weighs the same within its file and every file the same, so no one set decides the weights. The
report shows, per dev file, ours at the Lead-k baseline's length and at the default length beside Lead-k: from
k-fold cross-validation (each document scored by weights fitted without it) and from the weights fitted on
everything (which are the ones written).
"""

import argparse
import asyncio
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from evals.data_files import data_error
from evals.json_output import check_writable
from evals.report import markdown_table
from evals.rows import SummaryRow
from evals.summarise import Score, eval_embedder, lead_size, read_summary_rows, rouge, score_rows
from tools.command_exit import run_command
from tools.embeddings import Embedder
from tools.errors import InvalidOption
from tools.summarise.extractive import embed_units
from tools.summarise.features import FEATURES, layout_features, without_speaker
from tools.summarise.scoring import feature_matrix
from tools.summarise.units import Source, units_of

RIDGE = 1.0
SEED = 20261203
PROG = "python -m evals.summary_fit"


@dataclass(frozen=True)
class Labelled:
    """One document's sentence features and standardised labels, the file it came from, and its row."""

    dataset: str
    row: SummaryRow
    features: np.ndarray
    labels: np.ndarray


async def labelled(dataset: str, row: SummaryRow, embedder: Embedder, score: Score) -> Labelled | None:
    """The document's features and labels, or None when it has fewer than two sentences."""
    sources = [Source(row.id, row.title or "", row.document)]
    units = units_of(sources)
    if len(units) < 2:
        return None
    texts = [sources[0].text[unit.start : unit.end] for unit in units]
    vectors = await embed_units(embedder, [without_speaker(text) for text in texts])
    features = feature_matrix(vectors, layout_features(units, texts, [sources[0].title]))
    chosen = oracle(texts, row.references, score, lead_size(row.references))
    member = np.array([1.0 if i in chosen else 0.0 for i in range(len(texts))])
    return Labelled(dataset, row, features, (member - member.mean()) / (member.std() or 1.0))


def oracle(texts: list[str], references: list[str], score: Score, k: int) -> set[int]:
    """Greedily the sentences (at most `k`) whose joint summary scores best against the references."""
    chosen: list[int] = []
    best = 0.0
    while len(chosen) < k:
        trials = {
            i: float(np.mean(list(score(references, " ".join(texts[j] for j in sorted([*chosen, i]))).values())))
            for i in range(len(texts))
            if i not in chosen
        }
        if not trials:
            break
        pick = max(trials, key=lambda i: trials[i])
        if trials[pick] <= best:
            break
        chosen.append(pick)
        best = trials[pick]
    return set(chosen)


def fit(documents: list[Labelled]) -> dict[str, float]:
    """Ridge weights over `FEATURES`, each document weighing 1 / its sentences / its file's documents."""
    per_file = {name: sum(1 for d in documents if d.dataset == name) for name in {d.dataset for d in documents}}
    x = np.vstack([d.features for d in documents])
    y = np.concatenate([d.labels for d in documents])
    w = np.concatenate([np.full(len(d.labels), 1.0 / len(d.labels) / per_file[d.dataset]) for d in documents])
    mean = np.average(x, axis=0, weights=w)
    centred = x - mean
    gram = centred.T @ (centred * w[:, None]) + RIDGE * np.eye(x.shape[1]) * w.sum() / len(w)
    coefficients = np.linalg.solve(gram, centred.T @ (w * y))
    return {name: round(float(value), 4) for name, value in zip(FEATURES, coefficients, strict=True)}


def folds(documents: list[Labelled], k: int) -> list[list[int]]:
    """`k` folds of document indices, each file spread evenly over them (shuffled with a fixed seed)."""
    rng = np.random.default_rng(SEED)
    assigned: list[list[int]] = [[] for _ in range(k)]
    for name in sorted({d.dataset for d in documents}):
        members = [i for i, d in enumerate(documents) if d.dataset == name]
        for position, index in enumerate(rng.permutation(members)):
            assigned[position % k].append(int(index))
    return assigned


async def scored(
    documents: list[Labelled], embedder: Embedder, score: Score, weights: Mapping[str, float]
) -> dict[str, dict[str, list[dict[str, float]]]]:
    """Per file, per system, the ROUGE of each document's summary with `weights`."""
    by_file: dict[str, dict[str, list[dict[str, float]]]] = {}
    for name in sorted({d.dataset for d in documents}):
        rows = [d.row for d in documents if d.dataset == name]
        systems, _ = await score_rows(rows, embedder, score, weights=weights)
        by_file[name] = systems
    return by_file


def report(title: str, by_file: dict[str, dict[str, list[dict[str, float]]]]) -> str:
    header = ["dev set", "system", "ROUGE-1", "ROUGE-2", "ROUGE-L", "compression"]
    rows: list[list[object]] = []
    for name, systems in by_file.items():
        for system, results in systems.items():
            means = [float(np.mean([r[key] for r in results])) for key in ("rouge1", "rouge2", "rougeL", "compression")]
            rows.append([name, system, *means])
    return f"{title}\n\n{markdown_table(header, rows)}"


def weights_module(weights: Mapping[str, float], folder: Path) -> str:
    names = [path.name for path in folder.glob("*.jsonl")]
    lines = [
        '"""Fitted weights of the sentence score (tools/summarise/features.py says what each feature is).',
        "",
        "Written by `python -m evals.summary_fit shared/data/summarise --write tools/summarise/weights.py`",
        "(evals/summary_fit.py) from the summarisation dev sets in the shared data's summarise/ folder:",
        f"{', '.join(sorted(names))}. Refit rather than edit by hand.",
        '"""',
        "",
        "WEIGHTS: dict[str, float] = {",
        *(f'    "{name}": {value},' for name, value in weights.items()),
        "}",
        "",
    ]
    return "\n".join(lines)


Results = dict[str, dict[str, list[dict[str, float]]]]


async def cross_validate(files: dict[str, list[SummaryRow]], k: int) -> tuple[Results, Results, dict[str, float]]:
    """The k-fold results, the results of the weights fitted on everything, and those weights."""
    embedder = eval_embedder()
    score = rouge()
    documents: list[Labelled] = []
    try:
        for name, rows in files.items():
            for row in rows:
                document = await labelled(name, row, embedder, score)
                if document is not None:
                    documents.append(document)
            print(f"labelled {name}", file=sys.stderr)
        cross: Results = {}
        for number, held_out in enumerate(folds(documents, k), start=1):
            held = set(held_out)
            weights = fit([d for i, d in enumerate(documents) if i not in held])
            part = await scored([documents[i] for i in held_out], embedder, score, weights)
            for name, systems in part.items():
                for system, results in systems.items():
                    cross.setdefault(name, {}).setdefault(system, []).extend(results)
            print(f"fold {number} of {k} scored", file=sys.stderr)
        final = fit(documents)
        everything = await scored(documents, embedder, score, final)
    finally:
        embedder.save()
    return cross, everything, final


def read_dev_files(folder: Path, k: int, write: Path | None, limit: int | None) -> dict[str, list[SummaryRow]]:
    """The first `limit` rows of each JSONL file of `folder`, once the options are known to be usable.

    Raises:
        InvalidData: `folder` holds no JSONL file, a file is not of summarisation rows, or `write` is unwritable.
        InvalidOption: `limit` below 1, or `k` below 2 or above the rows read.
    """
    if limit is not None and limit < 1:
        raise InvalidOption(f"--limit must be a number of rows, at least 1, got {limit}")
    if write is not None:
        check_writable(write, "--write")
    paths = sorted(folder.glob("*.jsonl")) if folder.is_dir() else []
    if not paths:
        got = "no such folder" if not folder.exists() else "a folder without one" if folder.is_dir() else "a file"
        raise data_error(folder, None, "DEV_FOLDER", "a folder of summarisation JSONL files", got)
    files = {path.stem: read_summary_rows(path)[:limit] for path in paths}
    rows = sum(len(rows) for rows in files.values())
    if not 2 <= k <= rows:
        raise InvalidOption(f"--folds must be between 2 and {rows} (the rows read), got {k}")
    return files


def main(folder: Path, k: int, write: Path | None, limit: int | None) -> int:
    """Fit, print the report, and write the weights module when asked.

    Raises:
        InvalidData, InvalidOption: as `read_dev_files`.
    """
    files = read_dev_files(folder, k, write, limit)
    cross, everything, final = asyncio.run(cross_validate(files, k))
    print(report(f"{k}-fold cross-validated (each document scored by weights fitted without it)", cross))
    print()
    print(report("Fitted on all dev documents (the weights below)", everything))
    print()
    print("\n".join(f"{name}: {value:+.4f}" for name, value in final.items()))
    if write is not None:
        write.write_text(weights_module(final, folder), encoding="utf-8")
        print(f"\nwrote {write}")
    return 0


def cli(argv: Sequence[str] | None = None) -> int:
    """`python -m evals.summary_fit`: its exit status; a bad option is one line and 2, never a traceback."""
    parser = argparse.ArgumentParser(prog=PROG, description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="folder of summarisation dev JSONL files")
    parser.add_argument("--folds", type=int, default=5, help="cross-validation folds, 2 to the rows read")
    parser.add_argument("--write", type=Path, default=None, help="write the fitted weights module here")
    parser.add_argument("--limit", type=int, default=None, help="only the first N rows of each file (iterating)")
    arguments = parser.parse_args(argv)
    return run_command(PROG, lambda: main(arguments.folder, arguments.folds, arguments.write, arguments.limit))


if __name__ == "__main__":
    raise SystemExit(cli())
