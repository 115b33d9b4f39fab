"""`propose_queries`: candidate SELECTs built from the database itself, ranked, with a decide-or-decline verdict."""

from typing import Annotated

from mcp.server.mcpserver import Context, MCPServer
from pydantic import Field

from mcp_servers.errors import READ_ONLY, tool_errors
from mcp_servers.sql.caller import database_for
from tools.names import VISIBLE_TEXT_PATTERN
from tools.results.sql import ProposalOut
from tools.sql.database import Database
from tools.sql.proposals import QueryProposer
from tools.visible_text import VISIBLE_TEXT

MAX_QUESTION_CHARS = 1_000


def register_proposals(server: MCPServer, proposer: QueryProposer, database: Database) -> None:
    """Add the read-only `propose_queries` tool over `proposer`; candidates use only tables the caller may read."""

    @server.tool(annotations=READ_ONLY)
    async def propose_queries(
        question: Annotated[
            str,
            Field(
                description="A question about the data, in words",
                min_length=1,
                max_length=MAX_QUESTION_CHARS,
                pattern=VISIBLE_TEXT_PATTERN,
            ),
            VISIBLE_TEXT,
        ],
        ctx: Context[Database],
        relearn: Annotated[
            bool, Field(description="Read the database's tables and values again before proposing")
        ] = False,
    ) -> ProposalOut:
        """SELECTs that may answer `question`, built from the schema, keys and stored values, best first.

        `decision` is `answer` only when one candidate accounts for every word, value and number of the question
        and no other reading is as plain; otherwise the candidates are suggestions to show, not answers.
        """
        with tool_errors():
            if relearn:
                await proposer.refresh()
            proposal = await proposer.propose(question, database_for(database, ctx))
        return ProposalOut.from_proposal(question, proposal)
