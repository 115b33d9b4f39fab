"""What a database holds, learnt from the database itself: tables, typed columns, join paths and a value index.

The profile is what the schema-grounded parser (tools/sql/proposals.py) reasons over; it needs no curated YAML.
Column kinds come from declared types, checked against the values (a TEXT column of numbers is a number, as
real schemas store ages and prices that way). Text columns with a bounded number of distinct, short values are
indexed by value, so "customers in Brazil" finds `Country`.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Literal

from tools.errors import RelayboardError
from tools.sql.database import Database
from tools.sql.person_index import MAX_PEOPLE, PersonKey, PersonName, people_named, person_key
from tools.sql.results import TableInfo
from tools.sql.wording import stem, stems

Kind = Literal["key", "number", "date", "text"]
MAX_VALUES_PER_COLUMN = 12_000  # distinct values indexed per text column; columns with more are free text
MAX_VALUES = 60_000  # the whole index: bounds start-up on wide databases
MAX_VALUE_CHARS = 60  # longer values are prose, not something a question names
_PAGE = 200
_FK = re.compile(r"^\s*(?P<column>\S+)\s*->\s*(?P<table>[^\s.]+(?:\.[^\s.]+)?)\.(?P<target>\S+)\s*$")
_NUMBER_TYPE = re.compile(r"int|real|num|dec|float|double|money|serial", re.IGNORECASE)
_MONEY_TYPE = re.compile(r"money", re.IGNORECASE)
_DATE_TYPE = re.compile(r"date|time", re.IGNORECASE)
_DATE_VALUE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_NUMBER_VALUE = re.compile(r"^-?\d+(?:\.\d+)?$")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|_+|\s+")


# Shortenings schema names use for common English words (`amt_claimed`, `OrderQty`, `dept_no`): the grammar of
# names, not any domain's vocabulary. Only shortenings with one reading: `min` (minimum or minute), `hr` (hour or
# human resources) and `prod` (product or production) are left as written.
_SHORTENED = {
    "amt": "amount",
    "qty": "quantity",
    "num": "number",
    "pmt": "payment",
    "pmts": "payments",
    "cust": "customer",
    "addr": "address",
    "dept": "department",
    "emp": "employee",
    "mgr": "manager",
    "cnt": "count",
    "pct": "percent",
    "acct": "account",
    "qtr": "quarter",
    "yr": "year",
    "yrs": "years",
    "hrs": "hours",
    "mins": "minutes",
    "bal": "balance",
    "avg": "average",
}


YEAR_WORD = "year"


def name_words(name: str) -> list[str]:
    """`InvoiceLine`, `invoice_line` and `INVOICE_LINE` all read `invoice line`; shortened words read in full
    (`amt_claimed`: `amount claimed`)."""
    return [_SHORTENED.get(part.lower(), part.lower()) for part in _CAMEL.split(name) if part]


@dataclass(frozen=True, slots=True)
class ColumnProfile:
    """`absent`: some row holds no value in the column (NULL, or an empty string in a text column). `zero_one`: a
    number column, no key, whose stored values are 0 and 1 and nothing else (both stored): a yes/no flag whose
    true value is 1, as `is_online` or `irrigated` often is (tools/sql/flags.py). `calendar_year`: a number column
    named with the word "year" (`founded_year`, `year_built`) whose every stored value is a year from 1000 to 2999,
    which a year in the question is compared with (tools/sql/date_filters.py)."""

    name: str
    kind: Kind
    primary_key: bool
    absent: bool = False
    zero_one: bool = False
    calendar_year: bool = False


@dataclass(frozen=True, slots=True)
class ForeignKey:
    """`table.column` refers to `target_table.target_column`."""

    table: str
    column: str
    target_table: str
    target_column: str


def towards_parents(path: tuple[ForeignKey, ...] | list[ForeignKey], start: str) -> bool:
    """Whether every join of `path`, from table `start`, runs from a row to the one row it refers to: each row of
    `start` meets at most one row at the far end, so nothing it is joined to repeats it."""
    current = start.lower()
    for fk in path:
        if fk.table.lower() != current:
            return False
        current = fk.target_table.lower()
    return True


def towards_children(path: tuple[ForeignKey, ...] | list[ForeignKey], start: str) -> bool:
    """Whether every join of `path`, from table `start`, runs from a row to the rows that refer to it."""
    current = start.lower()
    for fk in path:
        if fk.target_table.lower() != current:
            return False
        current = fk.table.lower()
    return True


@dataclass(slots=True)
class TableProfile:
    name: str
    columns: list[ColumnProfile]
    row_count: int

    def column(self, name: str) -> ColumnProfile | None:
        return next((column for column in self.columns if column.name.lower() == name.lower()), None)

    @property
    def label(self) -> ColumnProfile | None:
        """The column that names a row (`name`, `*_name`, `title`; failing those `label`, then `description`, as a
        lookup table names its rows), if the table has one."""
        texts = [column for column in self.columns if column.kind == "text"]
        for wanted in ([*name_words(self.name)[-1:], "name"], ["name"], ["title"], ["label"], ["description"]):
            found = next((c for c in texts if name_words(c.name)[-len(wanted) :] == wanted), None)
            if found is not None:
                return found
        return None

    @property
    def labels(self) -> list[ColumnProfile]:
        """The columns that name a row: `label`, or, where a person's name is stored in parts (`FirstName`,
        `LastName`), every part, first to last: one part alone names no one."""
        label = self.label
        if label is None or not _is_name_part(label.name):
            return [label] if label is not None else []
        parts = [c for c in self.columns if c.kind == "text" and _is_name_part(c.name)]
        return sorted(parts, key=lambda c: _NAME_PARTS.index(name_words(c.name)[-2]))

    @property
    def primary_key(self) -> ColumnProfile | None:
        keys = [column for column in self.columns if column.primary_key]
        return keys[0] if len(keys) == 1 else None


_NAME_PARTS = ("first", "given", "middle", "last", "family", "sur")
_FIRST_PARTS, _LAST_PARTS = frozenset({"first", "given"}), frozenset({"last", "family", "sur"})


def name_part(name: str) -> Literal["first", "last"] | None:
    """Whether column `name` holds the first part of a person's name (`FirstName`, `given_name`), the last
    (`last_name`, `surname` spelt `sur_name`), or neither (a middle name is neither)."""
    if not _is_name_part(name):
        return None
    part = name_words(name)[0]
    return "first" if part in _FIRST_PARTS else "last" if part in _LAST_PARTS else None


def first_and_last(table: TableProfile) -> tuple[ColumnProfile, ColumnProfile] | None:
    """The one column of `table`'s naming columns that holds first names and the one that holds last names."""
    firsts = [c for c in table.labels if name_part(c.name) == "first"]
    lasts = [c for c in table.labels if name_part(c.name) == "last"]
    return (firsts[0], lasts[0]) if len(firsts) == len(lasts) == 1 else None


def _is_name_part(name: str) -> bool:
    words = name_words(name)
    return len(words) == 2 and words[1] == "name" and words[0] in _NAME_PARTS


@dataclass(frozen=True, slots=True)
class ValueRef:
    """A stored text value and where it is stored."""

    table: str
    column: str
    value: str


@dataclass(slots=True)
class DatabaseProfile:
    """Tables by lower-case name, foreign keys, and text values by their lower-case form."""

    tables: dict[str, TableProfile] = field(default_factory=dict)
    foreign_keys: list[ForeignKey] = field(default_factory=list)
    values: dict[str, list[ValueRef]] = field(default_factory=lambda: defaultdict(list))
    column_values: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    people: dict[PersonKey, PersonName] = field(default_factory=dict)  # tools/sql/person_index.py

    def contained(self, ref: ValueRef) -> bool:
        """Whether other values of `ref`'s column list it among others ("Eric Clapton" in "Eric Clapton, Jim
        Gordon"); "chinese" in "chinese vegetarian" is another value, not a list."""
        item = re.escape(ref.value.lower())
        pattern = re.compile(rf"(?:^|[,/;&]|\band\b)\s*{item}\s*(?:$|[,/;&]|\band\b)")
        stored = self.column_values.get((ref.table.lower(), ref.column.lower()), [])
        return any(value.lower() != ref.value.lower() and pattern.search(value.lower()) for value in stored)

    def table(self, name: str) -> TableProfile:
        return self.tables[name.lower()]

    def shared_values(self, table: TableProfile, column: ColumnProfile) -> int | None:
        """How many distinct values `column` of `table` holds when they are indexed and fewer than its rows (rows
        share them: a category, not each row's own name); None otherwise."""
        stored = self.column_values.get((table.name.lower(), column.name.lower()))
        return len(stored) if stored is not None and len(stored) < table.row_count else None

    def table_named(self, name: str) -> TableProfile | None:
        """The table a column refers to by `name`: its full name (`sales.invoice`), or its name without the schema
        (`invoice`, as the parser's columns name it, tools/sql/candidate.py); None if no table has it."""
        lowered = name.lower()
        return self.tables.get(lowered) or next(
            (t for t in self.tables.values() if t.name.rpartition(".")[2].lower() == lowered), None
        )

    def table_of_noun(self, word: str) -> TableProfile | None:
        """The table a noun names by its own words (`album` for "albums"), if exactly one does."""
        named = [t for t in self.tables.values() if stems(name_words(t.name)) == {stem(word)}]
        return named[0] if len(named) == 1 else None

    def is_link(self, table: TableProfile) -> bool:
        """Whether `table` only links rows of other tables (playlist to track, student to course): keys to two or
        more tables and no column that is not one of them. Its rows are pairs, not things to count or list; the
        words of its name are the names of the tables it links. A table with an id of its own (a loan of a book
        to a member) is a thing of its own, which can be counted."""
        lowered = table.name.lower()
        keys = [fk for fk in self.foreign_keys if fk.table.lower() == lowered]
        targets = {fk.target_table.lower() for fk in keys} - {lowered}
        columns = {fk.column.lower() for fk in keys}
        return len(targets) >= 2 and all(column.name.lower() in columns for column in table.columns)

    def joins(self, table: str) -> list[ForeignKey]:
        """Foreign keys from or to `table`."""
        lowered = table.lower()
        return [fk for fk in self.foreign_keys if lowered in (fk.table.lower(), fk.target_table.lower())]


async def build_profile(database: Database) -> DatabaseProfile:
    """Read every table the database lets its queries read, with a bounded index of text values.

    Raises:
        UpstreamUnavailable: the database cannot be reached.
    """
    profile = DatabaseProfile()
    for name in await database.list_tables():
        info = await database.describe_table(name, sample_rows=0)
        table = TableProfile(info.name, [], info.row_count)
        keys = list(dict.fromkeys(_foreign_keys(info)))  # a key declared twice is one join
        profile.foreign_keys += keys
        key_columns = {fk.column.lower() for fk in keys}
        numeric = set()  # declared as numbers, so comparable with 0 and 1 in any dialect (PostgreSQL's money is not)
        for column in info.columns:
            kind = _declared_kind(column.type, column.name, column.primary_key or column.name.lower() in key_columns)
            if kind == "number" and not _MONEY_TYPE.search(column.type):
                numeric.add(column.name)
            # Text keys are natural keys (a city's name): their values are indexed too.
            textual = kind == "text" or (kind == "key" and not _NUMBER_TYPE.search(column.type))
            found = await _distinct(database, info.name, column.name) if textual else []
            values = found or []  # None: too many distinct values to index (free text)
            if kind == "text" and values and all(_NUMBER_VALUE.match(str(v)) for v in values):
                kind = "number"  # numbers stored as text: compared and ordered as numbers by the parser
            elif kind == "text" and values and all(_DATE_VALUE.match(str(v)) for v in values):
                kind = "date"
            table.columns.append(ColumnProfile(column.name, kind, column.primary_key))
            if kind in ("text", "key") and found is not None and len(values) <= MAX_VALUES_PER_COLUMN:
                _index(profile, info.name, column.name, values)
        table.columns = await _with_absences(database, profile, table, numeric)
        profile.tables[info.name.lower()] = table
        await _index_people(database, profile, table)
    return profile


async def _with_absences(
    database: Database, profile: DatabaseProfile, table: TableProfile, numeric: set[str]
) -> list[ColumnProfile]:
    """`table`'s columns, each marked `absent` when a row holds NULL in it or, for an indexed text column, an empty
    string ("customers with no fax" reads only a column that can lack a value), and each of the `numeric` columns
    (declared as numbers) marked `zero_one` when it stores 0 and 1 and nothing else. One scan of the table answers
    both, with counts only: no sort, no distinct values kept, and exact where a sample could miss the one row
    holding 2 (SQLite, 100k rows, eight columns six of them numbers: 46 ms, against 18 ms for the absences
    alone; about 5 ms per number column)."""
    columns = [column for column in table.columns if not column.primary_key]
    if not columns:
        return table.columns
    flags = [column for column in columns if column.name in numeric]
    years = [column for column in flags if YEAR_WORD in name_words(column.name)]
    quoted_table = ".".join(map(_quote, table.name.split(".")))
    counts = [f"COUNT(*) - COUNT({_quote(column.name)})" for column in columns]
    for column in flags:  # how many rows hold 0, and 1: with the NULLs, every row when the column is a flag
        counts += [f"COUNT(CASE WHEN {_quote(column.name)} = {bit} THEN 1 END)" for bit in (0, 1)]
    for column in years:  # how many rows hold a calendar year: with the NULLs, every row of a year column
        counts.append(f"COUNT(CASE WHEN {_quote(column.name)} BETWEEN 1000 AND 2999 THEN 1 END)")
    try:
        result = await database.run(f"SELECT COUNT(*), {', '.join(counts)} FROM {quoted_table}")
    except RelayboardError:
        return table.columns  # a table the role cannot scan: no column is known to lack values
    if not result.rows:
        return table.columns
    total, *found = (int(count or 0) for count in result.rows[0])
    nulls = dict(zip((c.name for c in columns), found, strict=False))
    bits = {c.name: found[len(columns) + 2 * i : len(columns) + 2 * i + 2] for i, c in enumerate(flags)}
    dated = found[len(columns) + 2 * len(flags) :]
    calendar = {c.name for c, count in zip(years, dated, strict=False) if count and count + nulls[c.name] == total}
    return [
        replace(
            column,
            absent=bool(nulls.get(column.name))
            or "" in profile.column_values.get((table.name.lower(), column.name.lower()), []),
            zero_one=column.name in bits and _zero_one(bits[column.name], nulls[column.name], total),
            calendar_year=column.name in calendar,
        )
        for column in table.columns
    ]


def _zero_one(bits: list[int], nulls: int, total: int) -> bool:
    """Whether a column holding `bits` (how many 0s, how many 1s) and `nulls` NULLs of `total` rows holds 0 and 1
    and nothing else: a column holding only one of them tells no flag from a constant."""
    return len(bits) == 2 and all(bits) and sum(bits) + nulls == total


async def _index_people(database: Database, profile: DatabaseProfile, table: TableProfile) -> None:
    """The full names `table`'s rows hold, when its naming columns are a first and a last name, both indexed as
    values (so neither is free text) and the pairs fit what is left of the bounded index."""
    parts = first_and_last(table)
    if parts is None or any((table.name.lower(), c.name.lower()) not in profile.column_values for c in parts):
        return
    first, last = parts
    found = await people_named(database, table.name, first.name, last.name, MAX_PEOPLE - len(profile.people))
    for person in found or []:
        key = person_key(table.name, person.first, person.last)
        same = profile.people.get(key)  # "Ann Lee" and "ann lee": one name, as a question writes it, on more rows
        profile.people[key] = replace(person, rows=person.rows + same.rows) if same else person


def _declared_kind(declared: str, name: str, key: bool) -> Kind:
    if key or name_words(name)[-1:] == ["id"] or (name.lower().endswith("id") and _NUMBER_TYPE.search(declared)):
        return "key"
    if _DATE_TYPE.search(declared):
        return "date"
    if _NUMBER_TYPE.search(declared):
        return "number"
    return "text"


def _foreign_keys(info: TableInfo) -> list[ForeignKey]:
    keys = []
    for text in info.foreign_keys:
        found = _FK.match(text)
        if found:
            keys.append(ForeignKey(info.name, found["column"], found["table"], found["target"]))
    return keys


async def _distinct(database: Database, table: str, column: str) -> list[object] | None:
    """The distinct non-null values, read a page (the row cap) at a time; None when there are more than
    MAX_VALUES_PER_COLUMN (counted first, in one scan)."""
    quoted_table, quoted_column = ".".join(map(_quote, table.split("."))), _quote(column)  # `sales.Invoice`
    try:
        # one scan says whether the column is worth paging through (free text is not indexed)
        counted = await database.run(f"SELECT COUNT(DISTINCT {quoted_column}) FROM {quoted_table}")
    except RelayboardError:
        return []  # a column the role cannot read is simply not indexed
    if counted.rows and int(counted.rows[0][0] or 0) > MAX_VALUES_PER_COLUMN:
        return None
    found: list[object] = []
    while len(found) <= MAX_VALUES_PER_COLUMN:  # the count can be stale by the time the pages are read
        sql = (
            f"SELECT DISTINCT {quoted_column} FROM {quoted_table} WHERE {quoted_column} IS NOT NULL "
            f"ORDER BY 1 LIMIT {_PAGE} OFFSET {len(found)}"
        )
        try:
            result = await database.run(sql)
        except RelayboardError:
            return found  # a column the role cannot read is simply not indexed
        found += [row[0] for row in result.rows]
        if len(result.rows) < _PAGE and not result.truncated:
            break
    return found


def _index(profile: DatabaseProfile, table: str, column: str, values: list[object]) -> None:
    profile.column_values[(table.lower(), column.lower())] = [str(value) for value in values]
    for value in values:
        if len(profile.values) >= MAX_VALUES:
            return
        text = str(value).strip()
        if 0 < len(text) <= MAX_VALUE_CHARS and not _NUMBER_VALUE.match(text):
            profile.values[text.lower()].append(ValueRef(table, column, str(value)))


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
