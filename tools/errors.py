"""The errors Relayboard's capabilities raise, one tree for every boundary to map.

    RelayboardError
     ├── InvalidInput            the caller asked for something malformed or out of range
     │    ├── QueryRejected      SQL that is not a single read-only query
     │    ├── InvalidData        a data file the caller named is unusable at a line (the CLI's exit 2)
     │    └── InvalidOption      a command-line option outside its allowed range (the CLI's exit 2)
     ├── NotFound                a document, table, query or thread that does not exist
     ├── Unauthenticated         no credential, or one that is forged, expired or replayed
     ├── Forbidden               a known caller without the grant for what it asked
     ├── QueryTimeout            a query ran past its time limit
     ├── UpstreamUnavailable     a database, vector store, model or MCP server cannot be reached
     ├── ToolFailed              a tool not of ours answered `isError` without saying whose fault it was
     ├── InternalFault           one of our components failed unexpectedly; its log has the details
     └── ConfigurationError      settings that cannot work; raised at start-up, never per request

Boundaries map them once: HTTP to problem+json (4xx for InvalidInput and NotFound, 5xx for the rest),
MCP to tool errors (`isError`) the model can react to. Every message says what was wrong and how to fix it.
"""


class RelayboardError(Exception):
    """Base of every error Relayboard raises on purpose."""


class InvalidInput(RelayboardError):
    """The caller's input is malformed or out of range; the message says what to change."""


class QueryRejected(InvalidInput):
    """A SQL statement was refused before it reached the database."""


class InvalidData(InvalidInput):
    """A data file the caller named (an evaluation set, its database) cannot be used; the message is one line,
    `<file>[:<line>]: <field> must be ..., got ...`, naming what to change."""


class InvalidOption(InvalidInput):
    """A command-line option's value is outside what it allows; the message is one line naming the option and its
    allowed range, e.g. `--longest must be above 0 and at most 100, got 150`."""


class NotFound(RelayboardError):
    """A named thing does not exist; the message names what does."""


class Unauthenticated(RelayboardError):
    """The caller presented no credential, or one that does not verify (forged, expired, replayed)."""


class Forbidden(RelayboardError):
    """The caller is known but holds no grant for what it asked; the message names the grant it needs."""


class QueryTimeout(RelayboardError):
    """A query ran past its time limit and was cancelled."""


class UpstreamUnavailable(RelayboardError):
    """A dependency (database, vector store, model, MCP server) cannot be reached.

    `retry_after_s`, when known, is how soon trying again may succeed (HTTP sends it as `Retry-After`).
    """

    def __init__(self, message: str, *, retry_after_s: float | None = None) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


class ToolFailed(RelayboardError):
    """An MCP tool that is not Relayboard's answered with an error; the message is that tool's own account."""


class InternalFault(RelayboardError):
    """A Relayboard component failed unexpectedly; the message says so without internals, the log has them."""


class ConfigurationError(RelayboardError):
    """Settings that cannot work together; raised at start-up."""


# A tool error's kind crosses the MCP hop as data: `_meta[ERROR_META_KEY] = {"kind": <code>}` on the result.
ERROR_META_KEY = "relayboard/error"
INTERNAL = "internal"

_CODES: tuple[tuple[str, type[RelayboardError]], ...] = (
    ("query_rejected", QueryRejected),
    ("invalid_input", InvalidInput),
    ("not_found", NotFound),
    ("unauthenticated", Unauthenticated),
    ("forbidden", Forbidden),
    ("timeout", QueryTimeout),
    ("unavailable", UpstreamUnavailable),
    ("tool_failed", ToolFailed),
    (INTERNAL, InternalFault),
)


def error_code(exc: RelayboardError) -> str:
    """The wire code of `exc`'s kind (`internal` for kinds without one: nothing a caller could fix)."""
    return next((code for code, kind in _CODES if isinstance(exc, kind)), INTERNAL)


def error_from_code(code: str, message: str, default: type[RelayboardError]) -> RelayboardError:
    """The error a wire code names, or `default` for an unknown code."""
    return next((kind for known, kind in _CODES if known == code), default)(message)
