"""Schema-grounded queries for a question, with no LLM and no curated YAML: propose, rank, and decide or decline.

The database is learnt once (tools/sql/profile.py), on first use or on `refresh`. A question is read against it
(tools/sql/question.py), candidate SELECTs are built from the shapes business questions take (tools/sql/shapes.py),
and judged (tools/sql/ranking.py). The proposer answers only when one reading is complete and plainest; readings
equally plain must give the same rows, or one must read clearly closest to the question (MiniLM similarity).
"""

import asyncio
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise
from typing import Literal

from tools.embeddings import Embedder
from tools.errors import RelayboardError
from tools.sql.cues import unmet
from tools.sql.database import Database
from tools.sql.date_parts import part_phrases
from tools.sql.date_phrases import date_phrases
from tools.sql.decline_reasons import unaccounted
from tools.sql.event_opposites import EventOpposites
from tools.sql.flag_opposites import FlagOpposites
from tools.sql.glosses import without_glosses
from tools.sql.light_verbs import light_verbs
from tools.sql.phrasal_verbs import plain_phrasal_verbs
from tools.sql.place_codes import with_place_names
from tools.sql.profile import DatabaseProfile, ValueRef, build_profile, name_words
from tools.sql.question import read_question, value_index
from tools.sql.ranking import Assessed, assess, ranked, tied_best
from tools.sql.rate_units import RateUnit, reworded, unit_adjectives
from tools.sql.routes import unchosen_routes
from tools.sql.shapes import candidates
from tools.sql.synonyms import SchemaSynonyms
from tools.sql.unit_suffixes import UnitSuffix, unit_suffixes, with_units
from tools.sql.wording import stem, stems
from tools.thesaurus import Thesaurus

MAX_TIED = 4  # tied readings run to see whether they agree
CLEAR_MARGIN = 0.06  # similarity by which a tied reading must beat the next to be chosen
SHOWN = 5


@dataclass(frozen=True, slots=True)
class Proposal:
    """`decision` is "answer" when `candidates[0]` answers the question; otherwise it is the nearest reading."""

    decision: Literal["answer", "decline"]
    reason: str
    candidates: list[Assessed]
    tables: list[str]


class QueryProposer:
    """Proposes SELECTs for questions over one database, learnt on first use."""

    def __init__(self, database: Database, embedder: Embedder, thesaurus: Thesaurus | None = None) -> None:
        """`thesaurus` reads question words as schema names the dictionary gives them (tools/sql/synonyms.py)."""
        self._database, self._embedder, self._thesaurus = database, embedder, thesaurus
        self._profile: DatabaseProfile | None = None
        self._index: dict[tuple[str, ...], tuple[ValueRef, ...]] = {}  # value words -> where they are stored
        self._schema_stems: set[str] = set()
        self._labels: frozenset[tuple[str, str]] = frozenset()  # (table, column) of each table's naming column
        self._rates: dict[str, RateUnit] = {}  # time units the schema states by an adjective ("monthly")
        self._suffixes: list[UnitSuffix] = []  # units names end in (`prize_pool_usd`)
        self._synonyms: SchemaSynonyms | None = None
        self._opposites: FlagOpposites | None = None
        self._states: EventOpposites | None = None  # "still open" of a `closed_date`: "still not closed"
        self._lock = asyncio.Lock()

    async def profile(self) -> DatabaseProfile:
        """The learnt database (learnt now if it was not yet).

        Raises:
            UpstreamUnavailable: the database cannot be reached.
        """
        async with self._lock:
            if self._profile is None:
                await self._learn()
            assert self._profile is not None
            return self._profile

    async def refresh(self) -> DatabaseProfile:
        """Learn the database again (after its schema or data changed)."""
        async with self._lock:
            await self._learn()
            assert self._profile is not None
            return self._profile

    async def _learn(self) -> None:
        profile = await build_profile(self._database)
        if self._thesaurus is not None:
            await asyncio.to_thread(self._thesaurus.load)
        self._index = with_place_names(value_index(profile), profile)  # "in Ohio" finds a stored 'OH'
        self._schema_stems = set().union(
            *(
                stems(name_words(t.name) + [w for c in t.columns for w in name_words(c.name)])
                for t in profile.tables.values()
            )
        )
        names = [name_words(c.name) for t in profile.tables.values() for c in t.columns]
        self._schema_stems |= {f"{stem(a)} {b}" for words in names for a, b in pairwise(words) if b.isdigit()}
        self._rates = unit_adjectives([*names, *(name_words(t.name) for t in profile.tables.values())])
        self._suffixes = unit_suffixes(names)
        self._labels = frozenset(
            (t.name.lower(), label.name.lower()) for t in profile.tables.values() for label in t.labels
        )
        self._synonyms = SchemaSynonyms(self._embedder, profile, self._thesaurus)
        self._opposites = FlagOpposites(profile, self._schema_stems, self._thesaurus)
        self._states = EventOpposites(profile, self._schema_stems, self._thesaurus)
        self._profile = profile

    async def propose(self, question: str, caller: Database) -> Proposal:
        """Ranked readings of `question` that `caller` may run, and whether the first one answers it.

        Raises:
            UpstreamUnavailable: the database cannot be reached.
        """
        profile = await self.profile()
        question = without_glosses(question, self._schema_stems, self._index)  # "bitterness (IBU)": `IBU`
        read = read_question(question, self._index, self._schema_stems, self._labels)
        fixed = {i for value in read.values for i in range(value.start, value.end)} | {n.index for n in read.numbers}
        fixed |= {i for phrase in date_phrases(read) for i in range(phrase.start, phrase.end)}  # "between", "March"
        fixed |= {i for part in part_phrases(read) for i in range(part.start, part.end)}  # "on a Sunday"
        fixed |= read.empty  # "someone" in "the most someone paid" stands for no one, not for a `person` table
        assert self._synonyms is not None and self._opposites is not None and self._states is not None
        words, fixed = plain_phrasal_verbs(read, fixed, self._schema_stems)  # "ended up cancelled": "cancelled"
        words, fixed = reworded(words, fixed, self._rates)  # "$80 a month" of `monthly_fee`: "$80 monthly"
        words, fixed = with_units(words, fixed, self._suffixes)  # "the largest prize pool": `prize_pool_usd`
        words, fixed = self._opposites.rewrite(words, fixed)  # "failed" of `passed_flag`: "not passed"
        words, fixed = self._states.rewrite(words, fixed)  # "still open" of `closed_date`: "still not closed"
        words = await self._synonyms.rewrite(words, fixed)
        if words != read.words:
            read = read_question(" ".join(words), self._index, self._schema_stems, self._labels, question)
        light = light_verbs(read, self._schema_stems)
        assessed = [
            assess(read, candidate, caller.dialect, unmet(read, question, candidate, profile), light)
            for candidate in candidates(profile, read)
        ]
        order = [item for item in ranked(assessed) if caller.permits(item.sql)]
        tables = _tables(order)
        ways = unchosen_routes(profile, read)  # a decline names the relations the words did not choose between
        if not order:
            reason = "no table or column of the database matches the question"
            return Proposal("decline", f"{ways}; {reason}" if ways else reason, [], tables)
        tied = tied_best(order)
        if not tied:
            reason = unaccounted(question, order[0].uncovered)
            return Proposal("decline", f"{ways}; {reason}" if ways else reason, order[:SHOWN], tables)
        chosen = tied[0] if len(tied) == 1 else await self._break_tie(question, tied[:MAX_TIED], caller)
        if chosen is None:
            alternatives = "; ".join(item.candidate.description for item in tied[:3])
            reason = f"the question reads several ways: {alternatives}"
            return Proposal("decline", f"{ways}; {reason}" if ways else reason, tied[:SHOWN], tables)
        rest = [item for item in order if item is not chosen]
        return Proposal("answer", chosen.candidate.description, [chosen, *rest][:SHOWN], tables)

    async def _break_tie(self, question: str, tied: list[Assessed], caller: Database) -> Assessed | None:
        """A reading equally plain readings agree with (same rows), or one clearly closest in meaning."""
        results: list[Counter[tuple[str, ...]] | None] = []
        for item in tied:
            try:
                results.append(Counter(map(_row_key, (await caller.run(item.sql)).rows)))
            except RelayboardError:
                results.append(None)
        if results[0] is not None and all(result == results[0] for result in results):
            return tied[0]
        vectors = await self._embedder.embed([question, *(item.candidate.description for item in tied)])
        scores = sorted(((float(vectors[i + 1] @ vectors[0]), i) for i in range(len(tied))), reverse=True)
        if scores[0][0] - scores[1][0] >= CLEAR_MARGIN and results[scores[0][1]] is not None:
            return tied[scores[0][1]]
        return None


def _row_key(row: list[object]) -> tuple[str, ...]:
    return tuple(sorted(repr(round(v, 2) if isinstance(v, float) else v) for v in row))


def _tables(order: list[Assessed]) -> list[str]:
    names: list[str] = []
    for item in order[:SHOWN]:
        if item.candidate.table not in names:
            names.append(item.candidate.table)
    return names[:3]
