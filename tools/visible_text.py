"""Whether a text has something to read, checked character by character: the part of `VISIBLE_TEXT_PATTERN` that
a schema pattern cannot say.

The published pattern refuses whitespace, control and format characters of the Basic Multilingual Plane; format
characters outside it (the tag characters U+E0001 and U+E0020-E007F, and a few others of category Cf) it cannot
refuse in every engine that reads it. `VISIBLE_TEXT`, next to the pattern on a field, refuses a text of only those
too, with the pattern's own error, so every edge words both the same.
"""

import unicodedata

from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

from tools.names import VISIBLE_TEXT_PATTERN

_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf"})  # control and format characters


def has_visible_text(text: str) -> bool:
    """True when one character of `text` is neither whitespace nor a control or format character (any plane)."""
    return any(not char.isspace() and unicodedata.category(char) not in _INVISIBLE_CATEGORIES for char in text)


def _require_visible(text: str) -> str:
    if not has_visible_text(text):
        # The pattern's error type and context: the field's message is the one a blank text gets.
        raise PydanticCustomError(
            "string_pattern_mismatch", "String should match pattern '{pattern}'", {"pattern": VISIBLE_TEXT_PATTERN}
        )
    return text


VISIBLE_TEXT = AfterValidator(_require_visible)
"""Put beside `pattern=VISIBLE_TEXT_PATTERN` (in the same `Annotated`) on every text a caller asks us to read."""
