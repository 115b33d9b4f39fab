"""What one row costs: "how much does <a named row> cost", "the most expensive <rows>", "the 3 cheapest <rows>"."""

from sqlglot import exp

from tools.sql.candidate import Candidate, col
from tools.sql.money import PRICE_WORDS, row_amount, said
from tools.sql.profile import TableProfile
from tools.sql.question import Question, table_stems
from tools.sql.shape_parts import top_n
from tools.sql.wording import stems

_DEAR = frozenset("expensive costly pricey pricy".split())  # after "most" or "least"
_DEAREST = frozenset("priciest costliest dearest".split())
_CHEAPEST = frozenset("cheapest".split())


def prices(question: Question, base: Candidate, table: TableProfile, spent: frozenset[str]) -> list[Candidate]:
    """A row named by a value, asked "how much does <it> cost" or "how much is <it>": the row's own price, no
    sum (`spent`, words of money changing hands, ask for a sum instead)."""
    priced = said(question.words, PRICE_WORDS)
    amount = row_amount(table, frozenset(question.all_stems))
    asked = question.has_phrase("how much") and (priced or not spent)
    if not asked or amount is None or not _names_row(base, table):
        return []
    return [
        base.extended(
            select=(amount.expression,),
            covers=base.covers | priced | amount.words,
            description=f"{amount.name} of {base.description}",
        )
    ]


def extremes(question: Question, base: Candidate, table: TableProfile) -> list[Candidate]:
    """The dearest or cheapest rows by what a row costs: their names ("which product is the most expensive"), or
    the price itself when the question asks how much."""
    found = _superlative(question)
    amount = row_amount(table, frozenset(question.all_stems))
    if found is None or amount is None:
        return []
    words, descending = found
    limit, used = top_n(question, base.numbers_used)
    priced = said(question.words, PRICE_WORDS)
    named = amount.words <= question.all_stems
    if question.has_phrase("how much") or priced or named or not table.labels:
        select: tuple[exp.Expr, ...] = (amount.expression,)
        covers = priced | amount.words
    else:
        select, covers = tuple(col(table.name, c.name) for c in table.labels), frozenset({"nam"})
    return [
        base.extended(
            select=select,
            order=(exp.Ordered(this=amount.expression, desc=descending),),
            limit=limit,
            numbers_used=used,
            covers=base.covers | covers | stems(sorted(words)) | table_stems(table),
            description=f"the {limit} {base.description} that cost{'' if descending else ' the'} "
            f"{'most' if descending else 'least'}",
        )
    ]


def _superlative(question: Question) -> tuple[frozenset[str], bool] | None:
    """The words of "most expensive", "priciest", "cheapest", "least costly", and whether they mean the dearest."""
    words = question.words
    for index, word in enumerate(words):
        if word in _DEAREST or word in _CHEAPEST:
            return frozenset({word}), word in _DEAREST
        if word in _DEAR and index > 0 and words[index - 1] in ("most", "least"):
            return frozenset({words[index - 1], word}), words[index - 1] == "most"
    return None


def _names_row(base: Candidate, table: TableProfile) -> bool:
    """Whether `base` keeps rows of `table` equal to a value of one of its row-naming columns."""
    labels = {label.name.lower() for label in table.labels}
    own = table.name.rpartition(".")[2].lower()
    for condition in base.where:
        if isinstance(condition, exp.EQ) and isinstance(condition.this, exp.Column):
            if condition.this.table.lower() == own and condition.this.name.lower() in labels:
                return True
    return False
