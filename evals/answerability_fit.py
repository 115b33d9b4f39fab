"""Fit the retrieval agent's answerability model on a BEIR dev set, and report it cross-validated.

    python -m evals.answerability_fit BEIR_FOLDER [--folds 5] [--distractors N] [--write PATH]

A bad option value (`--folds`, `--distractors`, `--write`) or folder is one line and exit 2, as `relayboard eval`
reports it (`tools.command_exit`), checked before the corpus is embedded.

Each query gives two examples: as asked (answerable: its relevant documents are indexed) and with its relevant
documents taken out of the hits and of both retrievers' rankings (unanswerable, on the same topic). A logistic
regression over the signals of agents/retrieval/answerability.py separates them; its bar is the probability that
keeps `ANSWERED` of the answerable training questions answered, so the model trades declining for answering only
as far as that allows. The report gives k-fold figures (each query judged by a model and bar fitted without it)
and in-sample ones, beside the cosine bar alone. With `--distractors N` the corpus is every relevant document plus
N others drawn with a fixed seed (`evals.beir.with_distractors`), so a figure can be reproduced exactly; without
it, the whole corpus is indexed.
"""

import argparse
import asyncio
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

from agents.retrieval.answerability import SIGNALS
from evals.beir import BeirSet
from evals.json_output import check_writable
from evals.not_found import Signals, judge_ceiling, support_signals
from evals.report import markdown_table
from evals.retrieval import open_indexed_corpus, read_corpus
from tools.command_exit import run_command
from tools.embeddings import load_embedder
from tools.errors import InvalidOption
from tools.search import DocumentSearch
from tools.settings import StoreSettings

ANSWERED = 0.95
RIDGE = 1e-2
SEED = 20261203
PROG = "python -m evals.answerability_fit"
Array = npt.NDArray[np.float64]


def _matrix(values: list[dict[str, float]]) -> Array:
    return np.array([[v[name] for name in SIGNALS] for v in values], dtype=np.float64)


def fit_logistic(x: Array, y: Array, iterations: int = 50) -> tuple[Array, float]:
    """Weights and bias of an L2-regularised logistic regression (Newton's method) on raw signals."""
    design = np.hstack([x, np.ones((len(x), 1))])
    beta = np.zeros(design.shape[1])
    penalty = RIDGE * np.eye(design.shape[1])
    penalty[-1, -1] = 0.0
    for _ in range(iterations):
        p = 1 / (1 + np.exp(-(design @ beta)))
        gradient = design.T @ (p - y) + penalty @ beta
        hessian = design.T @ (design * (p * (1 - p))[:, None]) + penalty
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    return beta[:-1], float(beta[-1])


def probabilities(x: Array, weights: Array, bias: float) -> Array:
    return np.asarray(1 / (1 + np.exp(-(x @ weights + bias))), dtype=np.float64)


def fitted(answerable: Array, unanswerable: Array) -> tuple[Array, float, float]:
    """Weights, bias and the bar that answers `ANSWERED` of `answerable`."""
    x = np.vstack([answerable, unanswerable])
    y = np.concatenate([np.ones(len(answerable)), np.zeros(len(unanswerable))])
    weights, bias = fit_logistic(x, y)
    bar = float(np.quantile(probabilities(answerable, weights, bias), 1 - ANSWERED))
    return weights, bias, bar


def shares(answered_kept: npt.NDArray[np.bool_], answered_removed: npt.NDArray[np.bool_]) -> list[float]:
    kept, removed = float(np.mean(answered_kept)), 1 - float(np.mean(answered_removed))
    return [kept, removed, (kept + removed) / 2]


def cross_validate(signals: Signals, k: int) -> tuple[list[float], list[float]]:
    """k-fold and in-sample [answerable answered, answer removed declined, balanced accuracy]."""
    kept, removed = _matrix(signals.answerable), _matrix(signals.unanswerable)
    order = np.random.default_rng(SEED).permutation(len(kept))
    answered_kept = np.zeros(len(kept), dtype=bool)
    answered_removed = np.zeros(len(kept), dtype=bool)
    for fold in np.array_split(order, k):
        train = np.setdiff1d(order, fold)
        weights, bias, bar = fitted(kept[train], removed[train])
        answered_kept[fold] = probabilities(kept[fold], weights, bias) >= bar
        answered_removed[fold] = probabilities(removed[fold], weights, bias) >= bar
    weights, bias, bar = fitted(kept, removed)
    in_sample = shares(probabilities(kept, weights, bias) >= bar, probabilities(removed, weights, bias) >= bar)
    return shares(answered_kept, answered_removed), in_sample


def weights_module(weights: Array, bias: float, bar: float, folder: Path, beir: BeirSet) -> str:
    drawn = "" if beir.distractors is None else f" --distractors {beir.distractors}"
    lines = [
        '"""Fitted answerability model of the retrieval agent (agents/retrieval/answerability.py).',
        "",
        f"Written by `python -m evals.answerability_fit {folder.name}{drawn} --write "
        "agents/retrieval/answerability_weights.py`",
        f"(evals/answerability_fit.py) on the BEIR folder {folder.name}, {beir.corpus_description}:",
        "answerable queries against the same queries with their relevant documents removed.",
        f"BAR keeps {ANSWERED:.0%} of the answerable dev questions answered. Refit rather than edit by hand.",
        '"""',
        "",
        "WEIGHTS: dict[str, float] = {",
        *(f'    "{name}": {round(float(value), 4)},' for name, value in zip(SIGNALS, weights, strict=True)),
        "}",
        f"BIAS = {round(bias, 4)}",
        f"BAR = {round(bar, 4)}",
        "",
    ]
    return "\n".join(lines)


async def collect(beir: BeirSet) -> Signals:
    embedder = await load_embedder()
    store = await open_indexed_corpus(beir, embedder, StoreSettings().data_dir / "eval-cache")
    try:
        return await support_signals(beir, DocumentSearch(embedder, store))
    finally:
        await store.close()


def check_folds(k: int, queries: int) -> None:
    """Refuse a fold count that leaves a fold empty or nothing to train on.

    Raises:
        InvalidOption: `k` below 2 or above the number of judged queries.
    """
    if not 2 <= k <= queries:
        raise InvalidOption(f"--folds must be between 2 and {queries} (the judged queries), got {k}")


def main(folder: Path, k: int, distractors: int | None, write: Path | None) -> int:
    """Fit, print the report, and write the weights module when asked.

    Raises:
        InvalidData: an unusable BEIR folder, or a `write` path that cannot be written.
        InvalidOption: `k` or `distractors` out of range.
    """
    if write is not None:
        check_writable(write, "--write")
    beir = read_corpus(folder, distractors)
    check_folds(k, len(beir.queries))
    signals = asyncio.run(collect(beir))
    cross, in_sample = cross_validate(signals, k)
    support_kept = np.array([s["support"] for s in signals.answerable])
    support_removed = np.array([s["support"] for s in signals.unanswerable])
    cosine = np.quantile(support_kept, 1 - ANSWERED)
    rows: list[list[object]] = [
        ["cosine bar 0.45 (before)", *shares(support_kept >= 0.45, support_removed >= 0.45)],
        [
            f"cosine bar {cosine:.3f} (answers {ANSWERED:.0%}, in-sample)",
            *shares(support_kept >= cosine, support_removed >= cosine),
        ],
        [f"answerability model, {k}-fold", *cross],
        ["answerability model, in-sample", *in_sample],
    ]
    shown = float(np.mean(signals.answer_shown)) if signals.answer_shown else 1.0
    kept, declined = judge_ceiling(shown, ANSWERED)
    rows.append(
        [
            f"a perfect judge of the shown hits (ceiling; answer shown for {shown:.1%})",
            kept,
            declined,
            (kept + declined) / 2,
        ]
    )
    header = ["decision", "answerable answered", "answer removed declined", "balanced accuracy"]
    print(f"{folder.name}: {len(support_kept)} queries, {beir.corpus_description}\n\n{markdown_table(header, rows)}")
    weights, bias, bar = fitted(_matrix(signals.answerable), _matrix(signals.unanswerable))
    print("\n" + "\n".join(f"{name}: {value:+.4f}" for name, value in zip(SIGNALS, weights, strict=True)))
    print(f"bias: {bias:+.4f}\nbar: {bar:.4f}")
    if write is not None:
        write.write_text(weights_module(weights, bias, bar, folder, beir), encoding="utf-8")
        print(f"\nwrote {write}")
    return 0


def cli(argv: Sequence[str] | None = None) -> int:
    """`python -m evals.answerability_fit`: its exit status; a bad option is one line and 2, never a traceback."""
    parser = argparse.ArgumentParser(prog=PROG, description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="BEIR folder (corpus.jsonl, queries.jsonl, qrels.tsv)")
    parser.add_argument("--folds", type=int, default=5, help="cross-validation folds, 2 to the judged queries")
    parser.add_argument(
        "--distractors", type=int, metavar="N", help="index the relevant documents plus N drawn others (default: all)"
    )
    parser.add_argument("--write", type=Path, default=None, help="write the fitted weights module here")
    arguments = parser.parse_args(argv)
    return run_command(PROG, lambda: main(arguments.folder, arguments.folds, arguments.distractors, arguments.write))


if __name__ == "__main__":
    raise SystemExit(cli())
