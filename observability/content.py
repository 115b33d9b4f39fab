"""Content capture: the one gate every text-valued span attribute passes, applying the process's TraceSettings.

The policy is process-wide, like the tracer provider it belongs to: `configure_tracing` sets it once.
"""

import json
import re
from dataclasses import dataclass
from typing import Any

from observability.settings import ContentCapture, TraceSettings

# Credentials that can ride inside text: `scheme://user:password@host` and bearer tokens.
_URL_PASSWORD = re.compile(r"(\b[a-z][a-z0-9+.-]*://[^:/@\s]+:)[^@\s]+@", re.IGNORECASE)
_BEARER = re.compile(r"(\bbearer\s+)[A-Za-z0-9._~+/=-]{8,}", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ContentPolicy:
    """How much text a span attribute keeps."""

    capture: ContentCapture = "truncated"
    limit: int = 2000

    @classmethod
    def from_settings(cls, settings: TraceSettings) -> "ContentPolicy":
        return cls(settings.content, settings.content_limit)

    def apply(self, value: Any) -> str | None:
        """`value` as text to record (JSON for structures), redacted and cut to the limit; None when off."""
        if self.capture == "off" or value is None:
            return None
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
        text = redact(text)
        if self.capture == "truncated" and len(text) > self.limit:
            return f"{text[: self.limit]}… [{len(text) - self.limit} more characters]"
        return text


def redact(text: str) -> str:
    """`text` with URL passwords and bearer tokens masked."""
    # Each pattern needs a literal that a substring search finds far faster than the pattern scans (it tries
    # every word boundary): most texts hold neither, and tool results are long.
    if "://" in text:
        text = _URL_PASSWORD.sub(r"\1[REDACTED]@", text)
    if "bearer" in text.lower():
        text = _BEARER.sub(r"\1[REDACTED]", text)
    return text


_policy = ContentPolicy()


def set_content_policy(policy: ContentPolicy) -> None:
    global _policy
    _policy = policy


def captured(value: Any) -> str | None:
    """`value` as this process's content policy lets a span record it (None: record nothing)."""
    return _policy.apply(value)
