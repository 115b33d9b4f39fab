"""The HTTP edge (FastAPI), the MCP edge for IDE assistants, and the `relayboard` command line."""
