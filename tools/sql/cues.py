"""Cues in the question as written that a reading must honour, or the question is declined (issue 15).

Each cue is general English or schema shape, never a name from a database. A cue a candidate leaves unmet is
reported as an uncovered phrase, so the proposer declines with it and shows the nearest SELECT:

- a superlative adjective ("heaviest", "most expensive") asks for the row(s) with the extreme: an ORDER BY with a
  LIMIT, or a MAX/MIN;
- "how much" asks for an amount (a sum, an average, an extreme or a numeric column), never a COUNT or names;
- a currency amount ("$20", "20 euros") is compared with a money column, never with a count;
- a figure "for each X" / "per X" is a grouping, never one scalar; "include those with none" needs zeros, which
  only an outer join gives (tools/sql/outer_groups.py);
- "containing", "with 'A' in their title" is a substring match (LIKE), never equality;
- "with their X" / "along with X" keeps the subject's name beside X: one column does not answer it;
- a compound of two column words ("email address") names one column, never both;
- an abbreviation in capitals that spells a filler word ("US", "IT") is a content word: a reading must use it as
  a stored value;
- "how many <value>" where the value is a name in a lookup table counts rows that refer to it, never the one
  lookup row;
- a value held by several columns is read only on a table the noun right before or after it names ("the band
  <Band>", "the <Genre> genre");
- "with a X" / "without a X" on a column some row leaves empty asks for the rows that have (or lack) a value in it
  (tools/sql/presence.py), never the column's values;
- "sorted by", "in descending order" asks for an ORDER BY (tools/sql/sort_orders.py);
- a count whose head noun is a stored value ("how many paperbacks") counts the rows of the table holding it
  (tools/sql/counted_values.py), never those of a related table a condition joins;
- a column the WHERE pins to one constant is never shown unless the question names it (tools/sql/echoes.py):
  the answer would echo the question's own word;
- a name on a free-text column of the rows, which an entity they refer to also has as its name ("the heaviest
  Acme product", Acme a maker), is read on that entity only (tools/sql/entity_values.py);
- "at most N" / "fewer than N" rows per group also holds for groups with none, which an inner join leaves out
  (tools/sql/count_bounds.py);
- a count per group whose noun names another table or a column ("more than one category") counts distinct values
  of it, never rows (tools/sql/counted_nouns.py);
- "how many X have more than N Y" asks for the number of such X, never a list of them
  (tools/sql/group_thresholds.py);
- "what percentage / share / proportion of X" asks for a share of X's rows (tools/sql/ratios.py), never a count;
- a word naming a yes/no flag column ("which books were withdrawn", `withdrawn_yn`) asks for the flagged rows:
  a reading with no condition on the flag is declined (tools/sql/flags.py);
- a question opening with "when" asks for a date: a reading that shows none does not answer it
  (tools/sql/interrogatives.py).
"""

import re
from itertools import pairwise

from sqlglot import exp

from tools.sql.candidate import AGGREGATES, Candidate
from tools.sql.companions import WITH_THEIR
from tools.sql.count_bounds import zero_counts_left_out
from tools.sql.counted_nouns import other_noun_counted
from tools.sql.counted_values import counted_value_unmet
from tools.sql.echoes import echoed
from tools.sql.entity_values import own_column_over_entity
from tools.sql.flags import flag_unfiltered
from tools.sql.group_thresholds import groups_not_counted
from tools.sql.interrogatives import interrogative_unmet
from tools.sql.light_verbs import trailing_contains
from tools.sql.outer_groups import WITH_NONE
from tools.sql.pending_events import event_unmet
from tools.sql.presence import presence_unmet
from tools.sql.profile import DatabaseProfile, name_words
from tools.sql.qualified_amounts import qualifier_unread
from tools.sql.question import Question, ValueMention
from tools.sql.ratios import share_unmet
from tools.sql.shown_measures import measure_left_out
from tools.sql.sort_orders import unordered
from tools.sql.substrings import quoted_fragment
from tools.sql.type_counts import named_after, type_row_counts
from tools.sql.wording import FILLER, stem, stems, tokens, written_tokens

_SUPERLATIVES = frozenset(
    """heaviest lightest oldest youngest newest cheapest dearest largest smallest biggest longest shortest tallest
    highest lowest greatest fastest slowest latest earliest best worst widest narrowest deepest richest poorest
    nearest farthest furthest""".split()
)
_MOST_ADJECTIVES = frozenset(
    "expensive costly valuable popular recent frequent common experienced profitable senior junior".split()
)
_CURRENCY = re.compile(
    r"[$€£¥]\s?\d|\d\s?[$€£¥]|\d+(?:\.\d+)?\s?(?:dollars?|euros?|pounds?|usd|eur|gbp|cents?)\b", re.IGNORECASE
)
_EACH = frozenset("each per every".split())
_CONTAINS = frozenset("contain contains containing".split())
_OWNERS = frozenset("the their its his her".split())


def _for_each(free: list[str]) -> bool:
    """Whether the free words say "for each" or "per": a grouping, unlike "each" before the subject ("list each
    artist with their albums")."""
    return "per" in free or any(a == "for" and b in ("each", "every") for a, b in pairwise(free))


def unmet(question: Question, written: str, candidate: Candidate, profile: DatabaseProfile) -> tuple[str, ...]:
    """The cues of `written` (the question as the user typed it) that `candidate` leaves unmet, as phrases."""
    words = question.words
    # `question` may be a rewording (tools/sql/synonyms.py reads "heaviest" as `weight`): a cue's words as written
    # still ask for what they ask, so the words the rewording replaced are read too.
    replaced = [w for w in tokens(written) if w not in words]
    said = f" {' '.join(words)} | {' '.join(tokens(written))} "
    in_value = {i for value in question.values for i in range(value.start, value.end)}
    in_value |= question.empty  # "across every grant" asks for no figure per grant
    free = [w for i, w in enumerate(words) if i not in in_value] + replaced
    missing: list[str] = []

    extreme = (candidate.order and candidate.limit is not None) or _has(candidate, exp.Max, exp.Min)
    superlative = [w for w in free if w in _SUPERLATIVES or (len(w) > 5 and w.endswith("iest"))]
    superlative += [f"{a} {b}" for a, b in pairwise(free) if a in ("most", "least") and b in _MOST_ADJECTIVES]
    if superlative and not extreme:
        missing.append(superlative[0])

    if " how much " in said and (candidate.selects(exp.Count) or not _selects_amount(candidate, profile)):
        missing.append("how much")
    if _CURRENCY.search(written) and candidate.having is not None and candidate.having.find(exp.Count):
        missing.append(_CURRENCY.search(written).group(0))  # type: ignore[union-attr]  # searched just above

    each = next((w for w in free if w in _EACH), None)
    aggregated = candidate.selects(*AGGREGATES)
    if each and aggregated and not candidate.group and "average" not in free and "avg" not in free:
        missing.append(each)
    elif _for_each(free) and candidate.repeats_rows and not candidate.group and not aggregated:
        # "for each campus, what is the total cost of ...": a figure per group, never the list of every row's
        # figure beside its group (the subject's rows repeated by a join to rows that refer to them)
        missing.append("for each" if " for each " in said else "per")
    none = next((phrase for phrase in WITH_NONE if f" {phrase} " in said), None)
    if none and (each or candidate.group) and not candidate.outer:
        missing.append(none)  # zeros for groups with no rows need an outer join (tools/sql/outer_groups.py)

    contains = any(w in _CONTAINS for w in free) and not trailing_contains(question)
    if (contains or _in_own(question, in_value) or quoted_fragment(question)) and not any(
        isinstance(condition, exp.Like) or condition.find(exp.Like) for condition in candidate.where
    ):
        missing.append(next((w for w in free if w in _CONTAINS), "in their ..."))

    if any(f" {phrase} " in said for phrase in WITH_THEIR) and len(candidate.select) < 2:
        missing.append(next(phrase for phrase in WITH_THEIR if f" {phrase} " in said))

    missing += _compounds(question, in_value, candidate)
    missing += _abbreviations(written, in_value, candidate)
    missing += _lookup_counts(question, candidate, profile)
    missing += type_row_counts(question, candidate, profile)
    missing += _shared_values(question, candidate, profile)
    missing += unordered(question, candidate)
    missing += presence_unmet(profile, question, candidate)
    missing += event_unmet(profile, question, candidate)
    missing += zero_counts_left_out(question, candidate)
    missing += counted_value_unmet(question, candidate, profile)
    missing += other_noun_counted(profile, question, candidate)
    missing += groups_not_counted(profile, question, candidate)
    missing += echoed(question, candidate)
    missing += own_column_over_entity(question, candidate, profile)
    missing += interrogative_unmet(question, candidate, profile)
    missing += share_unmet(profile, question, candidate)
    missing += flag_unfiltered(profile, question, candidate)
    missing += measure_left_out(written, candidate)
    missing += qualifier_unread(profile, question, candidate)  # "the largest amount claimed": `amt_claimed`
    return tuple(missing)


def _in_own(question: Question, in_value: set[int]) -> bool:
    """A value, then "in", an owner's word and one word that is no value and ends the question or its clause
    ("... 'A' in their title"). "In the collection" names the whole data set (tools/sql/whole_set.py), no part
    of a row to search."""
    words = question.words
    return bool(question.values) and any(
        words[i] == "in"
        and words[i + 1] in _OWNERS
        and i + 2 not in in_value
        and i + 2 not in question.holding
        and (i + 3 == len(words) or words[i + 3] == "and")
        for i in range(len(words) - 2)
    )


def _has(candidate: Candidate, *kinds: type[exp.Expr]) -> bool:
    parts = [*candidate.select, *candidate.where, *candidate.order]
    return any(part.find(*kinds) is not None for part in parts)


def _selects_amount(candidate: Candidate, profile: DatabaseProfile) -> bool:
    """A sum, average or extreme, or a numeric column: what "how much" asks for (a list of names is not)."""
    if candidate.selects(exp.Sum, exp.Avg, exp.Max, exp.Min):
        return True
    tables = {t.name.rpartition(".")[2].lower(): t for t in profile.tables.values()}
    columns = [c for part in candidate.select for c in part.find_all(exp.Column)]
    owned = [tables[c.table.lower()].column(c.name) for c in columns if c.table.lower() in tables]
    return any(column is not None and column.kind == "number" for column in owned)


def _own_stems(column: exp.Column) -> set[str]:
    own = stems(name_words(column.name))
    return own - stems(name_words(column.table)) or own


def _compounds(question: Question, in_value: set[int], candidate: Candidate) -> list[str]:
    """Two adjacent words ("email address") each naming a different selected column: the phrase names one."""
    selected = {(c.table, c.name): _own_stems(c) for part in candidate.select for c in part.find_all(exp.Column)}
    found = []
    for i, (a, b) in enumerate(pairwise(question.words)):
        if i in in_value or i + 1 in in_value:
            continue
        phrase = {stem(a), stem(b)}
        named = [key for key, own in selected.items() if own <= phrase]
        by_first = [key for key in named if stem(a) in selected[key] and stem(b) not in selected[key]]
        by_second = [key for key in named if stem(b) in selected[key] and stem(a) not in selected[key]]
        if by_first and by_second:
            found.append(f"{a} {b}")
    return found


def _abbreviations(written: str, in_value: set[int], candidate: Candidate) -> list[str]:
    """Words in capitals that spell filler ("US", "IT") and that no value of the reading accounts for."""
    cased = written_tokens(written)
    if not cased or not any(ch.islower() for ch in written):
        return []  # a question all in capitals says nothing by its case
    return [
        word
        for i, word in enumerate(cased)
        if len(word) in (2, 3)
        and word.isupper()
        and word.isalpha()
        and word.lower() in FILLER
        and i not in in_value  # a value read from it
    ]


def _condition_column(candidate: Candidate, value: ValueMention) -> exp.Column | None:
    """The column the candidate compares with `value`'s stored text, if it does."""
    stored = {ref.value for ref in value.refs}
    for condition in candidate.where:
        for literal in condition.find_all(exp.Literal):
            text = str(literal.this).strip("%")
            if literal.is_string and text in stored:
                parent = literal.parent
                column = parent.find(exp.Column) if parent is not None else None
                if column is not None:
                    return column
    return None


def _entity(profile: DatabaseProfile, table: str, column: str) -> tuple[str, str]:
    """The column a foreign key column refers to, else the column: both hold one entity's key (a city)."""
    for fk in profile.joins(table.lower()):
        if fk.table.lower() == table.lower() and fk.column.lower() == column.lower():
            return fk.target_table.lower(), fk.target_column.lower()
    return table.lower(), column.lower()


def _lookup_counts(question: Question, candidate: Candidate, profile: DatabaseProfile) -> list[str]:
    """A "how many <value> ..." counted as the rows of the table that stores the value: the one lookup row."""
    words = question.words
    if not candidate.selects(exp.Count):
        return []
    for value in question.values:
        lead = words[max(0, value.start - 2) : value.start]
        if lead != ["how", "many"] and lead != ["number", "of"]:
            continue
        following = words[value.end] if value.end < len(words) else ""
        if following and profile.table_of_noun(following) is not None:
            continue  # "how many Surgery doctors": the value qualifies the counted noun
        column = _condition_column(candidate, value)
        if column is None or column.table.lower() != candidate.table.rpartition(".")[2].lower():
            continue
        table = profile.table_named(column.table)
        # a category many rows share ("how many paperbacks") is no lookup row (tools/sql/counted_values.py)
        stored = profile.column_values.get((column.table.lower(), column.name.lower()), [])
        if table is not None and len(stored) == table.row_count:
            return [" ".join(words[value.start : value.end])]
    return []


def _placed(question: Question, value: ValueMention) -> bool:
    """Whether `value` follows "in"/"from", directly or as the next of a list ("in <A> or <B>")."""
    words = question.words
    before = words[value.start - 1] if value.start > 0 else ""
    if before in ("in", "from"):
        return True
    if before not in ("or", "and"):
        return False
    previous = next((v for v in question.values if v.end == value.start - 1), None)
    return previous is not None and _placed(question, previous)


def _shared_values(question: Question, candidate: Candidate, profile: DatabaseProfile) -> list[str]:
    """A value several columns outside the rows' own table hold (a band, its self-titled record, a writer), read on
    one of them although no noun right before it ("the band <Band>") names that column's table: declined rather
    than guessed."""
    words = question.words
    found = []
    for value in question.values:
        column = _condition_column(candidate, value)
        if column is None:
            continue
        table = profile.table_named(column.table)
        if table is None:
            continue
        # The rows' own table holding the value too is no rival: "records does <Band> have" where a record bears
        # the band's name still means the band (tools/sql/value_filters.py reads owners); two other holders are.
        subject = candidate.table.rpartition(".")[2].lower()
        placed = _placed(question, value)
        if placed and column.table.lower() == subject:
            continue  # "customers in <Country>": a place on the rows' own column, the natural reading, not a guess
        holders = {_entity(profile, ref.table, ref.column) for ref in value.refs if ref.table.lower() != subject}
        before = [w for w in words[max(0, value.start - 2) : value.start] if w not in ("the", "a", "an")]
        named_before = bool(before) and profile.table_of_noun(before[-1]) is table
        # "tracks in the <Genre> genre"; "the <Band> records" names the rows listed, not where the value is
        named_before |= column.table.lower() != subject and named_after(profile, question, value, table)
        by_maker = value.start > 0 and words[value.start - 1] == "by"  # tools/sql/value_filters.py reads "by X"
        if len(holders) > 1 and not named_before and not by_maker:
            found.append(" ".join(words[value.start : value.end]))  # "<Band> records", "does <Band> have"
    return found
