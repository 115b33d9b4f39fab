"""When a plain lower-case word of a question may name a stored value (issue 15): "which products weigh more than
20 kg" is about weight, not about a product called "Weigh!".

Three rules, all general English:

- a word right before a comparative and "than" ("weigh more than 20", "last longer than 90") is that
  comparison's verb, never a value;
- a lower-case word names a value stored with other characters ("Weigh!", "Last?") only when the question quotes
  it or writes it with capitals: a title with punctuation is a name, and a plain word that matches it only once
  the punctuation is dropped is a word of the sentence. A value that is the word itself, case aside ("Kettle" for
  "kettles" in "red kettles"), is read as before;
- a lower-case word right after "to" ("spots to dine", "things to read") is an infinitive, the verb of a paraphrase
  of the rows' noun: it names no row by its name or title (an eatery called Dine) unless quoted or capitalised. A
  value of another column ("flights to denver", a city) is read as before.
"""

from tools.sql.profile import ValueRef
from tools.sql.wording import tokens

# "than" after one of these makes the word before them a verb ("last longer than"); "over 8" or "under 8" may
# follow a noun ("paperbacks under 8"), so those say nothing of the word before them
_INFINITIVE = "to"
_COMPARATIVES = frozenset("more less fewer greater larger higher lower smaller longer shorter".split())


def plain_word_refs(
    words: list[str],
    position: int,
    refs: tuple[ValueRef, ...],
    written: frozenset[str],
    labels: frozenset[tuple[str, str]] = frozenset(),
) -> tuple[ValueRef, ...]:
    """The refs of the one-word value at `position` that the word may name; `written` holds the question's words
    that are quoted or capitalised (so they name what they spell), `labels` the (table, column) pairs, lower-case,
    that name rows."""
    word = words[position]
    if word in written:
        return refs
    following = words[position + 1 : position + 4]
    if following[:1] and following[0] in _COMPARATIVES and following[1:2] == ["than"]:
        return ()  # "weigh more than 20": the verb of a comparison
    if position and words[position - 1] == _INFINITIVE:
        refs = tuple(ref for ref in refs if (ref.table.lower(), ref.column.lower()) not in labels)
    return tuple(ref for ref in refs if ref.value.lower() == " ".join(tokens(ref.value)))  # nothing but its words
