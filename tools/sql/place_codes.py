"""Places stored as codes are named in full: "customers in Ohio" where `state` holds 'OH', "guests from Canada"
where `country` holds 'CA'. ISO 3166 (countries, and the subdivisions of each: US states, Canadian provinces, ...)
comes from `pycountry`, which ships the Debian iso-codes data; nothing is downloaded.

A text column is read as holding codes only when every value stored in it is one:
- the subdivision codes of exactly one country ('OH', 'TX', 'CA' are US states; no other country has all three),
- else ISO 3166-1 alpha-2 or alpha-3 country codes, every one of them;
- with at least two distinct values, so a lone 'IN' is never read as Indiana or India.
Each stored code is then also found by its place's names (a subdivision's name; a country's name, common name,
official name, and its name before a comma, "Korea" of "Korea, Republic of"). A name two stored codes share is
left out: it would say neither.
"""

from typing import Any

from tools.sql.profile import DatabaseProfile, ValueRef
from tools.sql.wording import tokens

ValueIndex = dict[tuple[str, ...], tuple[ValueRef, ...]]


def with_place_names(index: ValueIndex, profile: DatabaseProfile) -> ValueIndex:
    """`index` with the full names of the places stored as codes in `profile`'s text columns added as words that
    find those codes (see the module docstring); names that are stored values themselves keep their own refs."""
    coded = [
        (table, column, stored)
        for table in profile.tables.values()
        for column in table.columns
        if (stored := profile.column_values.get((table.name.lower(), column.name.lower()))) and _looks_coded(stored)
    ]
    if not coded:
        return index  # no column of codes: ISO 3166 is not loaded at all
    import pycountry  # ISO 3166 data, loaded only while a database with such a column is learnt

    subdivisions: dict[str, dict[str, list[str]]] = {}
    for subdivision in pycountry.subdivisions:
        country, _, code = subdivision.code.partition("-")
        subdivisions.setdefault(country, {})[code] = [subdivision.name]
    countries = {
        **{c.alpha_2: _country_names(c) for c in pycountry.countries},
        **{c.alpha_3: _country_names(c) for c in pycountry.countries},
    }
    added: dict[tuple[str, ...], list[ValueRef]] = {}
    for table, column, stored in coded:
        names = _names(set(stored), subdivisions, countries)
        if names is None:
            continue
        for code in stored:
            for name in names.get(code, []):
                key = tuple(tokens(name))
                if key and key not in index:
                    added.setdefault(key, []).append(ValueRef(table.name, column.name, code))
    return {**index, **{key: tuple(refs) for key, refs in added.items() if len({r.value for r in refs}) == 1}}


def _looks_coded(stored: list[str]) -> bool:
    """Two or more distinct values, every one upper-case letters only: what a column of codes holds."""
    return len(set(stored)) >= 2 and all(code.isupper() and code.isalpha() for code in stored)


def _names(
    stored: set[str], subdivisions: dict[str, dict[str, list[str]]], countries: dict[str, list[str]]
) -> dict[str, list[str]] | None:
    """The names of each code of `stored`, when all of them are codes of one kind; else None."""
    fitting = [codes for codes in subdivisions.values() if stored <= codes.keys()]
    if len(fitting) == 1:
        return fitting[0]
    if not fitting and stored <= countries.keys() and len({len(code) for code in stored}) == 1:
        return countries
    return None


def _country_names(country: Any) -> list[str]:
    names = [getattr(country, field, None) for field in ("name", "common_name", "official_name")]
    found = [name for name in names if name]
    return [*found, *(name.split(",")[0] for name in found if "," in name)]
