"""Curated, parameterised queries: named SQL with typed parameters, loaded from YAML and checked at load."""

import re
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlglot import exp, parse_one

from tools.errors import ConfigurationError, InvalidInput
from tools.sql.guard import ensure_read_only

CURATED_META_KEY = "relayboard/curated"
"""The MCP tool `_meta` key that marks a tool as a curated query (its value is true); `examples` sits beside it."""
GROUPED_META_KEY = "grouped"
"""Beside `examples`: true when the query returns a row per group (GROUP BY), never one overall figure."""
SHAPE_META_KEY = "shape"
"""Beside `examples`: the query's `Shape`, read from its SQL."""
LIMIT_META_KEY = "limit_parameter"
"""Beside `examples`: the parameter its LIMIT takes (a top-N query), or null."""
MENTIONS_META_KEY = "mentions"
"""Beside `examples`: the query's `mentions`, word groups a question must name one word of each."""
COLUMNS_META_KEY = "columns"
"""Beside `examples`: the names of the columns the query returns, in order."""
Shape = Literal["figure", "rows", "groups", "top"]
"""What a query returns: one overall figure (an aggregate, no GROUP BY), rows of a table (no aggregate), a row
per group (GROUP BY), or the first N rows of a ranking (a LIMIT that takes a parameter)."""
_MENTION = r"^[A-Za-z]+(?:\|[A-Za-z]+)*$"  # words split by |, e.g. sold|sell|sales
_PLACEHOLDER = re.compile(r"(?<!:):([A-Za-z_][A-Za-z0-9_]*)")
ParameterType = Literal["integer", "number", "string"]
_PYTHON_TYPES: dict[str, tuple[type, ...]] = {"integer": (int,), "number": (int, float), "string": (str,)}


class CuratedParameter(BaseModel):
    """One typed parameter of a curated query."""

    model_config = ConfigDict(extra="forbid")

    type: ParameterType
    description: str
    minimum: float | None = None
    maximum: float | None = None
    default: int | float | str | None = None

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": self.type, "description": self.description}
        if self.minimum is not None:
            schema["minimum"] = self.minimum
        if self.maximum is not None:
            schema["maximum"] = self.maximum
        if self.default is not None:
            schema["default"] = self.default
        return schema


class CuratedQuery(BaseModel):
    """A named read-only query a team asks daily, with example phrasings for matching questions."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=r"^[a-z][a-z0-9_]{2,62}$")
    description: str
    examples: list[str] = Field(default_factory=list)
    parameters: dict[str, CuratedParameter] = Field(default_factory=dict)
    mentions: list[Annotated[str, Field(pattern=_MENTION)]] = Field(
        default_factory=list,
        description="What the question must name, one word of each entry (alternatives split by |): the measure "
        "and the subject, e.g. `genre|genres` and `sold|sell|sales`, so `tracks in a genre` is not `tracks sold`",
    )
    sql: str

    @property
    def grouped(self) -> bool:
        """Whether the query returns a row per group (it has a GROUP BY) rather than one overall row."""
        return parse_one(self.sql).args.get("group") is not None

    @property
    def shape(self) -> Shape:
        """What the query returns, read from its outermost SELECT."""
        tree = self._tree()
        if self.limit_parameter is not None:
            return "top"
        if tree.args.get("group") is not None:
            return "groups"
        if any(column.find(exp.AggFunc) for column in tree.selects):
            return "figure"
        return "rows"

    @property
    def limit_parameter(self) -> str | None:
        """The parameter the outermost LIMIT takes (`LIMIT :limit`), or None."""
        limit = self._tree().args.get("limit")
        placeholder = limit.find(exp.Placeholder) if limit is not None else None
        return str(placeholder.this) if placeholder is not None else None

    @property
    def columns(self) -> list[str]:
        """The names of the columns the query returns (aliases where given), in order."""
        return [column.alias_or_name for column in self._tree().selects]

    def missing_tables(self, tables: list[str]) -> list[str]:
        """The tables the query reads that are not among `tables` (a database's, `schema.name` or `name`), by
        name without the schema, in any case."""
        known = {table.rsplit(".", 1)[-1].lower() for table in tables}
        ctes = {cte.alias_or_name.lower() for cte in self._tree().find_all(exp.CTE)}
        read = [table.name for table in self._tree().find_all(exp.Table) if table.name]
        return sorted({name for name in read if name.lower() not in known | ctes})

    def _tree(self) -> exp.Query:
        tree = parse_one(self.sql)
        if not isinstance(tree, exp.Query):  # load_curated_queries has checked it is one SELECT
            raise ConfigurationError(f"curated query {self.name!r} is not a SELECT")
        return tree

    def input_schema(self) -> dict[str, Any]:
        """JSON Schema of the arguments, as an MCP tool advertises it."""
        return {
            "type": "object",
            "properties": {name: p.json_schema() for name, p in self.parameters.items()},
            "required": [name for name, p in self.parameters.items() if p.default is None],
            "additionalProperties": False,
        }

    def bind(self, arguments: dict[str, Any]) -> dict[str, Any]:
        """Check `arguments` against the parameter types and fill defaults.

        Raises:
            InvalidInput: a missing, unknown or ill-typed argument; the message names the parameter.
        """
        unknown = sorted(set(arguments) - set(self.parameters))
        if unknown:
            raise InvalidInput(
                f"{self.name} has no parameter {', '.join(unknown)}; parameters: {', '.join(self.parameters) or 'none'}"
            )
        bound: dict[str, Any] = {}
        for name, spec in self.parameters.items():
            value = arguments.get(name, spec.default)
            if value is None:
                raise InvalidInput(f"{self.name} needs `{name}`: {spec.description}")
            if isinstance(value, bool) or not isinstance(value, _PYTHON_TYPES[spec.type]):
                raise InvalidInput(f"`{name}` must be a {spec.type}, got {value!r}")
            number = float(value) if isinstance(value, int | float) else None
            if spec.minimum is not None and number is not None and number < spec.minimum:
                raise InvalidInput(f"`{name}` must be at least {spec.minimum:g}, got {value}")
            if spec.maximum is not None and number is not None and number > spec.maximum:
                raise InvalidInput(f"`{name}` must be at most {spec.maximum:g}, got {value}")
            bound[name] = value
        return bound


class _CuratedFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    queries: list[CuratedQuery]
    descriptions: dict[str, str] = Field(
        default_factory=dict, description="`Table` or `Table.Column` -> what it holds, for schema search"
    )


def default_queries_path() -> Path:
    """The curated queries for the Chinook demo database, shipped with the package."""
    return Path(str(resources.files("tools.sql").joinpath("chinook_queries.yaml")))


def load_schema_descriptions(path: Path) -> dict[str, str]:
    """The `descriptions` of a curated queries file: what tables and columns hold, in business words.

    Raises:
        ConfigurationError: unreadable YAML or a schema error.
    """
    return _read(path).descriptions


def _read(path: Path) -> _CuratedFile:
    try:
        return _CuratedFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise ConfigurationError(f"curated queries file {path} is not valid: {exc}") from exc


def load_curated_queries(path: Path, dialect: str = "sqlite") -> list[CuratedQuery]:
    """Load and check a YAML file of curated queries.

    Raises:
        ConfigurationError: unreadable YAML, a schema error, a duplicate name, SQL that is not read-only,
            or placeholders that do not match the declared parameters.
    """
    queries = _read(path).queries
    seen: set[str] = set()
    for query in queries:
        if query.name in seen:
            raise ConfigurationError(f"{path}: curated query {query.name!r} is defined twice")
        seen.add(query.name)
        try:
            ensure_read_only(query.sql, dialect)
        except InvalidInput as exc:
            raise ConfigurationError(f"{path}: curated query {query.name!r}: {exc}") from exc
        placeholders = set(_PLACEHOLDER.findall(query.sql))
        if placeholders != set(query.parameters):
            raise ConfigurationError(
                f"{path}: curated query {query.name!r} uses placeholders {sorted(placeholders)} "
                f"but declares parameters {sorted(query.parameters)}"
            )
    return queries
