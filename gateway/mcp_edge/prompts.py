"""The edge's prompts, which IDEs offer as slash commands: each asks the model to use the edge's tools for one job."""

from typing import Annotated

from mcp.server.mcpserver import MCPServer
from pydantic import Field

from gateway.mcp_edge.resources import document_uri
from gateway.mcp_edge.system_handle import EdgeSystem

DocId = Annotated[str, Field(description="A document id (from search_documents, a citation or resources/list)")]
CollectionArg = Annotated[str, Field(description="The document collection; default: docs")]
PROMPT_TOOLS = {  # the edge tools each prompt asks the model to use: a key that may not call one is not shown it
    "summarise_document": ("get_document", "summarise"),
    "explain_table": ("describe_table", "run_sql"),
    "ask_collection": ("ask", "search_documents"),
}


def register_prompts(server: MCPServer[EdgeSystem]) -> None:
    """Add the prompts: summarise a document, explain a table, ask about a collection."""

    @server.prompt(
        "summarise_document",
        title="Summarise a document",
        description="Summarise one indexed document, citing its passages.",
    )
    def summarise_document(doc_id: DocId, collection: CollectionArg = "docs") -> str:
        return (
            f"Read the document `{doc_id}` in the `{collection}` collection (the resource "
            f"{document_uri(collection, doc_id)}, or the get_document tool), then call the summarise tool on its "
            "text and present the summary, quoting the character offsets of the sentences it chose."
        )

    @server.prompt(
        "explain_table",
        title="Explain a database table",
        description="Explain what one SQL table holds, its keys and how it joins to others.",
    )
    def explain_table(table: Annotated[str, Field(description="A table name (see list_tables)")]) -> str:
        return (
            f"Call describe_table on `{table}`. Explain in plain words what one row is, what each column means, "
            "the primary and foreign keys and which tables it joins to; then give one useful read-only SELECT "
            "over it and run it with run_sql to show a few rows."
        )

    @server.prompt(
        "ask_collection",
        title="Ask about a collection",
        description="Answer a question from one document collection, with numbered citations.",
    )
    def ask_collection(
        question: Annotated[str, Field(description="The question to answer from the documents")],
        collection: CollectionArg = "docs",
    ) -> str:
        return (
            f"Answer this question from the `{collection}` collection: {question}\n"
            f"Call the ask tool with collection `{collection}`; if its answer is not found, use search_documents "
            "to look for the passages yourself. Cite every claim with its document and offsets; say plainly when "
            "the documents do not answer it."
        )
