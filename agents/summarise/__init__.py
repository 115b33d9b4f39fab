"""The summarise agent: summarises pasted text or an earlier step's findings."""

from agents.summarise.agent import SummariseAgent

__all__ = ["SummariseAgent"]
