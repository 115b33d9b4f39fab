"""Settings of the gateway's limits: request rates, concurrency, tokens, body size. Read from RELAYBOARD_*."""

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from gateway.governance.settings import url_with_scheme

MIB = 1024 * 1024
# The Redis schemes the rate-limit library's storage opens with redis-py (its valkey schemes need another client).
REDIS_SCHEMES = ("redis://", "rediss://", "redis+unix://")


class LimitSettings(BaseSettings):
    """What one API key (and one client address that fails authentication) may use; 0 turns a limit off."""

    model_config = SettingsConfigDict(env_prefix="RELAYBOARD_", extra="ignore")

    requests_per_minute: int = Field(
        default=600, ge=0, description="Requests per minute per API key (anonymous callers share one budget); 0: off."
    )
    concurrent_requests: int = Field(
        default=16, ge=0, description="Requests one API key may have in progress at once, per gateway process; 0: off."
    )
    tokens_per_minute: int = Field(
        default=200_000,
        ge=0,
        description="Model tokens (in + out) per minute per API key in generative mode; a request that overshoots "
        "is finished, the next ones wait; 0: off.",
    )
    auth_failures_per_minute: int = Field(
        default=10, ge=0, description="Failed authentications per minute per client address before 429; 0: off."
    )
    redis_url: SecretStr | None = Field(
        default=None,
        description="Redis for the rate-limit counters, e.g. redis://redis:6379/0, so replicas share them; "
        "default: in the gateway's memory.",
    )
    max_body_bytes: int = Field(
        default=8 * MIB, ge=1024, description="Largest request body any route accepts (413 above it)."
    )
    ask_concurrency: int = Field(
        default=8, ge=1, description="Questions (/v1/ask, /v1/ask/stream: SQL and summaries run there) at once."
    )
    ingest_concurrency: int = Field(default=2, ge=1, description="Ingest and point-upsert requests running at once.")
    queue_depth: int = Field(
        default=32,
        ge=0,
        description="Requests of one kind (ask, ingest) that may wait for a running slot; more get 503.",
    )

    @field_validator("redis_url")
    @classmethod
    def _redis_only(cls, url: SecretStr | None) -> SecretStr | None:
        return url_with_scheme(
            url,
            REDIS_SCHEMES,
            "RELAYBOARD_REDIS_URL must be a redis://HOST:PORT/DB URL (or rediss://, redis+unix://), "
            "or unset to count limits in the gateway's memory",
        )
