"""One candidate query: its parts as sqlglot expressions, the question words it accounts for, and its SQL."""

from dataclasses import dataclass, field, replace

from sqlglot import exp

from tools.sql.profile import ForeignKey, TableProfile, towards_parents

AGGREGATES = (exp.Count, exp.Sum, exp.Avg, exp.Max, exp.Min)


def table_ref(name: str) -> exp.Table:
    """`Invoice` or, outside PostgreSQL's default schema, `sales.Invoice` (as list_tables names it)."""
    schema, _, table = name.rpartition(".")
    return exp.Table(
        this=exp.to_identifier(table, quoted=True), db=exp.to_identifier(schema, quoted=True) if schema else None
    )


def col(table: str, column: str) -> exp.Column:
    return exp.column(column, table=table.rpartition(".")[2], quoted=True)


def whole_name(table: TableProfile) -> exp.Expr:
    """`table`'s naming column, or a person's name parts joined as one whole name (`first || ' ' || last`)."""
    parts = [col(table.name, c.name) for c in table.labels]
    whole: exp.Expr = parts[0]
    for part in parts[1:]:
        whole = exp.DPipe(this=exp.DPipe(this=whole, expression=exp.Literal.string(" ")), expression=part)
    return whole


@dataclass(frozen=True, slots=True)
class Candidate:
    """A SELECT over `table` and the tables `joins` reach; `covers` are the question stems it accounts for.

    `cost` grows with every join and assumption, so the plainest reading wins among equals.
    """

    table: str
    select: tuple[exp.Expr, ...]
    description: str
    covers: frozenset[str]
    joins: tuple[ForeignKey, ...] = ()
    where: tuple[exp.Expr, ...] = ()
    group: tuple[exp.Expr, ...] = ()
    having: exp.Expr | None = None
    order: tuple[exp.Ordered, ...] = ()
    limit: int | None = None
    distinct: bool = False
    cost: float = 0.0
    values_used: frozenset[int] = field(default_factory=frozenset)
    numbers_used: frozenset[int] = field(default_factory=frozenset)
    negates: bool = False  # a condition of `where` took the question's "not": no anti-join may take it again
    outer: bool = False  # `joins` are LEFT JOINs: every row of `table` stays, with or without rows to join

    def extended(self, **changes: object) -> "Candidate":
        return replace(self, **changes)  # type: ignore[arg-type]  # dataclasses.replace takes field keywords

    def selects(self, *kinds: type[exp.Expr]) -> bool:
        """Whether a shown column is, or holds, an expression of one of `kinds` (`exp.Count`, AGGREGATES)."""
        return any(part.find(*kinds) is not None for part in self.select)

    @property
    def tables(self) -> set[str]:
        return (
            {self.table.lower()}
            | {fk.table.lower() for fk in self.joins}
            | {fk.target_table.lower() for fk in self.joins}
        )

    @property
    def repeats_rows(self) -> bool:
        """Whether a join runs from a row to the rows that refer to it, so the subject's rows can repeat."""
        return not towards_parents(self.joins, self.table)

    def sql(self, dialect: str) -> str:
        """The candidate rendered for `dialect` ("sqlite", "postgres")."""
        return self.query().sql(dialect=dialect)

    def query(self) -> exp.Select:
        """The candidate as a sqlglot SELECT (to nest it in another query)."""
        query = exp.select(*self.select).from_(table_ref(self.table))
        if self.distinct:
            query = query.distinct()
        joined = {self.table.lower()}
        for fk in self.joins:
            new = fk.target_table if fk.table.lower() in joined else fk.table
            on = col(fk.table, fk.column).eq(col(fk.target_table, fk.target_column))
            query = query.join(table_ref(new), on=on, join_type="left" if self.outer else None)
            joined.add(new.lower())
        for condition in self.where:
            query = query.where(condition)
        if self.group:
            query = query.group_by(*self.group)
        if self.having is not None:
            query = query.having(self.having)
        if self.order:
            query = query.order_by(*self.order)
        if self.limit is not None:
            query = query.limit(self.limit)
        return query


def merge_joins(*paths: tuple[ForeignKey, ...]) -> tuple[ForeignKey, ...]:
    merged: list[ForeignKey] = []
    for path in paths:
        merged += [fk for fk in path if fk not in merged]
    return tuple(merged)
