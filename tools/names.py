"""The names callers choose for things (collections, conversation threads): one pattern each, used at every edge."""

COLLECTION_NAME_CHARS = r"[A-Za-z0-9_-]{1,64}"
"""A collection name: 1-64 letters, digits, `_` or `-` (it names a directory, so nothing else)."""
COLLECTION_NAME_PATTERN = rf"^{COLLECTION_NAME_CHARS}$"
THREAD_ID_PATTERN = r"^[A-Za-z0-9_.:-]{1,128}$"
UUID_PATTERN = r"^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$"
"""A point id: a UUID, with or without its hyphens (what `uuid.UUID` reads, braces and `urn:` aside)."""
