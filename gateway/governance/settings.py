"""Where the gateway keeps its own records (principals, API keys, grants, the request log). Read from RELAYBOARD_*."""

from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from tools.errors import ConfigurationError
from tools.settings import DEFAULT_DATA_DIR

_POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def url_with_scheme(url: SecretStr | None, schemes: tuple[str, ...], refusal: str) -> SecretStr | None:
    """`url` when it starts with one of `schemes`, None when empty.

    Raises:
        ConfigurationError: any other URL, with `refusal` as the message (it names the variable and the fix).
    """
    if url is None or not url.get_secret_value():
        return None
    if not url.get_secret_value().startswith(schemes):
        raise ConfigurationError(refusal)
    return url


def postgres_or_none(url: SecretStr | None) -> SecretStr | None:
    """`url` when it is a PostgreSQL URL, None when empty.

    Raises:
        ConfigurationError: any other URL (the embedded default needs none: SQLite files under the data dir).
    """
    return url_with_scheme(
        url,
        _POSTGRES_SCHEMES,
        "RELAYBOARD_DATABASE_URL must be a postgresql://USER:PASSWORD@HOST/DB URL, or unset for SQLite files "
        "under RELAYBOARD_DATA_DIR",
    )


class GovernanceSettings(BaseSettings):
    """The gateway's database: one PostgreSQL database when a URL is set, else SQLite files under the data dir.

    SQLite gets one file per kind of record (keys, usage) so that the request log's steady writes never hold the
    lock an authentication is waiting on; PostgreSQL needs no such split.
    """

    model_config = SettingsConfigDict(env_prefix="RELAYBOARD_", extra="ignore")

    data_dir: Path = Field(default=DEFAULT_DATA_DIR, description="Directory for embedded data.")
    database_url: SecretStr | None = Field(
        default=None,
        description="`postgresql://USER:PASSWORD@HOST/DB` for the gateway's own records (API keys, grants, the "
        "request log, durable jobs), shared by every gateway replica; default: SQLite files (governance, usage, "
        "jobs) in DATA_DIR.",
    )

    @field_validator("database_url")
    @classmethod
    def _postgres_only(cls, url: SecretStr | None) -> SecretStr | None:
        return postgres_or_none(url)

    def sqlalchemy_url(self) -> str:
        """The key store's URL in SQLAlchemy's form (PostgreSQL through psycopg 3)."""
        return self._url("governance.sqlite", sqlite_driver="sqlite")

    def usage_url(self) -> str:
        """The request log's URL for SQLAlchemy's asyncio engine (psycopg 3, or aiosqlite for the default file)."""
        return self._url("usage.sqlite", sqlite_driver="sqlite+aiosqlite")

    def _url(self, sqlite_file: str, *, sqlite_driver: str) -> str:
        if self.database_url is None:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            return f"{sqlite_driver}:///{(self.data_dir / sqlite_file).resolve()}"
        url = self.database_url.get_secret_value()
        scheme = next(scheme for scheme in _POSTGRES_SCHEMES if url.startswith(scheme))
        return "postgresql+psycopg://" + url.removeprefix(scheme)
