"""The `relayboard` command line: one module per command, declared in `gateway.cli.parser`."""

from collections.abc import Sequence

from gateway.cli.parser import parser
from gateway.settings_errors import configuration_message
from tools.command_exit import run_command

__all__ = ["main", "parser"]


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `relayboard` script; errors print one line and exit non-zero, never a traceback.

    Exit 2 is the caller's to fix before rerunning, as argparse's usage errors are: a setting, a data file, or an
    option out of its range (`tools.command_exit`).
    """
    args = parser().parse_args(argv)
    return run_command("relayboard", lambda: args.run(args), configuration_message=configuration_message)
