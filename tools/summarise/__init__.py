"""Summarising: extractive selection over sentence embeddings (`extractive`), map-reduce for long inputs
(`mapreduce`), support checks (`faithfulness`), summary length and style (`length`).

Import from the modules: this package imports none of them, so reading the summary styles (tools/inputs.py) does not
load the embedding stack.
"""
