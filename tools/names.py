"""What callers name and write (collections, conversation threads, questions): one pattern each, used at every edge."""

COLLECTION_NAME_CHARS = r"[A-Za-z0-9_-]{1,64}"
"""A collection name: 1-64 letters, digits, `_` or `-` (it names a directory, so nothing else)."""
COLLECTION_NAME_PATTERN = rf"^{COLLECTION_NAME_CHARS}$"
THREAD_ID_PATTERN = r"^[A-Za-z0-9_.:-]{1,128}$"
UUID_PATTERN = r"^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$"
"""A point id: a UUID, with or without its hyphens (what `uuid.UUID` reads, braces and `urn:` aside)."""
VISIBLE_TEXT_PATTERN = r"[^\x00-\x20\x7f-\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]"
"""Text with something to read: one character that is neither whitespace nor a control character. An unanchored
JSON Schema pattern spelled as explicit ranges, so ECMA (API documents), Rust (pydantic) and Python (schema-driven
test tools) read it alike; every character stripping removes is outside it, so stripped text it allows is never
empty."""
