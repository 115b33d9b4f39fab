"""The keys of the ASGI request state under which the auth middleware leaves the caller (a `Principal`) and its key.

Its own module so that readers of the caller (the MCP edge's grants) need not import the authenticator and its
key store: `relayboard mcp` reads it before its handshake.
"""

PRINCIPAL_STATE = "principal"
API_KEY_STATE = "api_key"  # the presented key's `KeyRef` (gateway/governance/key_ref.py): who, never the key
