"""The MCP tools' structured results, one module per server: the servers shape them, the agents and the MCP edge
validate `structuredContent` into them. One model per result on both sides of the hop, so a field renamed on one
side fails the type check (or the validation) instead of a string key read on the other.
"""
