"""The `relayboard` command line: one module per command, declared in `gateway.cli.parser`."""

import sys
from collections.abc import Sequence

from pydantic import ValidationError
from pydantic_settings import SettingsError

from gateway.cli.parser import parser
from gateway.settings_errors import configuration_message
from tools.errors import ConfigurationError, RelayboardError

__all__ = ["main", "parser"]


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `relayboard` script; errors print one line and exit non-zero, never a traceback."""
    args = parser().parse_args(argv)
    try:
        return int(args.run(args))
    except (ConfigurationError, ValidationError, SettingsError) as exc:
        print(f"relayboard: configuration error: {configuration_message(exc)}", file=sys.stderr)
        return 2
    except RelayboardError as exc:
        print(f"relayboard: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
