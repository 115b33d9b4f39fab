"""Where a summary's text comes from: a named document, an earlier step's findings, pasted text, or a collection."""

import re
from dataclasses import dataclass, field

from agents.arguments import fit_text
from agents.contracts import AgentTask, Passage
from agents.mcp_client import Toolbox
from agents.questions import document_named, instruction_of, text_to_summarise
from tools.errors import NotFound
from tools.inputs import MAX_SEARCH_LIMIT
from tools.names import COLLECTION_NAME_CHARS
from tools.results.retrieval import Document, SearchOut

GET_DOCUMENT, SEARCH_DOCUMENTS = "get_document", "search_documents"
COLLECTION_PASSAGES = MAX_SEARCH_LIMIT  # a collection is summarised from its best passages, as many as a search gives
PASTED = "question"  # the doc_id of text pasted into the request: offsets are into the question
_COLLECTION = re.compile(rf"\bcollection\s+[`'\"]?(?P<name>{COLLECTION_NAME_CHARS})", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class SourceText:
    """The passages to summarise, and what the reader should know about how they were gathered."""

    passages: list[Passage]
    notes: list[str] = field(default_factory=list)


async def gather(task: AgentTask, documents: Toolbox | None) -> SourceText:
    """The text to summarise, first match wins: a document id (given, or named in the question), an earlier
    step's findings, text pasted in the question, passages of a named collection.

    Raises:
        NotFound: the document id given with the request does not exist.
    """
    given = (task.summary or {}).get("doc_id")
    named = given or document_named(task.question)
    if named and documents is not None and documents.has(GET_DOCUMENT):
        try:
            return SourceText([await _document(named, task, documents)])
        except NotFound:
            if given:
                raise
    for previous in reversed(task.previous):
        if previous["found"] and previous["passages"]:
            return SourceText(list(previous["passages"]))
        if previous["found"] and previous["context"]:
            return SourceText(
                [Passage(doc_id=f"{previous['route']}-step", title="", start=0, text=previous["context"])]
            )
    pasted = text_to_summarise(task.question)
    if pasted:
        return SourceText([Passage(doc_id=PASTED, title="", start=task.question.find(pasted), text=pasted)])
    collection = _collection(task)
    if collection and documents is not None and documents.has(SEARCH_DOCUMENTS):
        return await _collection_passages(collection, task, documents)
    return SourceText([])


async def _document(doc_id: str, task: AgentTask, documents: Toolbox) -> Passage:
    arguments = {"doc_id": doc_id, **({"collection": task.collection} if task.collection else {})}
    document = await documents.call_as(GET_DOCUMENT, arguments, task, Document)
    return Passage(doc_id=document.doc_id, title=document.title, start=0, text=document.text)


def _collection(task: AgentTask) -> str | None:
    named = _COLLECTION.search(instruction_of(task.question))
    return named.group("name") if named else task.collection


async def _collection_passages(collection: str, task: AgentTask, documents: Toolbox) -> SourceText:
    query = fit_text(documents, SEARCH_DOCUMENTS, "query", task.question)
    arguments = {"query": query, "limit": COLLECTION_PASSAGES, "collection": collection}
    hits = (await documents.call_as(SEARCH_DOCUMENTS, arguments, task, SearchOut)).hits
    passages = [Passage(doc_id=hit.doc_id, title=hit.title, start=hit.start, text=hit.text) for hit in hits]
    notes = []
    if len(hits) >= COLLECTION_PASSAGES:
        notes.append(
            f"The collection `{collection}` has more text than one request reads: this summarises its "
            f"{COLLECTION_PASSAGES} passages that best match the request. Name a document to summarise all of it."
        )
    return SourceText(passages, notes)
