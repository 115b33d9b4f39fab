"""Answers from the SQL server's schema-grounded proposals (`propose_queries`), used when no curated query fits."""

from typing import Any

from agents.contracts import Caller
from agents.mcp_client import Toolbox

PROPOSE_TOOL = "propose_queries"


def shown_sql(sql: str) -> str:
    return f"SQL:\n```sql\n{sql}\n```"


def suggestion(proposal: dict[str, Any]) -> str:
    """The nearest candidate as a SELECT the user can run, and what it leaves out; empty when there is none."""
    candidates = proposal.get("candidates") or []
    if not candidates:
        return ""
    nearest = candidates[0]
    left = nearest.get("uncovered") or []
    caveat = f" It does not account for {', '.join(repr(word) for word in left)}." if left else ""
    return f"The nearest query I can build ({nearest['description']}), not run:\n{shown_sql(nearest['sql'])}{caveat}"


async def propose(toolbox: Toolbox, question: str, caller: Caller) -> dict[str, Any]:
    """The server's verdict and ranked candidates for `question`.

    Raises:
        InvalidInput, UpstreamUnavailable: as the tool reports them.
    """
    result: dict[str, Any] = await toolbox.call(PROPOSE_TOOL, {"question": question}, caller)
    return result
