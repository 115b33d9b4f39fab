"""Domain capabilities as plain async Python: embeddings, vector store, chunking, ingest, SQL, summarising."""
