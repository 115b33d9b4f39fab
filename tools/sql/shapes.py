"""Candidate queries for a question: the shapes business questions take, over each table it could be about.

Every shape is built only from what the question names (tables, columns, values, numbers, operation words), and
each candidate records the question stems it accounts for; ranking (tools/sql/ranking.py) keeps only those that
account for all of them.
"""

from collections.abc import Iterator

from sqlglot import exp

from tools.sql.amounts import amounts
from tools.sql.anti_joins import anti_joins
from tools.sql.arithmetic import with_expressions
from tools.sql.candidate import Candidate, col
from tools.sql.companions import with_names
from tools.sql.counted_nouns import distinct_counts
from tools.sql.currency_words import with_currency_words
from tools.sql.date_spans import date_span, with_spans
from tools.sql.distinct_paths import distinct_reached
from tools.sql.existence import with_existence
from tools.sql.extremes import extremes
from tools.sql.filters import Filters, filter_readings
from tools.sql.group_thresholds import counted_groups, zero_inclusive
from tools.sql.grouping import groups
from tools.sql.interrogatives import answered, asked_columns
from tools.sql.linking_verbs import with_linking_verbs
from tools.sql.nested import averaged_counts
from tools.sql.outer_groups import outer_groups
from tools.sql.output_lists import listed, with_listed_names
from tools.sql.parent_groups import parent_group_keys
from tools.sql.profile import DatabaseProfile, TableProfile
from tools.sql.question import Question, column_stems, counted_elsewhere, mentioned, subject_stems, table_stems
from tools.sql.rate_units import with_stated_units
from tools.sql.ratios import asks_share, shares
from tools.sql.relationship_verbs import relationship_readings
from tools.sql.routes import chosen_stems
from tools.sql.shape_parts import (
    AGGREGATES,
    Named,
    adjacent,
    column_key,
    follows_order_word,
    named_columns,
    neighbours,
    projection,
    showable,
    shown_covers,
    sort_direction,
    top_n,
    with_columns,
)
from tools.sql.sort_orders import counted_orders
from tools.sql.summed_superlatives import one_row_of_many
from tools.sql.type_counts import counted_types
from tools.sql.wording import ASCENDING, DESCENDING, OPERATION_STEMS, TEMPORAL, stems


def candidates(profile: DatabaseProfile, question: Question) -> list[Candidate]:
    """Every candidate reading of `question` over `profile`, complete or not."""
    found: list[Candidate] = []
    named = subjects(profile, question)
    span = date_span(profile, question)  # "how many days did it take to install": the dates' table, named or not
    spanned = [span.table] if span is not None and span.table not in named else []
    for table in [*named, *(t for t in counted_types(profile, question) if t not in named), *spanned]:
        for filters in filter_readings(profile, question, table):
            found += _shapes(profile, question, table, filters)
    found += with_expressions(profile, question, found)  # "quantity times unit price": one measure
    found += with_spans(span, found)  # "how many days did it take to close": end minus start
    # "flights whose origin is Boston": the word that chose the key joined on is read by the join
    found = [c.extended(covers=c.covers | chosen_stems(profile, c.table, c.joins, question)) for c in found]
    found = with_stated_units(question, found)  # "costs more than 80 monthly" of `monthly_fee`
    found = with_currency_words(profile, question, found)  # "the total dollar amount": SUM(amount)
    return with_linking_verbs(profile, question, found)  # "shops that sell tea"


SUBJECT_ELSEWHERE = 0.5
EVERY = frozenset({"each", "every", "all"})  # a list shows each row
EVERYTHING = frozenset({"information", "detail", "everyth"})  # "all the information about hiring": every column


def subjects(profile: DatabaseProfile, question: Question) -> list[TableProfile]:
    """Tables the question names, whose columns it names, or whose values it quotes; never a link table, whose
    rows are pairs ("tracks not in a playlist" counts tracks, not playlist-track pairs)."""
    quoted = {ref.table.lower() for value in question.values for ref in value.refs}
    return [
        table
        for key, table in profile.tables.items()
        if not profile.is_link(table)
        and (
            mentioned(table_stems(table), question)
            or key in quoted
            or any(mentioned(column_stems(table, c), question) for c in table.columns if not c.primary_key)
        )
    ]


def _shapes(profile: DatabaseProfile, question: Question, table: TableProfile, filters: Filters) -> list[Candidate]:
    # "how many professionals treated dogs" is about professionals: another table it names first is a stretch
    said = subject_stems(question)
    elsewhere = not said & table_stems(table) and any(said & table_stems(t) for t in profile.tables.values())
    base = Candidate(
        table=table.name,
        select=(),
        description=f"{' '.join(sorted(table_stems(table)))} rows"
        + (f" where {filters.words}" if filters.words else ""),
        covers=filters.covers | table_stems(table),
        joins=filters.joins,
        where=filters.where,
        cost=filters.cost + (SUBJECT_ELSEWHERE if elsewhere else 0.0),
        values_used=filters.values_used,
        numbers_used=filters.numbers_used,
        negates=filters.negates,
    )
    near = neighbours(profile, question, table)
    spoken = named_columns(question, [table, *near])
    spoken += asked_columns(profile, question, table, spoken)  # "when was Ann Lee hired": her hire date, as if named
    asked = listed(question, spoken, table)  # "titles and prices of ... under 8": a condition's column still shown
    named = [n for n in spoken if column_key(n) not in filters.columns or n in asked]
    # columns of unnamed tables one key away: measured or ordered by, never shown
    extra = [n for n in adjacent(profile, question, table, near, named) if column_key(n) not in filters.columns]
    found = list(_counts(profile, question, base, table, named))
    found += distinct_reached(profile, question, base, table)  # "how many different products were bought"
    found += _aggregates(profile, question, base, named + extra)
    found += _lists(profile, question, base, table, named, extra)
    keys = parent_group_keys(profile, question, table, near)  # "dogs by state": their owners' state
    found += groups(profile, question, base, table, named + extra + keys, near)
    found += distinct_counts(profile, question, found)  # "more than one category": distinct categories
    found += zero_inclusive(profile, found)  # "at most 1 purchase": clients with none too
    found += counted_groups(profile, question, found)  # "how many clients have ...": the number of them
    found += outer_groups(profile, question, found)
    found += counted_orders(question, found)
    found += averaged_counts(profile, question, base, table)
    found += amounts(profile, question, base, table, named + extra + keys, near)
    found += anti_joins(profile, question, table, found)
    found += extremes(profile, question, base, table, named)
    found += relationship_readings(profile, question, table, found)
    found = with_existence(profile, question, found)  # "patients who have some visits"
    found += shares(profile, question, table, found)  # "what percentage of X ...": a count over all X
    return answered(profile, question, table, found)


def _counts(
    profile: DatabaseProfile, question: Question, base: Candidate, table: TableProfile, named: list[Named]
) -> Iterator[Candidate]:
    if not question.asks("count") and not asks_share(profile, question):
        return
    covers = base.covers | OPERATION_STEMS["count"] | {"total"}  # "the total number of ..."
    covers -= counted_elsewhere(profile, question, table)
    # "how many patients visited in 2024": a join to the rows that refer to the subject repeats it; each counts once
    key = table.primary_key if base.repeats_rows else None
    counted = exp.Count(this=exp.Distinct(expressions=[col(table.name, key.name)]) if key else exp.Star())
    yield base.extended(select=(counted,), covers=covers, description="number of " + base.description)
    if question.asks("distinct"):
        for owner, column in named:
            if owner is table:
                counted = exp.Count(this=exp.Distinct(expressions=[col(owner.name, column.name)]))
                yield base.extended(
                    select=(counted,),
                    covers=covers | OPERATION_STEMS["distinct"] | column_stems(owner, column),
                    description=f"number of different {column.name} of " + base.description,
                )


def _aggregates(profile: DatabaseProfile, question: Question, base: Candidate, named: list[Named]) -> list[Candidate]:
    found = []
    # "which book has the most pages" asks for a book, not for the number of pages: a plain figure is a guess,
    # and it does not say which book ("which" names the book, so only a reading that shows one accounts for it)
    guess = 0.5 if {"which", "who"} & set(question.words) else 0.0
    unread = subject_stems(question) if "which" in question.words else set()
    asked = [name for name in AGGREGATES if question.asks(name)]
    for owner, column in named:
        if column.kind != "number":
            continue
        joined = with_columns(profile, question, base, [(owner, column)])
        if joined is None:
            continue
        ref = col(owner.name, column.name)
        covers = (joined.covers | column_stems(owner, column)) - unread
        readings = [[name] for name in asked] + ([["min", "max"]] if {"min", "max"} <= set(asked) else [])
        for reading in readings:
            found.append(
                joined.extended(
                    select=tuple(AGGREGATES[name](this=ref) for name in reading),
                    cost=joined.cost + guess,
                    covers=covers.union(*(OPERATION_STEMS[name] for name in reading)),
                    description=f"{' and '.join(reading)} {column.name} of {base.description}",
                )
            )
    return found


def _lists(
    profile: DatabaseProfile,
    question: Question,
    base: Candidate,
    table: TableProfile,
    named: list[Named],
    extra: list[Named],
) -> list[Candidate]:
    found = []
    named = showable(question, named)
    shown, guess = projection(table, named)
    shown = with_names(question, table, shown) if not guess else shown  # "with their email": whose email
    shown = with_listed_names(question, table, shown)  # "names and ages"
    # a list shows its subject's rows: a table none of whose columns is shown would only filter them
    plain = with_columns(profile, question, base, shown) if any(t is table for t, _ in shown) else None
    if plain is not None:
        found.append(
            plain.extended(
                select=tuple(col(t.name, c.name) for t, c in shown),
                covers=plain.covers | shown_covers(shown, bool(guess)) | EVERY,
                distinct=question.asks("distinct") or plain.repeats_rows,
                cost=plain.cost + guess,
                description=f"{', '.join(c.name for _, c in shown)} of {base.description}",
            )
        )
    if question.free_stems & EVERYTHING:
        found.append(
            base.extended(
                select=(exp.Star(),),
                covers=base.covers | EVERYTHING | EVERY,
                description=f"everything about {base.description}",
            )
        )
    direction = sort_direction(question)
    # "the most recent treatment": a temporal superlative orders by the subject's one date column
    dates = [c for c in table.columns if c.kind == "date"]
    implied = [(table, dates[0])] if len(dates) == 1 and question.free_stems & stems(sorted(TEMPORAL)) else []
    for owner, column in [*named, *extra, *(n for n in implied if n not in named)]:
        others = [n for n in named if n[1] is not column]
        # "names of the sections in reverse order": a list ordered by the one column it names shows that column
        rest, guess = projection(table, others) if others or column.kind != "text" else ([(owner, column)], 0.0)
        ordered = with_columns(profile, question, base, [*rest, (owner, column)]) if rest else None
        if ordered is None:
            continue
        covers = ordered.covers | shown_covers(rest, bool(guess)) | column_stems(owner, column)
        ordering = exp.Ordered(this=col(owner.name, column.name), desc=bool(direction))
        if question.asks("order"):
            found.append(
                ordered.extended(
                    select=tuple(col(t.name, c.name) for t, c in rest),
                    order=(ordering,),
                    covers=covers | OPERATION_STEMS["order"] | OPERATION_STEMS["group"],
                    cost=ordered.cost
                    + guess
                    + (0.0 if follows_order_word(question, column_stems(owner, column)) else 0.3),
                    description=f"{', '.join(c.name for _, c in rest)} of {base.description} ordered by {column.name}",
                )
            )
        if (
            direction is not None
            and column.kind in ("number", "date")
            and (question.asks("max") or question.asks("min"))
            and not one_row_of_many(profile, question, table, owner, column_stems(owner, column))
        ):
            limit, used = top_n(question, ordered.numbers_used)
            found.append(
                ordered.extended(
                    select=tuple(col(t.name, c.name) for t, c in rest),
                    order=(ordering,),
                    limit=limit,
                    numbers_used=used,
                    covers=covers | stems(sorted(DESCENDING | ASCENDING)),
                    cost=ordered.cost + guess,
                    description=f"{', '.join(c.name for _, c in rest)} of the {limit} {base.description} with the "
                    f"{'highest' if direction else 'lowest'} {column.name}",
                )
            )
    return found
