"""The Chinook demo database `relayboard demo-data` builds, and the sdist it is built from.

Demo data is an edge concern, not a domain capability: `tools.sql` serves any database; only the command line
(and the Makefile's `install`, the Docker build, the tests) build this one.
"""

from gateway.demo_data.chinook import build_chinook
from gateway.demo_data.sdist import SDIST, SDIST_FILE, fetch_sdist, installed_sdist, sdist_directory

__all__ = ["SDIST", "SDIST_FILE", "build_chinook", "fetch_sdist", "installed_sdist", "sdist_directory"]
