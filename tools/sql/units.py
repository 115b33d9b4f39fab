"""Units of time and of size a question or a column name may state, as multiples of the kind's smallest unit."""

from tools.sql.wording import stem

TIME = {"millisecond": 1, "ms": 1, "second": 1000, "sec": 1000, "minute": 60_000, "min": 60_000, "hour": 3_600_000}
TIME |= {"hr": 3_600_000}
# 1 MB is 1024 * 1024 bytes, as file sizes are usually counted
SIZE = {"byte": 1, "kb": 1024, "kilobyte": 1024, "mb": 1024**2, "megabyte": 1024**2, "gb": 1024**3}
SIZE |= {"gigabyte": 1024**3}
KINDS = (TIME, SIZE)


def unit(word: str) -> str | None:
    """The unit `word` names ("minutes", "MB" lower-cased, "secs"), or None."""
    for candidate in (word, stem(word), word[:-1] if word.endswith("s") else word):
        if any(candidate in units for units in KINDS):
            return candidate
    return None
