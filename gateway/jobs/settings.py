"""Settings of durable jobs: where they are stored and how many this process runs. Read from RELAYBOARD_*."""

from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from tools.errors import ConfigurationError
from tools.settings import DEFAULT_DATA_DIR

_POSTGRES_SCHEMES = ("postgres://", "postgresql://")


class JobSettings(BaseSettings):
    """The job database (shared by every gateway that should see the same jobs) and this process's workers."""

    model_config = SettingsConfigDict(env_prefix="RELAYBOARD_", extra="ignore")

    data_dir: Path = Field(default=DEFAULT_DATA_DIR, description="Directory for embedded data.")
    jobs_url: str | None = Field(
        default=None,
        description="`postgresql://...` to keep jobs (and their queue) in PostgreSQL, shared by every gateway "
        "pointed at it; default: SQLite at data_dir/jobs.sqlite (one gateway).",
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

    @field_validator("jobs_url")
    @classmethod
    def _postgres_only(cls, url: str | None) -> str | None:
        if url and not url.startswith(_POSTGRES_SCHEMES):
            raise ConfigurationError("RELAYBOARD_JOBS_URL must be a postgresql:// URL (or unset for SQLite)")
        return url or None

    @property
    def sqlite_path(self) -> Path:
        return self.data_dir / "jobs.sqlite"
