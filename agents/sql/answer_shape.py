"""Whether a curated query answers what a question asks: its measure and subject, and the shape of its rows.

A curated query that covers every word of a question can still answer another one. "Top N genres by tracks
sold" does not answer "list all genres" (every genre, not N), "which genre has the most tracks" (one genre, and
tracks in the catalogue, not tracks sold) or "the five genres with most tracks" (a different measure). The query's
shape (`tools.sql.curated.Shape`, read from its SQL) and its `mentions` (words the question must name) decide.
"""

import re
from typing import Any

from agents.mcp_client import ToolSpec
from agents.sql.matching import content_stems, stem, words
from tools.sql.curated import COLUMNS_META_KEY, GROUPED_META_KEY, LIMIT_META_KEY, MENTIONS_META_KEY, SHAPE_META_KEY

_ASKS_COUNT = re.compile(r"\bhow many\b|\bnumber of\b|\bcount\b|\bhow much\b", re.IGNORECASE)
_COUNT_DESCRIPTION = re.compile(r"^(?:total\s+)?number of\b", re.IGNORECASE)
# "how many genres are there" asks for one figure; "how many tracks per genre", "the most albums" ask for groups
_GROUPS_ASKED = re.compile(
    r"\b(?:each|per|every|by|breakdown|most|least|fewest|top|best|worst|highest|lowest|largest|biggest|smallest)\b",
    re.IGNORECASE,
)
_PER_GROUP = re.compile(r"\b(?:each|per|every|breakdown)\b", re.IGNORECASE)
_RANKING = re.compile(
    r"\b(?:most|least|fewest|top|best|worst|highest|lowest|largest|biggest|smallest|longest|shortest|greatest)\b",
    re.IGNORECASE,
)
# "Give first and last names", "their last name", "surnames": the name asked for in parts
_NAME_PARTS = re.compile(r"\b(?:first|last|given|family)\s+(?:and\s+\w+\s+)?names?\b|\bsurnames?\b", re.IGNORECASE)


def answers_a_count_only(question: str, tool: ToolSpec) -> bool:
    """A query that returns one count ("Number of ...") does not answer "which tracks were never bought?"."""
    return bool(_COUNT_DESCRIPTION.match(tool.description)) and not _ASKS_COUNT.search(question)


def answers_groups_not_a_count(question: str, tool: ToolSpec) -> bool:
    """A query with a row per group does not answer "how many X are there?", which asks for one count."""
    return (
        bool(tool.meta.get(GROUPED_META_KEY))
        and bool(_ASKS_COUNT.search(question))
        and not _GROUPS_ASKED.search(question)
    )


def unmentioned(question: str, tool: ToolSpec) -> list[str]:
    """The tool's `mentions` entries (`sold|sell|sales`) none of whose words the question names, by stem."""
    asked = {stem(word) for word in words(question)}
    return [entry for entry in tool.meta.get(MENTIONS_META_KEY) or [] if not asked & _stems(entry)]


def shape_mismatch(question: str, tool: ToolSpec, arguments: dict[str, Any]) -> str | None:
    """Why the rows `tool` returns with `arguments` are not what `question` asks for, or None when they are.

    `arguments` are those read from the question: a top-N query whose LIMIT has none was not told how many.
    """
    shape, columns = tool.meta.get(SHAPE_META_KEY), [str(c) for c in tool.meta.get(COLUMNS_META_KEY) or []]
    ranked = bool(_RANKING.search(question))
    if _NAME_PARTS.search(question) and not any(re.search("first|last|given|family|surname", c) for c in columns):
        return "returns whole names, but the question asks for names in parts"
    if shape == "figure" and (ranked or _PER_GROUP.search(question)):
        return "returns one figure, but the question asks for a row per group or a ranking"
    if shape == "rows" and _ASKS_COUNT.search(question):
        return "returns rows, but the question asks for a count"
    if shape == "rows" and ranked:
        return "returns rows in no ranking, but the question asks for the top ones"
    if shape == "rows":
        asked = content_stems(question)
        extra = [column for column in columns[1:] if not asked & content_stems(column.replace("_", " "))]
        if extra:
            return f"also returns {', '.join(extra)}, which the question does not ask for"
    if shape == "groups" and ranked:
        return "returns every group, but the question asks for the top ones"
    limit = tool.meta.get(LIMIT_META_KEY)
    if shape == "top" and limit is not None:
        if not ranked:
            return "returns the top rows of a ranking, but the question asks for no ranking"
        if limit not in arguments:
            return "returns the top N, but the question does not say how many"
        if arguments[limit] == 1 and len(columns) > 1 and not _ASKS_COUNT.search(question):
            # "which genre sells most" asks for the genre: the units sold beside it are a column nobody asked for
            return f"returns {', '.join(columns[1:])} as well, but the question asks only which one"
    return None


def _stems(entry: str) -> set[str]:
    return {stem(word) for word in entry.split("|")}
