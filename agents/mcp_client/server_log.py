"""What a stdio MCP server wrote to its log (its stderr) during one connect attempt: the words an error names.

A stdio server that exits while starting (a missing database file, a bad setting) closes its stdout, which the
client sees only as "Connection closed"; the reason is in what the process wrote to stderr, which its
transport sends to this log.
"""

from pathlib import Path

_TAIL_CHARS = 500
_DECORATION = " \t|+-^~"  # a traceback's frame lines and an exception group's borders carry no words of their own


class ServerLog:
    """The log file of one server: mark where it ends before an attempt, then read what came after."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def mark(self) -> int:
        """Where the log ends now (0 when it does not exist yet)."""
        try:
            return self.path.stat().st_size
        except FileNotFoundError:
            return 0

    def last_words(self, since: int) -> str | None:
        """The last line with words the server wrote after `since` (its final error, as Python prints an
        uncaught one or `SystemExit`), cut to 500 characters; None if it wrote nothing."""
        try:
            with self.path.open("rb") as log:
                log.seek(since)
                written = log.read().decode("utf-8", errors="replace")
        except FileNotFoundError:
            return None
        lines = [line.strip(_DECORATION) for line in written.splitlines()]
        worded = [line for line in lines if any(char.isalnum() for char in line)]
        return worded[-1][:_TAIL_CHARS] if worded else None
