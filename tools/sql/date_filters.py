"""A date phrase as a range on the date column the question is about; no reading when several are as likely."""

from collections.abc import Iterator

from tools.sql.candidate import col
from tools.sql.date_parts import PartPhrase
from tools.sql.date_phrases import DatePhrase
from tools.sql.filter_parts import Filters
from tools.sql.profile import YEAR_WORD, ColumnProfile, DatabaseProfile, ForeignKey, TableProfile, name_words
from tools.sql.question import Question, column_stems, mentioned, subject_stems, table_stems
from tools.sql.routes import join_path
from tools.sql.wording import FILLER_STEMS, stem, stems


def date_filters(
    profile: DatabaseProfile, question: Question, table: TableProfile, phrase: DatePhrase | PartPhrase
) -> Iterator[Filters]:
    """The phrase ("in 2010", "in March 2010", "after 2003", "between 2010 and 2012") as a range, or a part of
    every year ("in December", "on a Sunday") as a condition on the month or weekday, on the date column it is
    about: a date column the question names (by its own words, "hired", "birth"), else the
    subject's only date column, else the only date column of a table the question names one key away. Two
    periods pooled ("in 2013 and 2014") go only on the subject's own date. Several
    equally plausible date columns give no reading: the phrase is left unaccounted.

    On a table with one date column, that date is what the verb introducing the phrase ("issued in", "placed in",
    "signed up since") speaks of, whatever the verb, so the verb is accounted for; on a table with several, only
    a date the verb names (`hire_date`: "hired") accounts for it. A verb that names a table or column names
    something else, and is never accounted for by a date. So is a part named by a table's or column's word (a
    `weekday` column, a `quarter` column): that column is meant, not a part of a date.
    """
    schema = _schema_words(profile)
    if isinstance(phrase, PartPhrase) and phrase.names & schema:
        return
    verb = {stem(question.words[i]) for i in phrase.verb}
    if verb & schema:
        verb = set()
    if isinstance(phrase, DatePhrase) and phrase.pooled and not _about(question, table):
        return  # "branches with loans in 2013 and 2014": loans in either year, or in each, is a guess
    for owner, path, column in _dated(profile, question, table, isinstance(phrase, DatePhrase)):
        if isinstance(phrase, DatePhrase) and phrase.pooled and path:
            continue  # a row's own date lies in one year; the dates of rows it has may lie in each
        sole = sum(map(_dates_in_years, owner.columns)) == 1
        ref = col(owner.name, column.name)
        if column.calendar_year:  # `founded_year`: "founded before 2013" compares years
            assert isinstance(phrase, DatePhrase)  # only a date phrase finds a year column (`_dated`)
            condition = phrase.year_condition(ref)
            if condition is None:
                continue
        else:
            condition = phrase.condition(ref)
        yield Filters(
            where=(condition,),
            joins=path,
            covers=frozenset(
                column_stems(owner, column) | table_stems(owner) | phrase.covers | (verb if sole else set())
            ),
            numbers_used=phrase.numbers,
            columns=frozenset({(owner.name.lower(), column.name.lower())}),
            cost=len(path) + 0.1,
            words=f"{' '.join(column_stems(owner, column))} {phrase.words}",
        )


def _dates_in_years(column: ColumnProfile, years: bool = True) -> bool:
    """Whether `column` holds dates, or (with `years`) calendar years as numbers (`founded_year`)."""
    return column.kind == "date" or (years and column.calendar_year)


def _dated(
    profile: DatabaseProfile, question: Question, table: TableProfile, years: bool
) -> list[tuple[TableProfile, tuple[ForeignKey, ...], ColumnProfile]]:
    """The columns a date phrase is about (see `date_filters`); year columns count as dates only with `years` (a
    month or a weekday is no part of a year column)."""
    joined = profile.joins(table.name)
    others = dict.fromkeys(fk.target_table if fk.table.lower() == table.name.lower() else fk.table for fk in joined)
    # two keys to one table (a flight's origin and destination): the one the words name, else neither
    near: list[tuple[TableProfile, tuple[ForeignKey, ...]]] = [
        (profile.tables[other.lower()], path)
        for other in others
        if other.lower() in profile.tables
        and other.lower() != table.name.lower()
        and (path := join_path(profile, table.name, other, question)) is not None
        and len(path) == 1
    ]
    everywhere = [(table, ()), *near]
    named = [
        (owner, path, column)
        for owner, path in everywhere
        for column in owner.columns
        if _dates_in_years(column, years) and mentioned(own_date_words(owner, column), question)
    ]
    if named:
        return named
    own = [column for column in table.columns if _dates_in_years(column, years)]
    if own:
        return [(table, (), own[0])] if len(own) == 1 else []
    return [
        (owner, path, dates[0])
        for owner, path in near
        if mentioned(table_stems(owner), question)
        and len(dates := [c for c in owner.columns if _dates_in_years(c, years)]) == 1
    ]


_GENERIC_DATE = stems("date time datetime timestamp day when".split())


def own_date_words(table: TableProfile, column: ColumnProfile) -> set[str]:
    """What sets a date column apart from the table's other dates (`HireDate`: hire); empty for a plain date.
    A date named by its table's own word (`visited` of `visit`) is named by that word: "visited in 2024"."""
    own = (
        stems(name_words(column.name)) - _GENERIC_DATE - FILLER_STEMS - ({YEAR_WORD} if column.calendar_year else set())
    )
    return own - table_stems(table) or own


def _about(question: Question, table: TableProfile) -> bool:
    """Whether what the question asks about ("how many loans", "which fee") is `table` or one of its columns."""
    own = table_stems(table).union(*(column_stems(table, c) for c in table.columns))
    return bool(subject_stems(question) & own)


def _schema_words(profile: DatabaseProfile) -> set[str]:
    return set().union(
        *(table_stems(t) | stems(name_words(c.name)) for t in profile.tables.values() for c in t.columns)
    )
