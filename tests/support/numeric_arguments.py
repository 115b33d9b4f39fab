"""Sending `true` for every integer and number argument a server's tools advertise, to check each refuses it."""

from typing import Any

from fastmcp import Client

from tests.support.results import meta, text_of

NUMERIC = {"integer", "number"}


def _branches(schema: dict[str, Any]) -> list[dict[str, Any]]:
    return [branch for branch in schema.get("anyOf", [schema]) if branch.get("type") != "null"]


def _sample(schema: dict[str, Any]) -> Any:
    branch = _branches(schema)[0]
    kind = str(branch.get("type"))
    if kind in NUMERIC:
        return branch.get("minimum", 1)
    samples: dict[str, Any] = {"string": "a", "array": [], "object": {}, "boolean": False}
    return samples[kind]


async def accepted_booleans(client: Client) -> dict[str, str]:
    """`tool.argument` of each integer or number argument that did not refuse `true` as invalid input naming it,
    with what the tool answered instead (no entries: every one refused it)."""
    accepted: dict[str, str] = {}
    for tool in await client.list_tools():
        properties: dict[str, Any] = tool.input_schema.get("properties", {})
        required = {name: _sample(properties[name]) for name in tool.input_schema.get("required", [])}
        for name, schema in properties.items():
            if not any(branch.get("type") in NUMERIC for branch in _branches(schema)):
                continue
            result = await client.call_tool(tool.name, {**required, name: True}, raise_on_error=False)
            kind = meta(result).get("relayboard/error", {}).get("kind") if result.is_error else None
            if kind != "invalid_input" or f"`{name}` must be" not in text_of(result):
                accepted[f"{tool.name}.{name}"] = text_of(result)[:200]
    return accepted
