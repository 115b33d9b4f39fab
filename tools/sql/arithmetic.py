"""Arithmetic the question spells out between number columns: "quantity times unit price", "year created minus birth
year", "subtotal plus delivery fee plus tip", read as one measure that sums, averages, orders and groups like a
column.

An expression is two or more spans of words, each naming exactly the words of a number column (no key), joined by
one operator: "times", "multiplied by", "x" (product), "minus", "less" (difference), "plus" (sum), "divided by"
(quotient; "per" is never read, it groups). The columns may sit in one table and in tables it refers to (a join
towards parents, so each row of the lowest table is one term); the question's expression must have exactly one such
placing. A reading that aggregates, orders or shows one operand column (and nothing else aggregated) then takes
the expression in its place, joined to the other operands' tables, and accounts for the operator and the operands'
words. The figure's own word ("cost", "spend") is accounted for only as the head right before a parenthesis that
holds the expression ("total cost (quantity times unit price)"), or, for a year minus a birth year, the age words
("how old", "age"). Never read: a "times" that counts ("how many times", "the most times": no column before it), an
operand that names no number column or several placings, operands in tables neither of which refers to the other
(siblings, whose join repeats each other's rows), and two expressions or operators in one question.
"""

import re
from dataclasses import dataclass
from itertools import product

from sqlglot import exp

from tools.sql.candidate import Candidate, col, merge_joins
from tools.sql.profile import ColumnProfile, DatabaseProfile, ForeignKey, TableProfile, name_words
from tools.sql.question import Question, column_stems
from tools.sql.routes import join_path
from tools.sql.wording import FILLER_STEMS, OPERATION_STEMS, stem, stems, tokens

_OPERATORS: dict[tuple[str, ...], type[exp.Binary]] = {
    ("times",): exp.Mul,
    ("multiplied", "by"): exp.Mul,
    ("x",): exp.Mul,
    ("minus",): exp.Sub,
    ("less",): exp.Sub,
    ("plus",): exp.Add,
    ("divided", "by"): exp.Div,
}
_SYMBOLS = {exp.Mul: "*", exp.Sub: "-", exp.Add: "+", exp.Div: "/"}
_DETERMINERS = frozenset("the a an its their".split())
_MAX_OPERAND_WORDS = 3
_AGE_WORDS = frozenset(stems("old age aged".split()))  # "how old were they": a year minus a birth year
_BIRTH = frozenset(stems("birth born".split()))
_READ_ELSEWHERE = frozenset().union(FILLER_STEMS, *OPERATION_STEMS.values())
_GLOSSED = re.compile(r"([A-Za-z]+)\s*\(([^()]*)\)")

Operand = tuple[TableProfile, ColumnProfile]


@dataclass(frozen=True, slots=True)
class Expression:
    """Columns joined by one operator, in the question's order; `grain` is the table whose rows are its terms."""

    operands: tuple[Operand, ...]
    operator: type[exp.Binary]
    grain: TableProfile
    words: frozenset[str]  # stems the expression accounts for: operator, operands, a glossed figure's head
    repeated: frozenset[str]  # a glossed figure's head said again ("Show part name and spend"): shown, not read

    @property
    def tree(self) -> exp.Expr:
        parts = [col(t.name, c.name) for t, c in self.operands]
        if self.operator is exp.Div:  # real division on SQLite and PostgreSQL, no division by zero
            whole: exp.Expr = exp.Mul(this=exp.Literal.number("1.0"), expression=parts[0])
            for part in parts[1:]:
                whole = exp.Div(this=whole, expression=exp.Nullif(this=part, expression=exp.Literal.number(0)))
            return exp.Paren(this=whole)
        whole = parts[0]
        for part in parts[1:]:
            whole = self.operator(this=whole, expression=part)
        return exp.Paren(this=whole)

    @property
    def name(self) -> str:
        return f" {_SYMBOLS[self.operator]} ".join(c.name for _, c in self.operands)


def spelled_expression(profile: DatabaseProfile, question: Question) -> Expression | None:
    """The one expression the question spells out over number columns, placed in one way; None otherwise."""
    spans = _spans(profile, question)
    if len(spans) != 1:
        return None
    operator, operands, operator_words = spans[0]
    choices = product(*(columns for _, _, columns in operands))
    placings = [p for p in (_placed(profile, question, choice) for choice in choices) if p is not None]
    if len(placings) != 1:
        return None
    placed, grain = placings[0]
    words = set(stems(operator_words))
    for a, b, _ in operands:
        words |= stems(question.words[a:b])
    figure = _figure_words(question, operands[0][0], operands[-1][1], operator, placed)
    said = [stem(word) for word in question.words]
    repeated = frozenset(word for word in figure if said.count(word) > 1)
    return Expression(placed, operator, grain, frozenset(words | figure), repeated)


Spelled = tuple[int, int, list[Operand]]  # an operand's words `start:end` and the columns they could name


def _spans(profile: DatabaseProfile, question: Question) -> list[tuple[type[exp.Binary], list[Spelled], list[str]]]:
    """Each run of operands joined by one operator: the operator, the operands, the operator's words."""
    words = question.words
    taken = {i for value in question.values for i in range(value.start, value.end)}
    found = []
    index = 0
    while index < len(words):
        operator = _operator_at(words, index, taken)
        left = _operand_before(profile, words, index, taken) if operator else None
        if operator is None or left is None:
            index += 1
            continue
        kind, length = operator
        operands, operator_words = [left], list(words[index : index + length])
        at = index + length
        while True:
            right = _operand_after(profile, words, at, taken)
            if right is None:
                break
            operands.append(right)
            following = _operator_at(words, right[1], taken)
            if following is None or following[0] is not kind:
                break
            operator_words += words[right[1] : right[1] + following[1]]
            at = right[1] + following[1]
        if len(operands) < 2:
            index += 1
            continue
        found.append((kind, operands, operator_words))
        index = operands[-1][1]
    return found


def _operator_at(words: list[str], index: int, taken: set[int]) -> tuple[type[exp.Binary], int] | None:
    for phrase, kind in _OPERATORS.items():
        span = range(index, index + len(phrase))
        if tuple(words[index : index + len(phrase)]) == phrase and not taken & set(span):
            return kind, len(phrase)
    return None


def _operand_before(profile: DatabaseProfile, words: list[str], index: int, taken: set[int]) -> Spelled | None:
    """The longest run of words ending right before `index` (at most three, no stored value) that names a number
    column: "the total quantity" names `quantity` unless a column is named "total quantity"."""
    for start in range(max(0, index - _MAX_OPERAND_WORDS), index):
        if taken & set(range(start, index)):
            continue
        columns = _columns(profile, words[start:index])
        if columns:
            return start, index, columns
    return None


def _operand_after(profile: DatabaseProfile, words: list[str], index: int, taken: set[int]) -> Spelled | None:
    """The longest run of words from `index` (past a determiner) that names a number column."""
    while index < len(words) and words[index] in _DETERMINERS:
        index += 1
    for end in range(min(len(words), index + _MAX_OPERAND_WORDS), index, -1):
        if taken & set(range(index, end)):
            continue
        columns = _columns(profile, words[index:end])
        if columns:
            return index, end, columns
    return None


def _columns(profile: DatabaseProfile, span: list[str]) -> list[Operand]:
    """Number columns (no key) whose name is exactly the span's words: "unit price" of `unit_price`."""
    said = stems(span)
    if len(said) < len(span):
        return []  # a repeated word ("price price") or a filler stem: no column's name
    return [
        (table, column)
        for table in profile.tables.values()
        for column in table.columns
        if column.kind == "number"
        and not column.primary_key
        and not _is_key(profile, table, column)
        and said in (stems(name_words(column.name)), column_stems(table, column))
    ]


def _is_key(profile: DatabaseProfile, table: TableProfile, column: ColumnProfile) -> bool:
    return any(
        fk.table.lower() == table.name.lower() and fk.column.lower() == column.name.lower()
        for fk in profile.joins(table.name)
    )


def _placed(
    profile: DatabaseProfile, question: Question, operands: tuple[Operand, ...]
) -> tuple[tuple[Operand, ...], TableProfile] | None:
    """The operands and the table whose rows are the terms: the one operand table the others are parents of."""
    if len({(t.name, c.name) for t, c in operands}) < len(operands):
        return None
    tables = {t.name.lower(): t for t, _ in operands}
    for grain in tables.values():
        paths = [join_path(profile, grain.name, other, question) for other in tables if other != grain.name.lower()]
        if all(path is not None and _rooted(path, grain.name) for path in paths):
            return operands, grain
    return None


def _figure_words(
    question: Question, start: int, end: int, operator: type[exp.Binary], operands: tuple[Operand, ...]
) -> set[str]:
    """Words naming the figure: the head right before a parenthesis holding exactly the expression, and the age
    words when a year minus a birth year is an age."""
    found: set[str] = set()
    spelled = [w for w in question.words[start:end] if w not in _DETERMINERS]
    for match in _GLOSSED.finditer(question.text):
        head = stem(match[1].lower())
        if [w for w in tokens(match[2]) if w not in _DETERMINERS] == spelled and head not in _READ_ELSEWHERE:
            found.add(head)  # "on average (...)": the average is the reading's to account for, not the gloss's
    if operator is exp.Sub and len(operands) == 2 and stems(name_words(operands[1][1].name)) & _BIRTH:
        found |= _AGE_WORDS
    return found


def _rooted(joins: tuple[ForeignKey, ...] | list[ForeignKey], grain: str) -> bool:
    """Whether every join runs from a table already reached from `grain` to a row it refers to: each row of `grain`
    meets one row of every other table, so none of its rows repeats."""
    reached, pending = {grain.lower()}, list(joins)
    while pending:
        ready = next((fk for fk in pending if fk.table.lower() in reached), None)
        if ready is None or ready.target_table.lower() in reached:
            return False
        reached.add(ready.target_table.lower())
        pending.remove(ready)
    return True


def with_expressions(profile: DatabaseProfile, question: Question, found: list[Candidate]) -> list[Candidate]:
    """Readings of `found` that measure one operand of the spelled expression, measuring the expression instead."""
    expression = spelled_expression(profile, question)
    if expression is None:
        return []
    out = []
    for candidate in found:
        reading = _measuring(profile, question, candidate, expression)
        if reading is not None:
            out.append(reading)
    return out


def _measuring(
    profile: DatabaseProfile, question: Question, candidate: Candidate, expression: Expression
) -> Candidate | None:
    refs = {(t.name.rpartition(".")[2].lower(), c.name.lower()) for t, c in expression.operands}

    def operand(node: exp.Expr) -> bool:
        return isinstance(node, exp.Column) and (node.table.lower(), node.name.lower()) in refs

    measured = [*candidate.select, *candidate.order, *([candidate.having] if candidate.having else [])]
    if candidate.outer or candidate.distinct or not any(part.find(exp.Column) for part in measured):
        return None
    if not any(operand(node) for part in measured for node in part.find_all(exp.Column)):
        return None
    if any(operand(node) for part in (*candidate.group, *candidate.where) for node in part.find_all(exp.Column)):
        return None  # an operand grouped by or compared is no measure to replace
    for part in measured:
        bare = [n for n in part.find_all(exp.Column) if operand(n) and n.find_ancestor(exp.AggFunc) is None]
        if bare and (candidate.group or not any(part is o for o in candidate.order)):
            return None  # shown per row ("how old was each painter") the figure would come without its rows' names
        if part.find(exp.Subquery, exp.Select) is not None:
            return None
        for function in part.find_all(exp.AggFunc):
            inside = [node for node in function.find_all(exp.Column) if operand(node)]
            if not inside:
                return None  # another aggregate (a count) would change with the rows the expression joins
            if len(inside) > 1:
                return None  # a line's price times quantity already: each operand in place would square it
            if isinstance(function, (exp.Max, exp.Min)) and candidate.group and candidate.order:
                return None  # "the manufacturer with the most cost (...)": its total, or its largest term?
    joins = candidate.joins
    if expression.grain.name.lower() not in candidate.tables:
        to_grain = join_path(profile, candidate.table, expression.grain.name, question)
        if to_grain is None:
            return None
        joins = merge_joins(joins, to_grain)
    for table, _ in expression.operands:
        path = join_path(profile, expression.grain.name, table.name, question)
        if path is None:
            return None
        joins = merge_joins(joins, path)
    if not _rooted(joins, expression.grain.name):
        return None

    def replaced(part: exp.Expr) -> exp.Expr:
        return part.copy().transform(lambda node: expression.tree if operand(node) else node)

    select = tuple(replaced(part) for part in candidate.select)
    if len({part.sql() for part in select}) < len(select):
        return None  # both operands shown: the expression once, not twice
    shows = any(part.find(type(expression.tree)) for part in select)
    words = expression.words if shows else expression.words - expression.repeated
    order = tuple(exp.Ordered(this=replaced(o.this), desc=o.args.get("desc")) for o in candidate.order)
    having = replaced(candidate.having) if candidate.having is not None else None
    names = "|".join(re.escape(c.name) for _, c in expression.operands)
    description = re.sub(rf"\b(?:{names})\b", f"({expression.name})", candidate.description, count=1)
    return candidate.extended(
        select=select,
        order=order,
        having=having,
        joins=joins,
        cost=candidate.cost + 0.1 * (len(joins) - len(candidate.joins)),
        covers=candidate.covers | words,
        description=description,
    )
