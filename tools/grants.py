"""Grants: what a caller may do, denied unless named. One vocabulary for the key store, the gateway and the servers.

A grant is one string:

    admin                           manage keys and grants (/v1/admin/keys)
    agent:NAME | agent:*            ask through that agent (retrieval, sql, summarise)
    tool:SERVER:PATTERN             call that server's tools whose name matches (`tool:sql:*`,
                                    `tool:retrieval:search_*`); SERVER is `retrieval`, `sql`, `summarise` or an
                                    external server's configured name
    collection:NAME:LEVEL           read, write (ingest, upsert, delete points) or admin (create, delete) a
                                    collection; NAME may be `*`; each level includes the ones before it
    table:NAME | table:*            read that SQL table (`schema.table` and `schema.*` work too); `table:*`: every
                                    table the deployment allows
"""

from collections.abc import Iterable
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Literal, get_args

from tools.errors import InvalidInput

CollectionLevel = Literal["read", "write", "admin"]
_LEVELS: tuple[CollectionLevel, ...] = get_args(CollectionLevel)
GRANT_HELP = (
    "grants are `admin`, `agent:NAME`, `tool:SERVER:PATTERN` (e.g. `tool:sql:*`), `collection:NAME:read|write|admin` "
    "and `table:NAME` (`*` for all)"
)
# A name in a grant: no colon, whitespace or control character. Any regex dialect (ECMA in JSON Schema, Rust in
# pydantic, Python's in schema-driven test tools) reads this class the same way, and nothing in it is stripped by
# `str.strip`, so a string the pattern allows is one `Grants.parse` reads.
_NAME = r"[^:\s\x00-\x1f\x7f-\x9f\ufeff]+"
GRANT_PATTERN = rf"^(admin|agent:{_NAME}|tool:{_NAME}:{_NAME}|collection:{_NAME}:(read|write|admin)|table:{_NAME})$"
"""The grants an API accepts, as a JSON Schema pattern, so that API documents say it too: each of them is one
`Grants.parse` reads (which also forgives surrounding whitespace, as in settings)."""


@dataclass(frozen=True, slots=True)
class Grants:
    """A parsed set of grants; everything not named is denied."""

    agents: tuple[str, ...] = ()
    tools: tuple[tuple[str, str], ...] = ()
    """(server, tool-name pattern) pairs."""
    collections: tuple[tuple[str, CollectionLevel], ...] = ()
    """(collection-name pattern, level) pairs."""
    sql_tables: tuple[str, ...] | None = ()
    """The tables this caller may read; None: every table the deployment allows."""
    admin: bool = False

    @classmethod
    def parse(cls, grants: Iterable[str]) -> "Grants":
        """Grants from their strings (see the module docstring).

        Raises:
            InvalidInput: a string is not a grant; the message names it and lists the forms.
        """
        agents: list[str] = []
        tools: list[tuple[str, str]] = []
        collections: list[tuple[str, CollectionLevel]] = []
        tables: list[str] | None = []
        admin = False
        for grant in grants:
            kind, _, rest = grant.strip().partition(":")
            parts = rest.split(":")
            if kind == "admin" and not rest:
                admin = True
            elif kind == "agent" and rest and len(parts) == 1:
                agents.append(rest)
            elif kind == "tool" and len(parts) == 2 and all(parts):
                tools.append((parts[0], parts[1]))
            elif kind == "collection" and len(parts) == 2 and parts[0] and parts[1] in _LEVELS:
                collections.append((parts[0], _level(parts[1])))
            elif kind == "table" and rest and len(parts) == 1:
                tables = None if rest == "*" or tables is None else [*tables, rest]
            else:
                raise InvalidInput(f"{grant!r} is not a grant: {GRANT_HELP}")
        return cls(tuple(agents), tuple(tools), tuple(collections), None if tables is None else tuple(tables), admin)

    def strings(self) -> list[str]:
        """The grants as strings, the form `parse` reads (and the key store and call tokens hold)."""
        out = ["admin"] if self.admin else []
        out += [f"agent:{agent}" for agent in self.agents]
        out += [f"tool:{server}:{pattern}" for server, pattern in self.tools]
        out += [f"collection:{name}:{level}" for name, level in self.collections]
        out += ["table:*"] if self.sql_tables is None else [f"table:{table}" for table in self.sql_tables]
        return out

    def allows_agent(self, agent: str) -> bool:
        return any(fnmatchcase(agent, pattern) for pattern in self.agents)

    def allows_tool(self, server: str, tool: str) -> bool:
        return any(fnmatchcase(server, s) and fnmatchcase(tool, pattern) for s, pattern in self.tools)

    def allows_collection(self, collection: str, level: CollectionLevel) -> bool:
        needed = _LEVELS.index(level)
        return any(fnmatchcase(collection, name) and _LEVELS.index(held) >= needed for name, held in self.collections)


def _level(value: str) -> CollectionLevel:
    return next(level for level in _LEVELS if level == value)


FULL_ACCESS = Grants.parse(["admin", "agent:*", "tool:*:*", "collection:*:admin", "table:*"])
"""What a caller holds when the gateway needs no keys (loopback, none configured) and a bootstrap key holds."""
