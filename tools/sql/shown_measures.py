"""A ranking that is asked to show its measure ("top 5 genres by number of tracks, with the count"; "... and the
track count") shows it: a reading that orders by an aggregate it leaves out of the answer does not answer it.

Without such words a ranking shows only its winners ("the 5 genres with the most tracks"), as before.
"""

import re

from tools.sql.candidate import AGGREGATES, Candidate

# "with the count", "and the track count", "plus their totals", "showing the number of tracks"
_ASKED_MEASURE = re.compile(
    r"\b(?:with|and|plus|showing|show|including)\s+(?:the|their|its|a)?\s*(?:[a-z]+\s+)?"
    r"(?:count|counts|number|numbers|total|totals|tally|sum)\b",
    re.IGNORECASE,
)


def measure_left_out(written: str, candidate: Candidate) -> list[str]:
    """The words asking to show the measure, when `candidate` ranks by an aggregate it does not select."""
    asked = _ASKED_MEASURE.search(written)
    if asked is None or not candidate.order:
        return []
    ranked = any(order.find(*AGGREGATES) is not None for order in candidate.order)
    return [asked.group(0)] if ranked and not candidate.selects(*AGGREGATES) else []
