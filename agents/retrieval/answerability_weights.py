"""Fitted answerability weights (placeholder until fitted by gateway/evals/answerability_fit.py)."""

WEIGHTS: dict[str, float] = {
    "support": 10.0,
    "coverage": 0.0,
    "entity_coverage": 0.0,
    "margin": 0.0,
    "dense_agreement": 0.0,
    "bm25_agreement": 0.0,
}
BIAS = -4.5
BAR = 0.5
