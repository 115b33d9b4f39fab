"""Payload logging: whether the request record keeps the question and answer, and what is masked in them."""

import re

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class PayloadSettings(BaseSettings):
    """Off by default. When on, emails, phone numbers, card numbers (Luhn-checked), IBANs (checksum-checked)
    and every `redact_patterns` match are masked before the record is written."""

    model_config = SettingsConfigDict(env_prefix="RELAYBOARD_", extra="ignore")

    log_payloads: bool = Field(
        default=False, description="Keep each request's question and answer, redacted, in its request record."
    )
    redact_patterns: list[str] = Field(
        default_factory=list,
        description='Further regular expressions to mask in logged payloads, as a JSON list (e.g. ["EMP-\\\\d{6}"]).',
    )
    phone_region: str = Field(
        default="US",
        min_length=2,
        max_length=2,
        description="Region (ISO 3166 alpha-2) for phone numbers written without a +country code.",
    )

    @field_validator("redact_patterns")
    @classmethod
    def _compiles(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(
                    f"RELAYBOARD_REDACT_PATTERNS: {pattern!r} is not a regular expression ({exc})"
                ) from exc
        return patterns
