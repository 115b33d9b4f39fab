"""What a count per group counts: rows, or distinct values of something they name (issue 15).

"Clients with more than 2 purchases" counts purchase rows. "Clients with purchases in more than one category"
counts the distinct categories of those purchases: three purchases in one category are not "more than one
category". The noun right after the bound's number ("more than one category") or after "the most" / "the fewest"
("the most different products") says which. When it names the counted table, `COUNT(*)` is right; when it names
another table the counted rows reach by foreign keys towards their parents, or a column of a table the reading
joins, the count is `COUNT(DISTINCT ...)` of that table's key or that column, and a `COUNT(*)` reading leaves the
noun unread (the cue in tools/sql/cues.py declines it).
"""

from collections.abc import Iterator

from sqlglot import exp

from tools.sql.candidate import Candidate, col, merge_joins
from tools.sql.filters import comparisons
from tools.sql.profile import DatabaseProfile, ForeignKey, TableProfile, name_words, towards_parents
from tools.sql.question import Question, column_stems, table_stems
from tools.sql.routes import join_path
from tools.sql.wording import FILLER_STEMS, OPERATION_STEMS, stem

_BEFORE_NOUN = frozenset("different distinct unique separate number of".split())  # "the most different products"
_RANK_WORDS = frozenset("most fewest least".split())


def counted_noun(profile: DatabaseProfile, question: Question, candidate: Candidate) -> tuple[int, str] | None:
    """The position and stem of the noun a grouped count of `candidate` counts ("more than one <category>", "the
    most <products>", the head of "more than one ward <visit>"), or None when the count names no noun. A filler
    word that names a column ("kind") is a noun here: "more than one kind" is not "more than one"."""
    words = question.words
    schema = _schema_stems(profile)
    starts = [c.index + 1 for c in comparisons(question) if c.index in candidate.numbers_used]
    if not starts and (candidate.order or candidate.having is not None):
        starts = [i + 1 for i, w in enumerate(words) if w in _RANK_WORDS]
    for start in starts[:1]:
        position = start
        while position < len(words) and (
            words[position] in _BEFORE_NOUN or (stem(words[position]) in FILLER_STEMS - schema)
        ):
            position += 1
        while position + 1 < len(words) and stem(words[position]) in schema and stem(words[position + 1]) in schema:
            position += 1  # "ward visit": the last word of a compound is its head
        if position < len(words):
            return position, stem(words[position])
    return None


def _schema_stems(profile: DatabaseProfile) -> set[str]:
    return set().union(
        *(
            table_stems(t) | {s for c in t.columns if not c.primary_key for s in column_stems(t, c)}
            for t in profile.tables.values()
        )
    )


def names_rows(profile: DatabaseProfile, counted: TableProfile, noun: str) -> bool:
    """Whether `noun` names the counted rows themselves: the head of the table's name (`visit` of `ward_visit`),
    or another of its words that names no other table (`ward` of `ward_visit` names the wards it refers to)."""
    words = name_words(counted.name)
    if words and noun == stem(words[-1]):
        return True
    return noun in table_stems(counted) and not any(
        noun in table_stems(t) for t in profile.tables.values() if t is not counted
    )


def _star_count(candidate: Candidate) -> exp.Count | None:
    """The `COUNT(*)` a grouped candidate compares or orders by, if that is its measure."""
    if not candidate.group:
        return None
    measured = [candidate.having] if candidate.having is not None else [o.this for o in candidate.order]
    for expression in measured:
        found = expression.find(exp.Count) if expression is not None else None
        if found is not None and isinstance(found.this, exp.Star):
            return found
    return None


def _distinct_targets(
    profile: DatabaseProfile, question: Question, candidate: Candidate, noun: str
) -> Iterator[tuple[tuple[ForeignKey, ...], exp.Expr, str]]:
    """What the noun names that the counted rows reach: (joins to add, the expression to count distinct, name)."""
    counted = profile.tables.get(candidate.table.lower())
    if counted is None or names_rows(profile, counted, noun):
        return
    grouped = {str(part.table).lower() for part in candidate.group if isinstance(part, exp.Column)}
    for table in profile.tables.values():
        if noun not in table_stems(table) or table.name.rpartition(".")[2].lower() in grouped or table is counted:
            continue
        path = join_path(profile, counted.name, table.name, question)
        if path is None or table.primary_key is None or not towards_parents(path, counted.name):
            continue
        yield merge_joins(candidate.joins, path), col(table.name, table.primary_key.name), table.name
    for table in _joined(profile, candidate):
        for column in table.columns:
            if column.primary_key or column.kind == "key" or noun not in column_stems(table, column):
                continue
            if table.name.rpartition(".")[2].lower() in grouped and table is not counted:
                continue  # the group's own column is one value per group
            yield candidate.joins, col(table.name, column.name), column.name


def _joined(profile: DatabaseProfile, candidate: Candidate) -> list[TableProfile]:
    return [profile.tables[name] for name in sorted(candidate.tables) if name in profile.tables]


def distinct_counts(profile: DatabaseProfile, question: Question, found: list[Candidate]) -> list[Candidate]:
    """Each grouped `COUNT(*)` comparison or ranking of `found` read as a count of the distinct things its noun
    names, when that noun is not the counted rows' own ("more than one category", "the most different towns")."""
    readings = []
    for candidate in found:
        star = _star_count(candidate)
        noun = counted_noun(profile, question, candidate) if star is not None else None
        if star is None or noun is None:
            continue
        targets = list(_distinct_targets(profile, question, candidate, noun[1]))
        if len({name for _, _, name in targets}) != 1:
            continue  # nothing, or two things the noun could name: no guessing
        joins, counted, name = targets[0]
        distinct = exp.Count(this=exp.Distinct(expressions=[counted]))

        def swap(node: exp.Expr, distinct: exp.Expr = distinct) -> exp.Expr:
            return distinct.copy() if isinstance(node, exp.Count) and isinstance(node.this, exp.Star) else node

        readings.append(
            candidate.extended(
                select=tuple(part.transform(swap) for part in candidate.select),
                having=candidate.having.transform(swap) if candidate.having is not None else None,
                order=tuple(o.transform(swap) for o in candidate.order),
                joins=joins,
                cost=candidate.cost + len(joins) - len(candidate.joins),
                covers=candidate.covers | {noun[1]} | OPERATION_STEMS["distinct"] | {"number"},
                description=candidate.description.replace("number of rows", f"number of different {name}"),
            )
        )
    return readings


def other_noun_counted(profile: DatabaseProfile, question: Question, candidate: Candidate) -> list[str]:
    """The noun, when `candidate` counts rows per group (`COUNT(*)`) but the noun after its bound or "the most"
    names another table or a column: "more than one category" is not more than one purchase."""
    if _star_count(candidate) is None:
        return []
    noun = counted_noun(profile, question, candidate)
    counted = profile.tables.get(candidate.table.lower())
    if noun is None or counted is None or names_rows(profile, counted, noun[1]):
        return []
    others = any(noun[1] in table_stems(t) for t in profile.tables.values())
    columns = any(noun[1] in column_stems(t, c) for t in _joined(profile, candidate) for c in t.columns)
    return [question.words[noun[0]]] if others or columns else []
