"""The SQL agent: governed read-only answers from the database."""

from agents.sql.agent import SqlAgent

__all__ = ["SqlAgent"]
