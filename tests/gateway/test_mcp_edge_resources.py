"""Documents as MCP resources and the edge's prompts, as the MCP SDK client sees them over HTTP and stdio."""

from pathlib import Path
from typing import Any

import pytest
from mcp.client import Client as SdkClient
from mcp.client.session import ClientSession
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.exceptions import MCPError

from agents.contracts import ANONYMOUS, Principal
from gateway.mcp_edge import create_edge_server, fixed_system
from gateway.mcp_edge.resources import TEMPLATE
from gateway.settings import GatewaySettings
from tests.support.fake_system import FakeSystem, fake_app
from tests.support.relayboard_mcp import proxied_session
from tests.support.served import listening_socket, served
from tools.errors import NotFound

PROMPTS = {"summarise_document", "explain_table", "ask_collection"}


class Library:
    """The retrieval calls the edge's resources make, answered from two collections of numbered documents."""

    def __init__(self, sizes: dict[str, int]) -> None:
        self.docs = {name: [f"{name}-{n:03d}.md" for n in range(size)] for name, size in sizes.items()}

    async def call_tool(
        self, agent: str, tool: str, arguments: dict[str, Any], *, principal: Principal = ANONYMOUS
    ) -> dict[str, Any]:
        if tool == "list_collections":
            return {"collections": [{"name": name} for name in self.docs]}
        if tool == "list_documents":
            ids, offset, limit = self.docs[arguments["collection"]], arguments["offset"], arguments["limit"]
            page = [{"doc_id": i, "title": "", "length": 10} for i in ids[offset : offset + limit]]
            return {"documents": page, "next_offset": offset + limit if offset + limit < len(ids) else None}
        if arguments["doc_id"] not in self.docs.get(arguments["collection"], []):
            raise NotFound(f"no document with id {arguments['doc_id']!r}")
        return {"doc_id": arguments["doc_id"], "title": "", "text": "Body."}


async def test_resources_list_pages_through_every_collection_without_repeating_a_document() -> None:
    library = Library({"docs": 150, "notes": 30})
    async with SdkClient(create_edge_server(fixed_system(lambda: library))) as client:  # type: ignore[arg-type, return-value]
        pages: list[list[str]] = []
        cursor: str | None = None
        while len(pages) < 10:
            page = await client.list_resources(cursor=cursor)
            pages.append([str(resource.uri) for resource in page.resources])
            if (cursor := page.next_cursor) is None:
                break
        with pytest.raises(MCPError, match="is not a cursor from resources/list"):
            await client.list_resources(cursor="nope:3")
        read = await client.read_resource("relayboard://collections/notes/documents/notes-007.md")
    assert [len(page) for page in pages] == [100, 80]
    every = [uri for page in pages for uri in page]
    assert len(set(every)) == 180 and every[0] == "relayboard://collections/docs/documents/docs-000.md"
    assert every[-1] == "relayboard://collections/notes/documents/notes-029.md"
    assert read.contents[0].text == "# notes-007.md\n\nBody."  # type: ignore[union-attr]


async def _tour(session: ClientSession) -> dict[str, Any]:
    """Everything an IDE asks of the resources and prompts, once."""
    listed = (await session.list_resources()).resources
    first = next(resource for resource in listed if resource.name.endswith(".md"))
    with pytest.raises(MCPError) as missing:
        await session.read_resource("relayboard://collections/docs/documents/nope.md")
    prompt = await session.get_prompt("summarise_document", {"doc_id": first.name})
    return {
        "listed": listed,
        "first": first,
        "templates": [t.uri_template for t in (await session.list_resource_templates()).resource_templates],
        "read": (await session.read_resource(str(first.uri))).contents[0],
        "missing": str(missing.value),
        "prompts": {p.name for p in (await session.list_prompts()).prompts},
        "prompt": prompt.messages[0].content.text,  # type: ignore[union-attr]
    }


def _check(tour: dict[str, Any]) -> None:
    first = tour["first"]
    assert all(str(r.uri).startswith("relayboard://collections/docs/documents/") for r in tour["listed"])
    assert tour["templates"] == [TEMPLATE]
    assert tour["read"].mime_type == "text/markdown" and tour["read"].text.startswith("# ")
    assert len(tour["read"].text) > 200, first.name
    assert "no document with id 'nope.md'" in tour["missing"]
    assert tour["prompts"] == PROMPTS
    assert f"`{first.name}`" in tour["prompt"] and "summarise tool" in tour["prompt"]


@pytest.mark.e2e
async def test_documents_are_resources_and_prompts_are_offered_over_http(gateway_url: str) -> None:
    async with streamable_http_client(f"{gateway_url}/mcp") as (read, write):
        async with ClientSession(read, write) as session:
            hello = await session.initialize()
            tour = await _tour(session)
    _check(tour)
    resources = hello.capabilities.resources
    assert resources is not None and not resources.subscribe and not resources.list_changed
    assert hello.capabilities.prompts is not None and not hello.capabilities.prompts.list_changed


@pytest.mark.e2e
async def test_documents_and_prompts_reach_an_ide_on_stdio_through_the_gateway(
    gateway_url: str, gateway_data_dir: Path, tmp_path: Path
) -> None:
    errlog = tmp_path / "stderr.log"
    async with proxied_session(gateway_url, gateway_data_dir, errlog, within_s=120) as (session, hello):
        tour = await _tour(session)
    _check(tour)
    assert hello.capabilities.resources is not None and hello.capabilities.prompts is not None


@pytest.mark.parametrize(
    ("name", "arguments", "message"),
    [
        ("nope", {}, "no prompt named `nope`: prompts/list shows the prompts (ask_collection, explain_table, "),
        ("explain_table", {}, "the prompt `explain_table` needs the argument `table`"),
        ("ask_collection", {"collection": "docs"}, "the prompt `ask_collection` needs the argument `question`"),
    ],
)
async def test_a_prompt_that_is_unknown_or_lacks_an_argument_is_invalid_params_saying_which(
    name: str, arguments: dict[str, str], message: str
) -> None:
    listening, port = listening_socket()
    async with fake_app(FakeSystem(), None, GatewaySettings(port=port)) as app, served(app, listening) as url:
        async with streamable_http_client(f"{url}/mcp") as (read, write), ClientSession(read, write) as session:
            await session.initialize()
            with pytest.raises(MCPError) as refused:
                await session.get_prompt(name, arguments)
    assert refused.value.error.code == -32602
    assert str(refused.value).startswith(message)
