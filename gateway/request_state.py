"""The key of the ASGI request state under which the auth middleware leaves the caller (a `Principal`).

Its own module so that readers of the caller (the MCP edge's grants) need not import the authenticator and its
key store: `relayboard mcp` reads it before its handshake.
"""

PRINCIPAL_STATE = "principal"
