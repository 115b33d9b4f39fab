"""`python -m gateway.cli`: the `relayboard` command (the tests and the process harness start it this way)."""

import sys

from gateway.cli import main

sys.exit(main())
