"""Settings of durable jobs: where they are stored and how many this process runs. Read from RELAYBOARD_*."""

from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from gateway.governance.settings import postgres_or_none
from tools.settings import DEFAULT_DATA_DIR


class JobSettings(BaseSettings):
    """The job database (shared by every gateway that should see the same jobs) and this process's workers."""

    model_config = SettingsConfigDict(env_prefix="RELAYBOARD_", extra="ignore")

    data_dir: Path = Field(default=DEFAULT_DATA_DIR, description="Directory for embedded data.")
    database_url: SecretStr | None = Field(
        default=None,
        description="The gateway's database (see GovernanceSettings): jobs and their queue go to PostgreSQL there, "
        "shared by every gateway pointed at it; default: SQLite at data_dir/jobs.sqlite (one gateway).",
    )
    jobs_workers: int = Field(
        default=2, ge=0, le=64, description="Jobs this gateway runs at once (0: accept and serve jobs, run none)."
    )
    jobs_max_batch: int = Field(default=100, ge=1, le=10_000, description="Most questions one job may carry.")
    jobs_lease_s: float = Field(
        default=30,
        ge=1,
        le=3600,
        description="A running job's worker renews its claim this often (÷3); a claim not renewed for this long "
        "(the worker died) is given to another worker, which resumes the job where it stopped.",
    )

    @field_validator("database_url")
    @classmethod
    def _postgres_only(cls, url: SecretStr | None) -> SecretStr | None:
        return postgres_or_none(url)

    @property
    def postgres_url(self) -> str | None:
        """The job database's `postgresql://` URL, or None for the SQLite default."""
        return None if self.database_url is None else self.database_url.get_secret_value()

    @property
    def sqlite_path(self) -> Path:
        return self.data_dir / "jobs.sqlite"
