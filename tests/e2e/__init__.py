"""End-to-end tests: the real gateway, MCP servers and third-party programs as processes on 127.0.0.1."""
