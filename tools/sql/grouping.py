"""Grouped shapes ("per X", "which X has the most Y", "X with more than N Y")."""

from collections.abc import Iterator

from sqlglot import exp

from tools.sql.candidate import Candidate, col, merge_joins
from tools.sql.filters import comparisons
from tools.sql.group_ties import with_ties
from tools.sql.pair_groups import paired_keys
from tools.sql.profile import DatabaseProfile, TableProfile, towards_parents
from tools.sql.question import Question, column_stems, table_stems
from tools.sql.routes import join_path
from tools.sql.shape_parts import AGGREGATES, Named, sort_direction, top_n, with_columns
from tools.sql.sort_orders import orders_by_count
from tools.sql.summed_superlatives import quantity_superlative
from tools.sql.wording import ASCENDING, DESCENDING, OPERATION_STEMS, linking_stems, stem, stems


def _keys(
    profile: DatabaseProfile,
    base: Candidate,
    named: list[Named],
    near: list[TableProfile],
    question: Question,
    per_group: bool,
) -> Iterator[tuple[Candidate, tuple[exp.Expr, ...], tuple[exp.Expr, ...], frozenset[str], str]]:
    """What to group by: a named column, or a named table the subject refers to, grouped by its key and shown by
    the columns the question names of it (its own, or the subject's key to it), else by its row-naming column."""
    for owner, column in named:
        if column.primary_key or (column.kind == "number" and not per_group):
            continue  # a measure ("the most pages") is not a group unless the question says "per" or "each"
        path = join_path(profile, base.table, owner.name, question)
        if path is None or not towards_parents(path, base.table):
            continue  # "which doctor has the most visits": never the subject grouped by its visits' dates
        joined = with_columns(profile, question, base, [(owner, column)])
        if joined is not None:
            ref = col(owner.name, column.name)
            # "by type of buyer", "by the customer's segment": a joined table's column is named with its table
            owned = table_stems(owner) if owner.name.lower() != base.table.lower() else frozenset()
            yield joined, (ref,), (ref,), frozenset(column_stems(owner, column)) | owned, column.name
    for pair in paired_keys(profile, base.table, named, question):  # "by city and state": one group of both
        joined = with_columns(profile, question, base, list(pair))
        if joined is not None:
            refs = tuple(col(owner.name, column.name) for owner, column in pair)
            owned = frozenset().union(*(table_stems(o) for o, _ in pair if o.name.lower() != base.table.lower()))
            said = frozenset().union(*(column_stems(o, c) for o, c in pair)) | owned
            yield joined, refs, refs, said, " and ".join(c.name for _, c in pair)
    for other in near:
        key = other.primary_key
        path = join_path(profile, base.table, other.name, question)
        if path is None or not towards_parents(path, base.table):
            continue  # the subject's rows are grouped by a table they refer to, never by one referring to them
        referring = {path[0].column.lower()} if len(path) == 1 else set()  # the subject's own key to `other`
        columns = [(o, c) for o, c in named if o is other or (o.name == base.table and c.name.lower() in referring)]
        labels = other.labels
        if not columns and not labels:
            continue
        shown_columns = columns or [(other, label) for label in labels]
        if any(profile.shared_values(o, c) is not None for o, c in columns):
            # "by type of buyer": a key's groups shown only by a value other rows share would read as that value's
            # groups, each several times; grouped by the value itself is the first loop's reading
            if not labels:
                continue
            shown_columns = [(other, label) for label in labels if (other, label) not in columns] + columns
        joins = merge_joins(base.joins, path)
        plain = columns and shown_columns == columns
        joined = base.extended(joins=joins, cost=base.cost + len(joins) - len(base.joins) + (0.0 if plain else 0.2))
        shown: tuple[exp.Expr, ...] = tuple(col(o.name, c.name) for o, c in shown_columns)
        by = (col(other.name, key.name),) if key is not None else shown
        covers = table_stems(other) | linking_stems(question.words)
        covers |= frozenset().union(*(column_stems(o, c) for o, c in shown_columns))
        yield joined, shown, by, frozenset(covers), other.name


def _measures(
    profile: DatabaseProfile, question: Question, base: Candidate, named: list[Named]
) -> Iterator[tuple[Candidate, exp.Expr, frozenset[str], str]]:
    yield base, exp.Count(this=exp.Star()), frozenset(OPERATION_STEMS["count"]), "number of rows"
    for owner, column in named:
        if column.kind != "number":
            continue
        joined = with_columns(profile, question, base, [(owner, column)])
        totals = quantity_superlative(question, column_stems(owner, column))  # "the most labor hours": a sum
        for name, function in AGGREGATES.items():
            if joined is None or not question.asks(name):
                continue
            covers = frozenset(OPERATION_STEMS[name] | column_stems(owner, column))
            if totals and name in ("max", "min"):
                covers |= OPERATION_STEMS["sum"]  # "racked up the most hours" (tools/sql/phrasal_verbs.py: "total")
                yield joined, exp.Sum(this=col(owner.name, column.name)), covers, f"total {column.name}"
            else:
                yield joined, function(this=col(owner.name, column.name)), covers, f"{name} {column.name}"


def groups(
    profile: DatabaseProfile,
    question: Question,
    base: Candidate,
    table: TableProfile,
    named: list[Named],
    near: list[TableProfile],
) -> list[Candidate]:
    found: list[Candidate] = []
    direction = sort_direction(question)
    # "sorted by the number of songs" asks for the count of each group as much as "per" does
    per = question.asks("group") or orders_by_count(question)
    shows_measure = question.has_phrase("how many") or per
    for keyed, shown, by, key_covers, key_name in _keys(profile, base, named, near, question, per):
        for measured, measure, measure_covers, measure_name in _measures(profile, question, keyed, named):
            if measure_covers & key_covers - OPERATION_STEMS["count"]:
                continue  # the grouping column is not also the measured one
            grouped = measured.extended(
                group=by,
                covers=measured.covers | key_covers | measure_covers,
                description=f"{measure_name} of {base.description} for each {key_name}",
            )
            counted = isinstance(measure, exp.Count)
            if per and (question.asks("count") or not counted):
                found.append(
                    grouped.extended(select=(*shown, measure), covers=grouped.covers | OPERATION_STEMS["group"])
                )
            for comparison in comparisons(question):
                if comparison.index in grouped.numbers_used:
                    continue
                number = next(n.value for n in question.numbers if n.index == comparison.index)
                literal = exp.Literal.number(int(number) if number.is_integer() else number)
                found.append(
                    grouped.extended(
                        select=(*shown, measure) if shows_measure else shown,
                        having=comparison.operator(this=measure.copy(), expression=literal),
                        numbers_used=grouped.numbers_used | {comparison.index},
                        covers=grouped.covers | {stem(w) for w in comparison.words} | OPERATION_STEMS["group"],
                        description=f"{key_name} of {base.description} whose {measure_name} is "
                        f"{' '.join(comparison.words)} {literal.sql()}",
                    )
                )
            # "the highest price for each category" is a maximum per category, not the category with the highest
            if (
                direction is not None
                and (question.asks("max") or question.asks("min"))
                and not _each(question, key_covers)
            ):
                limit, used = top_n(question, grouped.numbers_used)
                ranked = grouped.extended(
                    select=(*shown, measure) if question.has_phrase("how many") else shown,
                    order=(exp.Ordered(this=measure.copy(), desc=direction),),
                    limit=limit,
                )
                if limit == 1 and used == grouped.numbers_used and isinstance(measure, exp.Count):
                    ranked = with_ties(ranked, measure, direction)  # no N asked: every group tied at the top
                found.append(
                    ranked.extended(
                        numbers_used=used,
                        covers=grouped.covers | stems(sorted(DESCENDING | ASCENDING)) | OPERATION_STEMS["group"],
                        description=f"the {limit} {key_name} with the {'highest' if direction else 'lowest'} "
                        f"{measure_name} of {base.description}",
                    )
                )
    return found


def _each(question: Question, key_covers: frozenset[str]) -> bool:
    """Whether "each", "every" or "per" qualifies the group key ("for each product category")."""
    words = question.words
    return any(
        stem(word) in key_covers and {"each", "every", "per"} & set(words[max(0, at - 2) : at])
        for at, word in enumerate(words)
    )


group_keys = _keys  # what tools/sql/amounts.py groups money totals by: the same keys as any other measure
