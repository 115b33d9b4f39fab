"""Answers from the SQL server's schema-grounded proposals (`propose_queries`), used when no curated query fits."""

from agents.contracts import Caller
from agents.mcp_client import Toolbox
from tools.results.sql import ProposalOut

PROPOSE_TOOL = "propose_queries"


def shown_sql(sql: str) -> str:
    return f"SQL:\n```sql\n{sql}\n```"


def suggestion(proposal: ProposalOut) -> str:
    """The nearest candidate as a SELECT the user can run, and what it leaves out; empty when there is none."""
    if not proposal.candidates:
        return ""
    nearest = proposal.candidates[0]
    left = nearest.uncovered
    caveat = f" It does not account for {', '.join(repr(word) for word in left)}." if left else ""
    return f"The nearest query I can build ({nearest.description}), not run:\n{shown_sql(nearest.sql)}{caveat}"


async def propose(toolbox: Toolbox, question: str, caller: Caller) -> ProposalOut:
    """The server's verdict and ranked candidates for `question`.

    Raises:
        InvalidInput, UpstreamUnavailable: as the tool reports them.
    """
    return await toolbox.call_as(PROPOSE_TOOL, {"question": question}, caller, ProposalOut)
