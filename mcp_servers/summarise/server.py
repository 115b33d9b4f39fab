"""Summarising tools over MCP: `summarise_text` and `summarise_passages` (extractive, any length)."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import asdict
from typing import Annotated

from mcp.server.mcpserver import Context, MCPServer
from pydantic import BaseModel, Field

from mcp_servers.errors import READ_ONLY, ToolServer, tool_errors
from tools.embeddings import BatchingEmbedder, Embedder, load_embedder
from tools.errors import InvalidInput
from tools.inputs import MAX_SUMMARY_TEXT_CHARS, TOOL_INTEGER, MaxSentences, MaxWords, SummaryStyle, SummaryText
from tools.results.summarise import SentenceOut, SummaryOut, SupportCheckOut, SupportOut
from tools.settings import EmbeddingSettings
from tools.summarise.extractive import Summary, summarise_extractive
from tools.summarise.faithfulness import check_support
from tools.summarise.length import summary_length
from tools.summarise.units import Source

MAX_PASSAGES = 500

MaxSentencesIn = Annotated[
    MaxSentences, Field(description="Sentences in the summary at most (default: relative to the input)")
]
StyleIn = Annotated[
    SummaryStyle, Field(description="`paragraph`, `bullets` (one sentence per bullet) or `tldr` (one line)")
]


class PassageIn(BaseModel):
    """A passage of a document, e.g. a search hit."""

    doc_id: str = Field(min_length=1)
    title: str = ""
    text: str = Field(min_length=1)
    start: Annotated[int, Field(ge=0, description="Offset of the passage in its document"), TOOL_INTEGER] = 0


def _out(summary: Summary) -> SummaryOut:
    return SummaryOut(
        summary=summary.text,
        style=summary.style,
        sentences=[SentenceOut.model_validate(asdict(sentence)) for sentence in summary.sentences],
        source_sentences=summary.source_sentences,
        source_words=summary.source_words,
        rounds=summary.rounds,
        notes=summary.notes,
    )


def create_server(embedding_settings: EmbeddingSettings) -> MCPServer:
    """The summarise server; the embedding model loads in its lifespan."""

    @asynccontextmanager
    async def lifespan(_: MCPServer) -> AsyncIterator[Embedder]:
        yield BatchingEmbedder(await load_embedder(embedding_settings))  # concurrent summaries share encodes

    server = ToolServer(
        "relayboard-summarise",
        instructions="Summarise text extractively: the most representative sentences, in their original order, "
        "each with the document and offsets it came from. Long inputs are condensed by map-reduce.",
        lifespan=lifespan,
    )

    async def summarise(
        sources: list[Source], ctx: Context[Embedder], max_sentences: int | None, max_words: int | None, style: str
    ) -> SummaryOut:
        with tool_errors():
            length = summary_length(max_sentences, max_words, style)
            summary = await summarise_extractive(
                ctx.request_context.lifespan_context, sources, length, progress=ctx.report_progress
            )
        return _out(summary)

    @server.tool(annotations=READ_ONLY)
    async def summarise_text(
        text: SummaryText,
        ctx: Context[Embedder],
        max_sentences: MaxSentencesIn = None,
        max_words: MaxWords = None,
        style: StyleIn = "paragraph",
        doc_id: Annotated[str, Field(description="A name for the text, used in the sentences' doc_id")] = "text",
    ) -> SummaryOut:
        """An extractive summary of `text`: its most representative sentences, with their offsets."""
        return await summarise([Source(doc_id, "", text)], ctx, max_sentences, max_words, style)

    @server.tool(annotations=READ_ONLY)
    async def summarise_passages(
        passages: Annotated[
            list[PassageIn], Field(description="Passages of documents, e.g. search hits", min_length=1)
        ],
        ctx: Context[Embedder],
        max_sentences: MaxSentencesIn = None,
        max_words: MaxWords = None,
        style: StyleIn = "paragraph",
    ) -> SummaryOut:
        """One extractive summary over passages of one or more documents; each sentence cites its document and
        its offsets there."""
        with tool_errors():
            _check_size(passages)
        sources = [Source(p.doc_id, p.title, p.text, p.start) for p in passages]
        return await summarise(sources, ctx, max_sentences, max_words, style)

    @server.tool(annotations=READ_ONLY)
    async def check_summary_support(
        summary: Annotated[str, Field(description="A written summary", min_length=1, max_length=100_000)],
        passages: Annotated[list[PassageIn], Field(description="The source it summarises", min_length=1)],
        ctx: Context[Embedder],
    ) -> SupportCheckOut:
        """Faithfulness check: for each sentence of `summary`, the source sentence that supports it best and a
        support score; sentences the source does not clearly support are flagged."""
        with tool_errors():
            _check_size(passages)
            supports = await check_support(
                ctx.request_context.lifespan_context,
                summary,
                [Source(p.doc_id, p.title, p.text, p.start) for p in passages],
                progress=ctx.report_progress,
            )
        sentences = [SupportOut.model_validate(asdict(support)) for support in supports]
        return SupportCheckOut(sentences=sentences, unsupported=sum(not s.supported for s in sentences))

    return server


def _check_size(passages: list[PassageIn]) -> None:
    if len(passages) > MAX_PASSAGES:
        raise InvalidInput(f"{len(passages)} passages sent; the limit is {MAX_PASSAGES}: summarise them in groups")
    chars = sum(len(p.text) for p in passages)
    if chars > MAX_SUMMARY_TEXT_CHARS:
        raise InvalidInput(
            f"the passages have {chars} characters together; the limit is {MAX_SUMMARY_TEXT_CHARS}: "
            "summarise them in groups"
        )
