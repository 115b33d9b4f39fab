"""How a command line reports a failure: one line on stderr and an exit status, never a traceback.

`relayboard` and the scripts under evals/ (`python -m evals.answerability_fit`) are peers that cannot import
each other, so the one mapping from the error tree of `tools.errors` to exit statuses lives here, beside it.
"""

import os
import sys
from collections.abc import Callable

from pydantic import ValidationError
from pydantic_settings import SettingsError

from tools.errors import ConfigurationError, InvalidData, InvalidOption, RelayboardError

USAGE = 2
"""The caller's to fix before rerunning, as argparse's usage errors are: a setting, a data file, or an option out
of its range."""
FAILED = 1
INTERRUPTED = 130
BROKEN_PIPE = 141  # 128 + SIGPIPE, as a tool killed by the signal reports


def run_command(
    prog: str, command: Callable[[], int], *, configuration_message: Callable[[Exception], str] = str
) -> int:
    """`command()`'s exit status, or, when it raises one of Relayboard's errors, that error as one line
    `<prog>: <message>` on stderr and its status: `USAGE` for a setting, data file or option the caller must
    change, `FAILED` for the rest. `configuration_message` words a settings error (the gateway names variables).
    """
    try:
        return int(command())
    except (ConfigurationError, ValidationError, SettingsError) as exc:
        print(f"{prog}: configuration error: {configuration_message(exc)}", file=sys.stderr)
        return USAGE
    except (InvalidData, InvalidOption) as exc:
        print(f"{prog}: {exc}", file=sys.stderr)
        return USAGE
    except RelayboardError as exc:
        print(f"{prog}: {exc}", file=sys.stderr)
        return FAILED
    except KeyboardInterrupt:
        return INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`| head`): nothing of ours failed and any output file is written, but Python's
        # flush of stdout at exit would raise again, so stdout points at /dev/null first (the Python docs' recipe).
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return BROKEN_PIPE
