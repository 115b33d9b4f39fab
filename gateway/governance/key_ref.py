"""Which API key a request presented, by what may be shown of it: its holder's name and, for a stored key, its
public prefix. Never the key itself: jobs keep it, so a later check can ask whether that key is still live."""

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class KeyRef:
    """A presented key: `prefix` for a stored key (`rb_<8 hex>`), None for one of RELAYBOARD_API_KEYS."""

    holder: str
    prefix: str | None

    def describe(self) -> str:
        """The key as a message names it: holder and prefix, or holder and where it was configured."""
        if self.prefix is None:
            return f"the API key named {self.holder!r} (RELAYBOARD_API_KEYS)"
        return f"the API key named {self.holder!r} ({self.prefix})"

    def record(self) -> dict[str, Any]:
        return {"holder": self.holder, "prefix": self.prefix}

    @classmethod
    def from_record(cls, fields: object) -> "KeyRef | None":
        """The reference `record` kept; None for none kept (a job submitted when no key was required)."""
        if not isinstance(fields, dict) or not isinstance(fields.get("holder"), str):
            return None
        prefix = fields.get("prefix")
        return cls(fields["holder"], prefix if isinstance(prefix, str) else None)
