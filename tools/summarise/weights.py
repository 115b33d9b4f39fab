"""Fitted weights of the sentence score (tools/summarise/features.py says what each feature is).

Written by `python -m evals.summary_fit shared/data/summarise --write tools/summarise/weights.py`
(evals/summary_fit.py) from the summarisation dev sets in the shared data's summarise/ folder:
dialogsum_dev.jsonl, news_dev.jsonl, scitldr_dev.jsonl, xsum_dev.jsonl. Refit rather than edit by hand.
"""

WEIGHTS: dict[str, float] = {
    "first": -0.5077,
    "lead": -0.0509,
    "inverse_position": 0.4714,
    "relative_position": -0.2129,
    "log_words": -0.0987,
    "log_content_words": 0.1444,
    "short": -0.1751,
    "question": 0.0055,
    "quote": 0.0139,
    "capitals": 0.0928,
    "title_overlap": 0.9395,
    "dialogue_first": 0.3091,
    "dialogue_inverse_position": 0.3466,
    "dialogue_relative_position": 0.1113,
    "centrality": -1.1894,
    "textrank": 0.9447,
}
