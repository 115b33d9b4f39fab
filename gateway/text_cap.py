"""The longest string argument an edge advertises (an MCP edge tool's, an HTTP question or document): one that
fits in the gateway's body cap (RELAYBOARD_MAX_BODY_BYTES) however a client writes it, so a schema never allows
what the transport refuses.

A character takes at most 6 bytes in the JSON that MCP clients send (UTF-8 with non-ASCII left as is, as the MCP
SDKs and JSON.stringify write it: 4 bytes at most; a control character as a six-character `u00XX` escape). The rest of a
call (its JSON-RPC envelope, `_meta`, and the tool's other, short, bounded arguments) gets a fixed room.
"""

BYTES_PER_CHARACTER = 6
ENVELOPE_BYTES = 8 * 1024


def text_cap(max_body_bytes: int) -> int:
    """Characters a tool's one long text argument may have under a body cap of `max_body_bytes`."""
    # A small cap (a test's, or a deployment's that takes only short questions) keeps three quarters for the text.
    envelope = min(ENVELOPE_BYTES, max_body_bytes // 4)
    return max(1, (max_body_bytes - envelope) // BYTES_PER_CHARACTER)
