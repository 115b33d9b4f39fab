"""A column named with its unit (`prize_pool_usd`, `weight_kg`, `system_size_kw`) is meant by its words without
the unit: "the largest prize pool", "the average salary", "the heaviest weight" say what the column holds, and the
unit is what every value of it is in. Such a question's words are reworded to state the unit after them ("prize
pool" -> "prize pool usd"), so the column is named and accounted for as if the question had said it.

The unit is added only:
- when the schema's name ends in a unit written as names write units (a currency code, a short unit of weight,
  length, area, energy, power or volume, or a time unit), after at least one word;
- when the words before the unit name no other column on their own (a `salary` beside `salary_usd`) and no other
  column with another unit (`weight_kg` beside `weight_lb`): then the question must say which;
- when the question does not say the unit itself anywhere ("weight in kg" already names `weight_kg`);
- when the next word does not go on to name another column: "delivery fee" is `delivery_fee`, not the
  `delivery_minutes` fee;
- never inside a stored value, a number or a date.
"""

from dataclasses import dataclass

from tools.sql.wording import respelled, stem

# Units as column names write them, after the words of what is measured. Single letters (`m`, `g`, `s`) are left
# out: as the last word of a name they are as often an initial as a unit.
UNIT_WORDS = frozenset(
    {
        *("usd", "eur", "gbp", "jpy", "cad", "aud", "chf", "inr", "cny", "sek", "nok", "dkk", "nzd"),
        *("kg", "kgs", "lb", "lbs", "oz", "tons", "tonnes"),
        *("km", "mi", "cm", "mm", "ft", "sqft", "sqm", "m2", "acres", "ha"),
        *("kw", "kwh", "mw", "mwh", "gwh", "wh", "hp"),
        *("ml", "gal", "litres", "liters"),
        *("ms", "sec", "secs", "seconds", "min", "minutes", "hours", "days", "weeks", "months", "years"),
    }
)


@dataclass(frozen=True, slots=True)
class UnitSuffix:
    """Column words `words` (stems, in order) that a name completes with the unit `unit`; `continued`: the stems
    that follow those words in other names (`fee` of `delivery_fee` beside `delivery_minutes`)."""

    words: tuple[str, ...]
    unit: str
    continued: frozenset[str]


def unit_suffixes(names: list[list[str]]) -> list[UnitSuffix]:
    """The units the schema's column names (each a list of words) end in, where the words before name that column
    alone (see the module docstring)."""
    plain = {tuple(stem(word) for word in name) for name in names}
    found: dict[tuple[str, ...], set[str]] = {}
    for name in names:
        if len(name) >= 2 and name[-1] in UNIT_WORDS:
            found.setdefault(tuple(stem(word) for word in name[:-1]), set()).add(name[-1])
    return [
        UnitSuffix(words, units.pop(), frozenset(name[len(words)] for name in plain if _extends(name, words)))
        for words, units in found.items()
        if len(units) == 1 and words not in plain
    ]


def _extends(name: tuple[str, ...], words: tuple[str, ...]) -> bool:
    return len(name) > len(words) and name[: len(words)] == words


def with_units(words: list[str], fixed: set[int], suffixes: list[UnitSuffix]) -> tuple[list[str], set[int]]:
    """`words` with each suffix's unit added after its words where the question says them outside `fixed`
    positions and never says the unit, and the positions of `fixed` in the new words."""
    said = {stem(word) for word in words} | set(words)
    after: dict[int, str] = {}  # the position of a suffix's last word -> the unit to add after it
    for suffix in suffixes:
        if suffix.unit in said or stem(suffix.unit) in said:
            continue
        size = len(suffix.words)
        for start in range(len(words) - size + 1):
            span = range(start, start + size)
            following = stem(words[start + size]) if start + size < len(words) else ""
            if (
                tuple(stem(words[i]) for i in span) == suffix.words
                and not fixed & set(span)
                and following not in suffix.continued
            ):
                after[start + size - 1] = suffix.unit
    # the suffix's last word, then its unit
    return respelled(words, fixed, {at: (at + 1, (words[at], unit)) for at, unit in after.items()})
