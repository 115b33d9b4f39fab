"""Settings of the HTTP gateway and the command line. Read from RELAYBOARD_*."""

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from gateway.host_patterns import ALLOWED_HOSTS_VARIABLE, parse_allowed_host
from tools.errors import ConfigurationError, InvalidInput
from tools.grants import Grants
from tools.inputs import MAX_QUESTION_CHARS, MAX_SUMMARY_TEXT_CHARS

MIN_KEY_CHARS = 16
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
_ANY_ADDRESS = ("0.0.0.0", "::", "")


class ApiKey(BaseModel):
    """Who holds one bootstrap API key from the environment, and what it may do."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=64, description="The key holder, for logs and traces")
    sql_tables: list[str] | None = Field(
        default=None,
        description="Tables this key's queries may read (narrows RELAYBOARD_SQL_ALLOWED_TABLES); None: all it allows",
    )
    grants: list[str] | None = Field(
        default=None,
        description="What the key may do (tools/grants.py); None: every agent and tool, reading every collection "
        "and `sql_tables`, or, without `sql_tables`, full access (a bootstrap admin)",
    )


class GatewaySettings(BaseSettings):
    """Where the gateway listens and what it accepts."""

    model_config = SettingsConfigDict(env_prefix="RELAYBOARD_", extra="ignore", populate_by_name=True)

    host: str = Field(default="127.0.0.1", description="Address the gateway listens on.")
    port: int = Field(default=8000, ge=1, le=65535, description="Port the gateway listens on.")
    workers: int = Field(
        default=1,
        ge=1,
        le=64,
        description="Gateway worker processes on the one port, each with its own agent system; more than 1 needs "
        "the MCP servers over HTTP (RELAYBOARD_MCP_TRANSPORT=http) or the Qdrant server backend "
        "(docs/scaling.md).",
    )
    max_question_chars: int = Field(
        default=MAX_QUESTION_CHARS,
        ge=10,
        le=MAX_SUMMARY_TEXT_CHARS,
        description="Longest question accepted (text pasted to summarise counts: 1M characters is ~150k words).",
    )
    allowed_hosts: list[str] | None = Field(
        default=None,
        validation_alias=AliasChoices(ALLOWED_HOSTS_VARIABLE, "RELAYBOARD_MCP_ALLOWED_HOSTS"),
        description="Host (and Origin) names every route accepts, as a JSON list of `HOST:PORT` (`HOST:*`: any "
        'port; `HOST`: the scheme\'s default port), e.g. ["relayboard.internal:8000"] (DNS-rebinding protection); '
        "default: 127.0.0.1, localhost and [::1] (and RELAYBOARD_HOST, if a specific address) on the served port. "
        "RELAYBOARD_MCP_ALLOWED_HOSTS is the old name.",
    )
    url: str | None = Field(
        default=None,
        description="Gateway URL `relayboard ask` and `relayboard mcp` talk to; default: "
        "http://RELAYBOARD_HOST:RELAYBOARD_PORT (127.0.0.1 when the host is every address).",
    )
    api_key: SecretStr | None = Field(
        default=None,
        description="Key `relayboard ask` and `relayboard mcp` send to a gateway that has RELAYBOARD_API_KEYS.",
    )
    api_keys: dict[str, ApiKey] = Field(
        default_factory=dict,
        description="Bootstrap API keys, in plaintext (prefer hashed keys: `relayboard keys create`), as JSON "
        '{"KEY": {"name": "bi", "grants": ["agent:sql", "tool:sql:*", "table:Invoice"]}}; a key without `grants` '
        "has full access, or with `sql_tables` reads only those tables. No key here or in the store: no "
        "authentication, allowed only on loopback.",
    )

    @field_validator("allowed_hosts")
    @classmethod
    def _hosts_parse(cls, hosts: list[str] | None) -> list[str] | None:
        for entry in hosts or []:
            try:
                parse_allowed_host(entry)
            except ValueError as exc:
                raise ConfigurationError(f"{ALLOWED_HOSTS_VARIABLE}: {exc}") from exc
        return hosts

    def trusted_hosts(self) -> list[str]:
        """The Host names requests may use: the configured list, or loopback (and the listen address) on `port`."""
        if self.allowed_hosts is not None:
            return self.allowed_hosts
        names = list(LOOPBACK_NAMES)
        if self.host not in _ANY_ADDRESS and self.host not in ("127.0.0.1", "localhost", "::1"):
            names.append(f"[{self.host}]" if ":" in self.host else self.host)
        return [f"{name}:{self.port}" for name in names]

    @property
    def on_loopback(self) -> bool:
        """Whether the gateway listens on this machine only."""
        return self.host in ("127.0.0.1", "localhost", "::1") or self.host.startswith("127.")

    def client_url(self) -> str:
        """Where this machine's clients reach the gateway: RELAYBOARD_URL, or the address it listens on."""
        if self.url:
            return self.url.rstrip("/")
        host = "127.0.0.1" if self.host in _ANY_ADDRESS else self.host
        return f"http://{f'[{host}]' if ':' in host else host}:{self.port}"

    def client_headers(self) -> dict[str, str]:
        """The headers a client sends: the API key, when one is configured."""
        return {"authorization": f"Bearer {self.api_key.get_secret_value()}"} if self.api_key else {}

    @field_validator("api_keys")
    @classmethod
    def _grants_parse(cls, keys: dict[str, ApiKey]) -> dict[str, ApiKey]:
        for holder in keys.values():
            try:
                Grants.parse(holder.grants or [])
            except InvalidInput as exc:
                raise ConfigurationError(f"RELAYBOARD_API_KEYS, key of {holder.name}: {exc}") from exc
        return keys

    @model_validator(mode="after")
    def _keys_are_long_enough(self) -> "GatewaySettings":
        short = [policy.name for key, policy in self.api_keys.items() if len(key) < MIN_KEY_CHARS]
        if short:
            raise ConfigurationError(
                f"RELAYBOARD_API_KEYS: the keys of {', '.join(short)} are shorter than {MIN_KEY_CHARS} characters; "
                "use random keys, e.g. `python -c 'import secrets; print(secrets.token_urlsafe(32))'`"
            )
        return self
