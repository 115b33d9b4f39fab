"""What callers name and write (collections, conversation threads, questions): one pattern each, used at every edge."""

COLLECTION_NAME_CHARS = r"[A-Za-z0-9_-]{1,64}"
"""A collection name: 1-64 letters, digits, `_` or `-` (it names a directory, so nothing else)."""
COLLECTION_NAME_PATTERN = rf"^{COLLECTION_NAME_CHARS}$"
THREAD_ID_PATTERN = r"^[A-Za-z0-9_.:-]{1,128}$"
UUID_PATTERN = r"^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$"
"""A point id: a UUID, with or without its hyphens (what `uuid.UUID` reads, braces and `urn:` aside)."""
VISIBLE_TEXT_PATTERN = (
    r"[^\x00-\x20\x7f-\xa0\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u1680\u180e\u2000-\u200f"
    r"\u2028-\u202f\u205f-\u2064\u2066-\u206f\u3000\ufeff\ufff9-\ufffb]"
)
"""Text with something to read: one character that is neither whitespace, a control character nor a format character
(Unicode category Cf: the zero-width space and joiners, bidirectional marks, the soft hyphen, the byte-order mark).
An unanchored JSON Schema pattern spelled as explicit ranges, so ECMA (API documents), Rust (pydantic) and Python
(schema-driven test tools) read it alike; every character stripping removes is outside it, so stripped text it
allows is never empty. The format characters outside the Basic Multilingual Plane (tags, U+E0001 and U+E0020-E007F,
and a few others) it cannot refuse: ECMA without its `u` flag reads them as surrogate pairs, which a class cannot
refuse alone, and Rust's regex refuses surrogates in a pattern. So each field carries `tools.visible_text.VISIBLE_TEXT`
beside it, which refuses a text of only those too, with this pattern's error."""
