"""Settings of the HTTP gateway and the command line. Read from RELAYBOARD_*."""

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from tools.errors import ConfigurationError
from tools.inputs import MAX_QUESTION_CHARS, MAX_SUMMARY_TEXT_CHARS

MIN_KEY_CHARS = 16


class ApiKey(BaseModel):
    """Who holds one API key, and what its SQL questions may read."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=64, description="The key holder, for logs and traces")
    sql_tables: list[str] | None = Field(
        default=None,
        description="Tables this key's queries may read (narrows RELAYBOARD_SQL_ALLOWED_TABLES); None: all it allows",
    )


class GatewaySettings(BaseSettings):
    """Where the gateway listens and what it accepts."""

    model_config = SettingsConfigDict(env_prefix="RELAYBOARD_", extra="ignore")

    host: str = Field(default="127.0.0.1", description="Address the gateway listens on.")
    port: int = Field(default=8000, ge=1, le=65535, description="Port the gateway listens on.")
    max_question_chars: int = Field(
        default=MAX_QUESTION_CHARS,
        ge=10,
        le=MAX_SUMMARY_TEXT_CHARS,
        description="Longest question accepted (text pasted to summarise counts: 1M characters is ~150k words).",
    )
    mcp_allowed_hosts: list[str] = Field(
        default_factory=lambda: ["127.0.0.1:*", "localhost:*", "[::1]:*"],
        description="Host headers the /mcp endpoint accepts (DNS-rebinding protection).",
    )
    url: str = Field(default="http://127.0.0.1:8000", description="Gateway URL the CLI's `ask` talks to.")
    api_keys: dict[str, ApiKey] = Field(
        default_factory=dict,
        description="API keys required on /v1 and /mcp when set (`Authorization: Bearer KEY`), as JSON "
        '{"KEY": {"name": "bi", "sql_tables": ["Invoice", "InvoiceLine"]}}; empty: no authentication.',
    )

    @model_validator(mode="after")
    def _keys_are_long_enough(self) -> "GatewaySettings":
        short = [policy.name for key, policy in self.api_keys.items() if len(key) < MIN_KEY_CHARS]
        if short:
            raise ConfigurationError(
                f"RELAYBOARD_API_KEYS: the keys of {', '.join(short)} are shorter than {MIN_KEY_CHARS} characters; "
                "use random keys, e.g. `python -c 'import secrets; print(secrets.token_urlsafe(32))'`"
            )
        return self
