"""Where the gateway keeps its governance records (principals, API keys, grants). Read from RELAYBOARD_*."""

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from tools.settings import DEFAULT_DATA_DIR


class GovernanceSettings(BaseSettings):
    """The governance database: SQLite under the data dir, or PostgreSQL when a URL is set."""

    model_config = SettingsConfigDict(env_prefix="RELAYBOARD_", extra="ignore")

    data_dir: Path = Field(default=DEFAULT_DATA_DIR, description="Directory for embedded data.")
    database_url: SecretStr | None = Field(
        default=None,
        description="`postgresql://USER:PASSWORD@HOST/DB` for the gateway's own records (API keys, grants), shared "
        "by every gateway replica; default: SQLite at DATA_DIR/governance.sqlite.",
    )

    def sqlalchemy_url(self) -> str:
        """The URL in SQLAlchemy's form (PostgreSQL through psycopg 3)."""
        if self.database_url is None:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            return f"sqlite:///{(self.data_dir / 'governance.sqlite').resolve()}"
        url = self.database_url.get_secret_value()
        for scheme in ("postgresql://", "postgres://"):
            if url.startswith(scheme):
                return "postgresql+psycopg://" + url.removeprefix(scheme)
        return url
