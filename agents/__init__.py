"""Worker agents: retrieval, SQL and summarise. Each receives its MCP tools and, in generative mode, a model."""
