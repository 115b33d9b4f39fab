"""The committed start-up manifest restated for other settings, so that their first start is answered early too.

A deployment's settings reach the edge's listings in two places only: the tools' descriptions
(`tool_descriptions`) and the `maxLength` of the string arguments `ServedLimits.input_caps` names. Everything else
in the manifest (the SDK's serialisation, schemas, prompts, templates, `initialize`) is the same for every
deployment. So the manifest of other settings is the committed one with those fields replaced.

The SDK still answers every replayed request, and the responder compares its answers with the early ones: a
restatement that missed something is logged as stale, and `relayboard mcp` caches the SDK's own manifest for the
next start (gateway/mcp_stdio.py). `tests/gateway/test_mcp_edge_manifest.py` checks restatements against live
servers for settings that change each fact.
"""

import copy
from typing import Any

from gateway.mcp_edge.descriptions import ServedLimits, described_facts, tool_descriptions

Json = dict[str, Any]


def restated_manifest(committed: Json, limits: ServedLimits, overrides: dict[str, str]) -> Json | None:
    """`committed` (built from the default settings) as these limits and description overrides make it, or None
    when it does not have the shape this relies on (the SDK then answers, and caches the real one)."""
    manifest = copy.deepcopy(committed)
    manifest["facts"] = described_facts(limits, overrides)
    descriptions, caps = tool_descriptions(limits, overrides), limits.input_caps()
    try:
        for served in manifest["versions"].values():
            for tool in served["tools/list"]["tools"]:
                name = tool["name"]
                tool["description"] = descriptions[name]
                for argument, cap in caps.get(name, {}).items():
                    schema = tool["inputSchema"]["properties"][argument]
                    if "maxLength" not in schema:
                        return None
                    schema["maxLength"] = cap
    except (KeyError, TypeError, AttributeError):
        return None
    return manifest
