"""Money readings: "how much did <they> spend", "the revenue <it> brought in", "how much does <the thing> cost".

A total of money is the SUM of what each row is worth (tools/sql/money.py) over the subject's rows, or over the
rows that refer to it (customers' orders, a category's order lines), with the filters and "by X" groups any other
reading gets. "how much does <a named row> cost" is that row's own price, never a sum. "<rows> who spent more than
$40 in total" keeps the rows whose sum passes the amount (HAVING).
"""

from sqlglot import exp

from tools.sql.candidate import Candidate, col, merge_joins, whole_name
from tools.sql.filters import comparisons
from tools.sql.grouping import group_keys
from tools.sql.money import CURRENCY_WORDS, MONEY_WORDS, PRICE_WORDS, Amount, amount_of, said
from tools.sql.prices import extremes, prices
from tools.sql.profile import DatabaseProfile, ForeignKey, TableProfile, towards_children
from tools.sql.question import Question, table_stems
from tools.sql.routes import join_path
from tools.sql.shape_parts import Named, sort_direction, top_n
from tools.sql.wording import ASCENDING, DESCENDING, FILLER_STEMS, OPERATION_STEMS, stem, stems

_IN_TOTAL = ("in total", "altogether", "in all", "combined")


def amounts(
    profile: DatabaseProfile,
    question: Question,
    base: Candidate,
    table: TableProfile,
    named: list[Named],
    near: list[TableProfile],
) -> list[Candidate]:
    """Sums of money over `base`'s rows, and a named row's price, when the question asks about money."""
    money = said(question.words, MONEY_WORDS)
    found = extremes(question, base, table)
    if not money and not question.has_phrase("how much"):
        return found
    priced_row = prices(question, base, table, money)
    found += priced_row
    priced = said(question.words, PRICE_WORDS) if not priced_row else frozenset()
    if not money and not priced and not question.asks("sum"):
        return found  # a bare "how much is <it>" asks what it costs, never what its sales add up to
    for amount, path in _reachable(profile, question, table):
        joins = merge_joins(base.joins, path)
        reached = _in_year(
            profile, question, base.extended(joins=joins, cost=base.cost + _cost(path, table.name)), path
        )
        if reached is None:
            continue
        total = exp.Sum(this=amount.expression)
        covers = reached.covers | amount.words | money | priced | OPERATION_STEMS["sum"] | table_stems(amount.table)
        summed = reached.extended(covers=covers, description=f"sum of {amount.name} of {base.description}")
        found.append(summed.extended(select=(total,)))
        found += _grouped(profile, question, summed, table, total, named, near)
        found += _passing(question, summed, table, total)
    return found


def _in_year(
    profile: DatabaseProfile, question: Question, reached: Candidate, path: tuple[ForeignKey, ...]
) -> Candidate | None:
    """`reached` kept to a year the filters left unread ("how much did <a customer> spend in 2024"): on the one date
    of the rows summed, else of the nearest table on the way to them that has one date. None when none has one."""
    years = [n for n in question.numbers if n.is_year and n.index not in reached.numbers_used]
    if not years:
        return reached
    if len(years) > 1 or not path:
        return None
    for fk in reversed(path):
        owner = profile.tables.get(fk.table.lower())
        dates = [c for c in owner.columns if c.kind == "date"] if owner is not None else []
        if owner is not None and len(dates) == 1:
            ref, year = col(owner.name, dates[0].name), int(years[0].value)
            within = exp.and_(ref >= exp.Literal.string(f"{year}-01-01"), ref < exp.Literal.string(f"{year + 1}-01-01"))
            return reached.extended(
                where=(*reached.where, within),
                numbers_used=reached.numbers_used | {years[0].index},
                covers=reached.covers | {"year"},
                description=f"{reached.description} in {year}",
            )
        if dates:
            return None
    return None


def _cost(path: tuple[ForeignKey, ...], start: str) -> float:
    return 1.5 * len(path)  # every join runs to rows that refer to the subject (tools/sql/filter_parts.py)


def _reachable(
    profile: DatabaseProfile, question: Question, table: TableProfile
) -> list[tuple[Amount, tuple[ForeignKey, ...]]]:
    """The amounts of `table`'s own rows and of rows that refer to it (within two keys): never of a row it refers to,
    whose amount a sum would count once per referring row."""
    found = []
    for other in profile.tables.values():
        amount = amount_of(profile, other, frozenset(question.all_stems))
        path = join_path(profile, table.name, other.name, question)
        if amount is None or path is None or profile.is_link(other) or not towards_children(path, table.name):
            continue
        found.append((amount, path))
    return found


def _grouped(
    profile: DatabaseProfile,
    question: Question,
    summed: Candidate,
    table: TableProfile,
    total: exp.Expr,
    named: list[Named],
    near: list[TableProfile],
) -> list[Candidate]:
    """A total per group: "by country", "for each genre", and "each customer" (the subject's own rows)."""
    ranks = sort_direction(question) is not None and (question.asks("max") or question.asks("min"))
    grouped: list[tuple[Candidate, bool]] = []  # each reading, and whether it answers without a ranking
    if question.asks("group"):
        for keyed, shown, by, key_covers, key_name in group_keys(profile, summed, named, near, question, True):
            if key_covers <= summed.covers - table_stems(table):
                continue  # a column a filter already reads is no group
            reading = keyed.extended(
                select=(*shown, total.copy()),
                group=by,
                covers=keyed.covers | key_covers | OPERATION_STEMS["group"],
                description=f"{summed.description} for each {key_name}",
            )
            grouped.append((reading, True))
    each = _each_subject(question, table)
    if (each or ranks) and table.primary_key is not None and table.labels:
        names = _named(table)
        reading = summed.extended(
            select=(*names, total.copy()),
            group=(col(table.name, table.primary_key.name),),
            covers=summed.covers | OPERATION_STEMS["group"] | (_WHOLE_NAME if len(table.labels) > 1 else set()),
            description=f"{summed.description} for each {table.name}",
        )
        grouped.append((reading, each))
    found = [reading for reading, plain in grouped if plain]
    if ranks:
        found += [_ranked(question, reading, total) for reading, _ in grouped]
    return found


_WHOLE_NAME = frozenset({"full", "nam", "whole"})


def _ranked(question: Question, grouped: Candidate, total: exp.Expr) -> Candidate:
    """The top (or bottom) N groups by their sum: "the top 3 customers by total spend", "which genre earned the
    most". The sum is shown only when the question asks for it ("how much", "total", "amount")."""
    direction = bool(sort_direction(question))
    limit, used = top_n(question, grouped.numbers_used)
    shows = question.has_phrase("how much") or question.asks("sum")
    return grouped.extended(
        select=grouped.select if shows else grouped.select[:-1],
        order=(exp.Ordered(this=total.copy(), desc=direction),),
        limit=limit,
        numbers_used=used,
        covers=grouped.covers | stems(sorted(DESCENDING | ASCENDING)),
        description=f"the {limit} with the {'highest' if direction else 'lowest'} {grouped.description}",
    )


def _named(table: TableProfile) -> tuple[exp.Expr, ...]:
    """What names a row beside its sum: its naming column, or a person's name parts as one whole name (the total
    belongs to the person, not to a first name)."""
    return (whole_name(table),)


def _each_subject(question: Question, table: TableProfile) -> bool:
    """Whether "each", "per", "every" or "by" comes right before a word naming `table` ("each customer")."""
    words = question.words
    own = table_stems(table)
    for index, word in enumerate(words[:-1]):
        if stem(word) in OPERATION_STEMS["group"] and index not in question.empty:  # not "across every grant"
            following = [w for w in words[index + 1 : index + 3] if stem(w) not in FILLER_STEMS]
            if following and stem(following[0]) in own:
                return True
    return False


def _passing(question: Question, summed: Candidate, table: TableProfile, total: exp.Expr) -> list[Candidate]:
    """The subject's rows whose sum passes an amount of money: "<rows> who spent more than $40 in total"."""
    if not any(question.has_phrase(phrase) for phrase in _IN_TOTAL) and "altogether" not in question.words:
        return []
    if table.primary_key is None or not table.labels:
        return []
    found = []
    for comparison in comparisons(question):
        if comparison.index not in question.money or comparison.index in summed.numbers_used:
            continue
        number = next(n.value for n in question.numbers if n.index == comparison.index)
        literal = exp.Literal.number(int(number) if number.is_integer() else number)
        found.append(
            summed.extended(
                select=_named(table),
                group=(col(table.name, table.primary_key.name),),
                having=comparison.operator(this=total.copy(), expression=literal),
                numbers_used=summed.numbers_used | {comparison.index},
                covers=summed.covers
                | {stem(w) for w in comparison.words}
                | said(question.words, CURRENCY_WORDS)
                | {"total", "all"},
                description=f"{table.name} whose {summed.description} is {' '.join(comparison.words)} {number}",
            )
        )
    return found
