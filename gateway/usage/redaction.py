"""Masking personal data in logged payloads: IBANs and card numbers (found by shape, kept only when their
checksum holds: python-stdnum), emails, phone numbers (libphonenumber's matcher, via `phonenumbers`) and the
operator's own patterns."""

import re
from collections.abc import Callable, Sequence

import phonenumbers
from stdnum import iban, luhn

from gateway.usage.settings import PayloadSettings

# Shapes only: a candidate is masked when its checksum holds, so order numbers and dates stay readable.
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]){11,30}\b")
_CARD = re.compile(r"(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])")
# A pragmatic address shape (RFC 5322 allows more; what is logged needs finding, not validating).
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")


def _masking(pattern: re.Pattern[str], mask: str, valid: Callable[[str], bool]) -> Callable[[str], str]:
    def mask_valid(text: str) -> str:
        return pattern.sub(lambda match: mask if valid(match.group()) else match.group(), text)

    return mask_valid


def _digits_pass_luhn(candidate: str) -> bool:
    return luhn.is_valid(re.sub(r"\D", "", candidate))


class Redactor:
    """Masks IBANs, card numbers, emails, phone numbers and `patterns` in text, in that order."""

    def __init__(self, patterns: Sequence[str] = (), *, phone_region: str = "US") -> None:
        self._patterns = [re.compile(pattern) for pattern in patterns]
        self._region = phone_region.upper()
        self._steps = (
            _masking(_IBAN, "[IBAN]", iban.is_valid),
            _masking(_CARD, "[CARD]", _digits_pass_luhn),
            _masking(_EMAIL, "[EMAIL]", lambda _: True),
            self._mask_phones,
        )

    @classmethod
    def from_settings(cls, settings: PayloadSettings) -> "Redactor":
        return cls(settings.redact_patterns, phone_region=settings.phone_region)

    def redact(self, text: str) -> str:
        """`text` with what it must not keep replaced by `[IBAN]`, `[CARD]`, `[EMAIL]`, `[PHONE]`, `[REDACTED]`."""
        for step in self._steps:
            text = step(text)
        for pattern in self._patterns:
            text = pattern.sub("[REDACTED]", text)
        return text

    def _mask_phones(self, text: str) -> str:
        found = [(m.start, m.end) for m in phonenumbers.PhoneNumberMatcher(text, self._region)]
        for start, end in reversed(found):
            text = f"{text[:start]}[PHONE]{text[end:]}"
        return text
