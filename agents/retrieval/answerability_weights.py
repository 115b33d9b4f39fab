"""Fitted answerability model of the retrieval agent (agents/retrieval/answerability.py).

Written by `python -m evals.answerability_fit FOLDER --write agents/retrieval/answerability_weights.py`
(evals/answerability_fit.py) on SciFact dev claims (the shared data's retrieval/scifact, all 535 queries)
over a 600-abstract corpus: every relevant abstract plus 225 others drawn with random.Random(20261203), because
indexing all 5,183 abstracts did not fit the shared CPU in the time available. Answerable queries against the same
queries with their relevant documents removed. BAR keeps 95% of the answerable dev questions answered.
Refit rather than edit by hand.
"""

WEIGHTS: dict[str, float] = {
    "support": 6.7294,
    "coverage": -1.5827,
    "entity_coverage": -0.0221,
    "margin": 0.1705,
    "dense_agreement": 0.3453,
    "bm25_agreement": 1.0521,
    "distinctive_coverage": 4.2571,
}
BIAS = -5.4177
BAR = 0.2075
