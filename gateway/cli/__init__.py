"""The `relayboard` command line: one module per command, declared in `gateway.cli.parser`."""

import os
import sys
from collections.abc import Sequence

from pydantic import ValidationError
from pydantic_settings import SettingsError

from gateway.cli.parser import parser
from gateway.settings_errors import configuration_message
from tools.errors import ConfigurationError, InvalidData, InvalidOption, RelayboardError

__all__ = ["main", "parser"]


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `relayboard` script; errors print one line and exit non-zero, never a traceback.

    Exit 2 is the caller's to fix before rerunning, as argparse's usage errors are: a setting, a data file, or an
    option out of its range.
    """
    args = parser().parse_args(argv)
    try:
        return int(args.run(args))
    except (ConfigurationError, ValidationError, SettingsError) as exc:
        print(f"relayboard: configuration error: {configuration_message(exc)}", file=sys.stderr)
        return 2
    except (InvalidData, InvalidOption) as exc:
        print(f"relayboard: {exc}", file=sys.stderr)
        return 2
    except RelayboardError as exc:
        print(f"relayboard: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`| head`): nothing of ours failed and any --json file is written, but Python's
        # flush of stdout at exit would raise again, so stdout points at /dev/null first (the Python docs' recipe).
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141  # 128 + SIGPIPE, as a tool killed by the signal reports
