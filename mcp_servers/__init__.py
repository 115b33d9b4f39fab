"""Relayboard's MCP servers: thin adapters over tools/, one sub-package per server."""
