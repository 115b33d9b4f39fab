"""Settings of the request log. Read from RELAYBOARD_*."""

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from tools.settings import DEFAULT_DATA_DIR


class UsageSettings(BaseSettings):
    """Where each request's record is kept."""

    model_config = SettingsConfigDict(env_prefix="RELAYBOARD_", extra="ignore")

    data_dir: Path = Field(default=DEFAULT_DATA_DIR, description="Directory for embedded data.")
    usage_database_url: SecretStr | None = Field(
        default=None,
        description="Database of the request log, a `postgresql://` URL; default: SQLite file usage.sqlite "
        "under the data directory.",
    )

    def sqlalchemy_url(self) -> str:
        """The URL SQLAlchemy's asyncio engine takes: psycopg for PostgreSQL, aiosqlite for the default file."""
        if self.usage_database_url is None:
            return f"sqlite+aiosqlite:///{self.data_dir / 'usage.sqlite'}"
        url = self.usage_database_url.get_secret_value()
        for scheme in ("postgresql://", "postgres://"):
            if url.startswith(scheme):
                return "postgresql+psycopg://" + url.removeprefix(scheme)
        return url
