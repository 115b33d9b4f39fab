"""Summarising: extractive selection over sentence embeddings, map-reduce for long inputs, support checks."""

from tools.summarise.extractive import Progress, Summary, SummarySentence, summarise_extractive
from tools.summarise.faithfulness import Support, check_support
from tools.summarise.length import STYLES, Style, SummaryLength, render, summary_length
from tools.summarise.mapreduce import map_reduce, split_parts
from tools.summarise.units import Source

__all__ = [
    "STYLES",
    "Progress",
    "Source",
    "Style",
    "Summary",
    "SummaryLength",
    "SummarySentence",
    "Support",
    "check_support",
    "map_reduce",
    "render",
    "split_parts",
    "summarise_extractive",
    "summary_length",
]
