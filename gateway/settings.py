"""Settings of the HTTP gateway and the command line. Read from RELAYBOARD_*."""

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class GatewaySettings(BaseSettings):
    """Where the gateway listens and what it accepts."""

    model_config = SettingsConfigDict(env_prefix="RELAYBOARD_", extra="ignore")

    host: str = Field(default="127.0.0.1", description="Address the gateway listens on.")
    port: int = Field(default=8000, ge=1, le=65535, description="Port the gateway listens on.")
    max_question_chars: int = Field(
        default=1_000_000,
        ge=10,
        le=2_000_000,
        description="Longest question accepted (text pasted to summarise counts: 1M characters is ~150k words).",
    )
    mcp_allowed_hosts: list[str] = Field(
        default_factory=lambda: ["127.0.0.1:*", "localhost:*", "[::1]:*"],
        description="Host headers the /mcp endpoint accepts (DNS-rebinding protection).",
    )
    url: str = Field(default="http://127.0.0.1:8000", description="Gateway URL the CLI's `ask` talks to.")
