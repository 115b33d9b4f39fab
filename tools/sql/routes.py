"""Which chain of foreign keys joins two tables: the one shortest route, or the one the question's words name.

Two tables are often related more than one way: patients meet doctors through their visits and through their
prescriptions; a flight refers to an airport as its origin and as its destination. Taking the first route found
would answer "which patients visited doctors in Surgery" through the prescriptions. So when two or more shortest
routes join two tables, the route taken is the one whose own words the question says: a table between (`visit` for
"visited") or a key column (`origin_airport_id` for "origin"), words no other of those routes has. A verb form
names a word it begins or that begins it ("prescribed": `prescription`, "originating": `origin`). When the words
name none of the routes, or more than one, no route is taken, so no reading joins the two tables, and the decline
names the routes (`unchosen_routes`) for the user to say which.
"""

from itertools import combinations

from sqlglot import exp

from tools.sql.profile import DatabaseProfile, ForeignKey, name_words
from tools.sql.question import Question, mentioned, table_stems
from tools.sql.wording import stem, stems, verb_like

Route = tuple[ForeignKey, ...]
MAX_HOPS = 2
_KEY_WORDS = frozenset({"id", "fk", "key"})  # what marks a column as a key, not what it means


def join_path(profile: DatabaseProfile, start: str, goal: str, question: Question) -> Route | None:
    """The chain of foreign keys from `start` to `goal` (either direction): the shortest, or the one of several
    shortest that `question`'s words name; None when none is within MAX_HOPS keys, or the words choose no one."""
    routes = shortest_routes(profile, start, goal)
    return routes[0] if len(routes) == 1 else _named(routes, start, goal, question)


def shortest_routes(profile: DatabaseProfile, start: str, goal: str) -> list[Route]:
    """Every shortest chain of foreign keys from `start` to `goal` within MAX_HOPS keys, none visiting a table
    twice; two keys between the same two tables (an origin and a destination) are two routes."""
    begin, end = start.lower(), goal.lower()
    if begin == end:
        return [()]
    frontier: list[tuple[str, Route]] = [(begin, ())]
    seen = {begin}
    for _ in range(MAX_HOPS):
        following: list[tuple[str, Route]] = []
        for table, path in frontier:
            for fk in profile.joins(table):
                other = fk.target_table.lower() if fk.table.lower() == table else fk.table.lower()
                if other not in seen and other in profile.tables:
                    following.append((other, (*path, fk)))
        arrived = [path for table, path in following if table == end]
        if arrived:
            return arrived
        frontier = following
        seen |= {table for table, _ in following}
    return []


def chosen_stems(profile: DatabaseProfile, start: str, joins: Route, question: Question) -> frozenset[str]:
    """The question stems that chose a route `joins` takes from `start` among others as short (the words a
    reading over those joins accounts for: "flights whose origin is Boston" reads "origin" by its key)."""
    found: set[str] = set()
    for table in {fk.target_table.lower() for fk in joins} | {fk.table.lower() for fk in joins}:
        routes = shortest_routes(profile, start, table)
        if len(routes) < 2:
            continue
        chosen = _named(routes, start, table, question)
        if chosen is not None and all(fk in joins for fk in chosen):
            found |= _naming(question, _own_stems(chosen, routes, start, table))
    return frozenset(found)


def key_stems(joins: Route, conditions: tuple[exp.Expr, ...]) -> frozenset[str]:
    """The words of the foreign keys a reading relates rows by, beyond their key marks and the table they refer to:
    `lead_tech_id` of a join or of an `IN (SELECT ...)` is "lead" ("technicians who were never the lead on a work
    order", "researchers who have never been the PI on a grant"). The reading takes that key, so it accounts for
    what the key's name says."""
    found: set[str] = set()
    for fk in joins:
        found |= stems([w for w in name_words(fk.column) if w not in _KEY_WORDS]) - _words(fk.target_table)
    for condition in conditions:
        for within in condition.find_all(exp.In):
            query = within.args.get("query")
            if query is None:
                continue
            for column in [within.this, *query.find_all(exp.Column)]:
                if isinstance(column, exp.Column) and _KEY_WORDS & set(name_words(column.name)):
                    found |= stems([w for w in name_words(column.name) if w not in _KEY_WORDS])
    return frozenset(found)


def unchosen_routes(profile: DatabaseProfile, question: Question) -> str | None:
    """For a decline: the pairs of tables the question names (by their words or by a value they store) that two or
    more shortest routes join and the words choose none of, each with its routes; None when there is no such pair."""
    said = {ref.table.lower() for value in question.values for ref in value.refs}
    named = sorted(
        key for key, table in profile.tables.items() if key in said or mentioned(table_stems(table), question)
    )
    found = []
    for start, goal in combinations(named, 2):
        routes = shortest_routes(profile, start, goal)
        if len(routes) > 1 and _named(routes, start, goal, question) is None:
            ways = " or ".join(_spelt(route, start, goal) for route in routes)
            found.append(f"{profile.table(start).name} and {profile.table(goal).name} are related {ways}")
        if len(found) == 2:
            break
    if not found:
        return None
    return "the question does not say which relation it means: " + "; ".join(found)


def _named(routes: list[Route], start: str, goal: str, question: Question) -> Route | None:
    named = [route for route in routes if _naming(question, _own_stems(route, routes, start, goal))]
    return named[0] if len(named) == 1 else None


def _own_stems(route: Route, routes: list[Route], start: str, goal: str) -> set[str]:
    """The words of `route` (its tables between, its key columns) that no other of `routes` has, nor the ends."""
    ends = _words(start) | _words(goal)
    others = set().union(*(_route_stems(other, start) for other in routes if other != route))
    return _route_stems(route, start) - others - ends


def _route_stems(route: Route, start: str) -> set[str]:
    found: set[str] = set()
    for fk in route:
        found |= stems([w for w in name_words(fk.column) if w not in _KEY_WORDS])
        found |= _words(fk.table) | _words(fk.target_table)
    return found - _words(start)


def _words(table: str) -> set[str]:
    return stems(name_words(table.rpartition(".")[2]))


def _naming(question: Question, wanted: set[str]) -> set[str]:
    """The stems of `question`'s words outside stored values that name one of `wanted`: the same stem, or a verb
    form ("prescribed", "originating") that begins one or that one begins, but for its last letter, in four letters
    or more."""
    taken = {i for value in question.values for i in range(value.start, value.end)}
    found = set()
    for position, word in enumerate(question.words):
        said = stem(word)
        if position in taken:
            continue
        if said in wanted:
            found.add(said)
        elif verb_like(word) and any(_begins(said, own) for own in wanted):
            found.add(said)
    return found


def _begins(said: str, own: str) -> bool:
    """Whether one stem begins the other but for its last letter ("prescrib" and "prescription")."""
    short, long = sorted((said, own), key=len)
    return len(short) > 3 and long.startswith(short[:-1])


def _spelt(route: Route, start: str, goal: str) -> str:
    """A route in words: through visit (visit.patient_id, visit.doctor_id), or by flight.origin_id for one key."""
    keys = ", ".join(f"{fk.table.rpartition('.')[2]}.{fk.column}" for fk in route)
    between = [
        table
        for table in dict.fromkeys(t for fk in route for t in (fk.table, fk.target_table))
        if table.lower() not in (start, goal)
    ]
    return f"through {', '.join(between)} ({keys})" if between else f"by {keys}"
