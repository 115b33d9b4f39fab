"""Groups named by two columns joined by "and": "orders by city and state", "which make and model has the most
rentals".

Two named columns X and Y are read as one group key, grouped and shown by both, when the question says "X and Y"
- right after "by", "per", "each" or "every" ("the" may stand between), or as its lead after "which" / "what";
- with each of X and Y a text column that is not a key (a number is a measure: "sales by region and amount");
- with no third key after them ("by city and state and zip") or before them ("by city, state and zip": the word
  before X is then a column's, not the cue);
- and with both tables on one path from the subject towards its parents (the same table, or one reached through
  the other). Rentals reach a customer's city and a vehicle's make along two paths: "rentals per city and make"
  is left unread rather than guessed as a pair of unrelated parents.

"List the make and model of each vehicle" has no cue before "make": it stays a list.
"""

from collections.abc import Iterator

from tools.sql.profile import DatabaseProfile, ForeignKey, towards_parents
from tools.sql.question import Question, column_stems
from tools.sql.routes import join_path
from tools.sql.shape_parts import Named
from tools.sql.wording import stem

_CUES = frozenset({"by", "per", "each", "every"})
_LEADS = frozenset({"which", "what"})
_AND = "and"


def paired_keys(
    profile: DatabaseProfile, subject: str, named: list[Named], question: Question
) -> Iterator[tuple[Named, Named]]:
    """Pairs of `named` columns that `question` groups rows of `subject` by together (see the module docstring)."""
    keys = [(n, path) for n in named if (path := _key_path(profile, subject, n, question)) is not None]
    said = [stem(word) for word in question.words]
    for first, first_path in keys:
        for second, second_path in keys:
            if first == second or not _one_path(first_path, second_path):
                continue
            if _conjoined(question.words, said, _stems(first), _stems(second)):
                yield first, second


def _key_path(
    profile: DatabaseProfile, subject: str, named: Named, question: Question
) -> tuple[ForeignKey, ...] | None:
    """The joins from `subject` to a column that can be one half of a pair key, or None when it cannot."""
    owner, column = named
    if column.kind != "text" or column.primary_key:
        return None
    path = join_path(profile, subject, owner.name, question)
    if path is None or not towards_parents(path, subject):
        return None
    return tuple(path)


def _one_path(first: tuple[ForeignKey, ...], second: tuple[ForeignKey, ...]) -> bool:
    """Whether one path is the start of the other: both tables sit on one line of parents from the subject."""
    shorter, longer = sorted((first, second), key=len)
    return longer[: len(shorter)] == shorter


def _stems(named: Named) -> tuple[str, ...]:
    table, column = named
    return tuple(sorted(column_stems(table, column)))


def _conjoined(words: list[str], said: list[str], first: tuple[str, ...], second: tuple[str, ...]) -> bool:
    """Whether `said` holds the words of `first`, "and", then those of `second`, after a cue or as the lead."""
    width, other = len(first), len(second)
    for at in range(len(said) - width - other):
        end = at + width
        if tuple(sorted(said[at:end])) != first or words[end] != _AND:
            continue
        if tuple(sorted(said[end + 1 : end + 1 + other])) != second:
            continue
        after = end + 1 + other
        if after < len(words) and words[after] == _AND:
            continue  # "by city and state and zip": three keys
        before = words[at - 1] if at else ""
        if before == "the" and at > 1:
            before = words[at - 2]
        if before in _CUES or (at == 1 and before in _LEADS):
            return True
    return False
