"""Summarising tools over MCP: `summarise_text`."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import asdict
from typing import Annotated

from mcp.server.mcpserver import Context, MCPServer
from pydantic import BaseModel, Field

from mcp_servers.errors import READ_ONLY, tool_errors
from tools.embeddings import Embedder, load_embedder
from tools.sentences import split_sentences
from tools.settings import EmbeddingSettings
from tools.summarise import summarise_extractive

MAX_TEXT_CHARS = 200_000


class SentenceOut(BaseModel):
    text: str
    start: int = Field(description="Offset of the sentence in the submitted text")
    end: int
    score: float


class SummaryOut(BaseModel):
    summary: str
    sentences: list[SentenceOut]
    source_sentences: int = Field(description="How many sentences the input had")


def create_server(embedding_settings: EmbeddingSettings) -> MCPServer:
    """The summarise server; the embedding model loads in its lifespan."""

    @asynccontextmanager
    async def lifespan(_: MCPServer) -> AsyncIterator[Embedder]:
        yield await load_embedder(embedding_settings)

    server = MCPServer(
        "relayboard-summarise",
        instructions="Summarise text extractively: the most central sentences, in their original order.",
        lifespan=lifespan,
    )

    @server.tool(annotations=READ_ONLY)
    async def summarise_text(
        text: Annotated[str, Field(description="The text to summarise", min_length=1, max_length=MAX_TEXT_CHARS)],
        ctx: Context[Embedder],
        max_sentences: Annotated[int, Field(description="Sentences in the summary at most", ge=1, le=50)] = 3,
    ) -> SummaryOut:
        """An extractive summary of `text`: its most representative sentences, with their offsets."""
        with tool_errors():
            chosen = await summarise_extractive(ctx.request_context.lifespan_context, text, max_sentences=max_sentences)
        return SummaryOut(
            summary=" ".join(sentence.text for sentence in chosen),
            sentences=[SentenceOut.model_validate(asdict(sentence)) for sentence in chosen],
            source_sentences=len(split_sentences(text)),
        )

    return server
