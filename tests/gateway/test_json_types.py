"""A number the schema calls an integer (`8`, or `8.0` as JSON Schema allows) or a vector's float must be a JSON
number: `true`, `"8"` or `2.5` is a 422 naming the field, not a value quietly converted (schemathesis found
`"overlap_tokens": false` taken as 0)."""

from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from tests.support.fake_system import FakeSystem, client, fake_app
from tools import inputs

POINT = "0b6e1a38-3c1e-4a41-9c5e-0f0b5a1b2c3d"


@pytest.mark.parametrize(
    ("method", "path", "body", "message"),
    [
        (
            "PUT",
            "/v1/collections/faq",
            {"chunking": {"overlap_tokens": False}},
            "`chunking.overlap_tokens` must be an integer",
        ),
        (
            "PUT",
            "/v1/collections/faq",
            {"chunking": {"chunk_tokens": "64"}},
            "`chunking.chunk_tokens` must be an integer",
        ),
        ("POST", "/v1/collections/docs/search", {"query": "refunds", "limit": "5"}, "`limit` must be an integer"),
        ("POST", "/v1/collections/docs/search", {"query": "refunds", "limit": True}, "`limit` must be an integer"),
        ("POST", "/v1/collections/docs/search", {"query": "refunds", "limit": 2.5}, "`limit` must be an integer"),
        ("POST", "/v1/ask", {"question": "Sum it up", "summary": {"max_words": "50"}}, "`summary.max_words` must be"),
        ("POST", "/v1/feedback", {"trace_id": "0" * 32, "rating": True}, "`rating` must be"),
        (
            "PUT",
            "/v1/collections/docs/points",
            {"points": [{"id": POINT, "text": "x", "vector": [True]}]},
            "`points.0.vector.0` must be a number",
        ),
    ],
)
async def test_a_number_sent_as_a_string_or_boolean_is_a_422_naming_the_field(
    method: str, path: str, body: dict[str, Any], message: str
) -> None:
    async with fake_app(FakeSystem()) as app, client(app) as http:
        refused = await http.request(method, path, json=body)
    assert refused.status_code == 422, refused.text
    assert refused.json()["detail"].startswith(message), refused.json()["detail"]


async def test_an_integral_float_is_the_integer_json_schema_says_it_is() -> None:
    async with fake_app(FakeSystem()) as app, client(app) as http:
        taken = await http.post("/v1/ask", json={"question": "Sum it up", "summary": {"max_words": 50.0}})
    assert taken.status_code == 200, taken.text


def _keys(node: Any) -> set[str]:
    if isinstance(node, dict):
        return set(node) | {key for value in node.values() for key in _keys(value)}
    return {key for value in node for key in _keys(value)} if isinstance(node, list) else set()


async def test_every_bound_in_the_openapi_document_is_a_json_schema_keyword() -> None:
    """pydantic's own `ge`/`le` names mean nothing to a client's validator: a bound left under them is not enforced
    by schemathesis, code generators or an IDE, and the server then refuses what the document allowed."""
    async with fake_app(FakeSystem()) as app, client(app) as http:
        document = (await http.get("/openapi.json")).json()
    assert not _keys(document["components"]["schemas"]) & {"ge", "le", "gt", "lt"}
    search = document["components"]["schemas"]["SearchIn"]["properties"]["limit"]
    assert (search["type"], search["minimum"], search["maximum"]) == ("integer", 1, 50)


@pytest.mark.parametrize("argument", ["SearchLimit", "MaxSentences", "MaxWords", "ChunkTokens"])
def test_a_tool_argument_takes_a_numeric_string_as_mcp_clients_send_one_but_never_a_boolean(argument: str) -> None:
    """The MCP Inspector CLI sends every `--tool-arg` as a string; an HTTP body is held to its schema instead."""
    tool_argument = TypeAdapter(getattr(inputs, argument))
    assert tool_argument.validate_python("16") == tool_argument.validate_python(16.0) == 16
    with pytest.raises(ValidationError):
        tool_argument.validate_python(True)
    assert tool_argument.json_schema() == BODY_TWINS[argument]()  # the same published bounds as the body's field


def _body_chunk_tokens() -> dict[str, Any]:
    published = dict(inputs.ChunkingIn.model_json_schema()["properties"]["chunk_tokens"])
    return {key: value for key, value in published.items() if key not in {"title", "default"}}


BODY_TWINS = {
    "SearchLimit": lambda: TypeAdapter(inputs.BodySearchLimit).json_schema(),
    "MaxSentences": lambda: TypeAdapter(inputs.BodyMaxSentences).json_schema(),
    "MaxWords": lambda: TypeAdapter(inputs.BodyMaxWords).json_schema(),
    "ChunkTokens": _body_chunk_tokens,
}
