"""The extractive supervisor's semantic router: which agents a question needs, in which order.

A question goes to the route whose example utterances it resembles most (mean of the top-k cosine
similarities); a question carrying a SQL statement goes to `sql`, and an instruction to summarise followed by
pasted text goes to `summarise`, whatever either is about. A question that first asks for something and then
asks to summarise it ("find X and summarise it", "get the sales figures, then give me a TL;DR") becomes a
two-step plan.
"""

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import yaml

from agents.contracts import ROUTES, Route
from agents.questions import text_to_summarise
from tools.embeddings import Embedder, Vectors
from tools.errors import ConfigurationError
from tools.sql.statement import find_statement

TOP_K = 3
# A summarise instruction. "summary statistics" is a database term and does not count.
_SUMMARISE_CUE = re.compile(
    r"\b(?:summari[sz]e|summary(?!\s+statistics)|sum(?:ming)?\s+up|tl;?\s?dr|condense|boil\s+\w+\s+down|"
    r"key\s+points|gist|shorten|résum\w*|resum\w*|zusammen\w*)\b",
    re.IGNORECASE,
)
# What may stand between the end of a first request and the summarise instruction.
_STEP_BOUNDARY = re.compile(
    r"(?:,|;|\.|\?|!|\band\b|\bthen\b)\s*(?:and\s+|then\s+|please\s+|also\s+)*(?:\w+[\s-]+){0,6}$", re.IGNORECASE
)
_MIN_HEAD_WORDS = 3


@dataclass(frozen=True, slots=True)
class PlannedStep:
    route: Route
    question: str


@dataclass(frozen=True, slots=True)
class RouteScores:
    """Similarity of a question to each route's examples."""

    scores: dict[Route, float]

    @property
    def best(self) -> Route:
        return max(self.scores, key=lambda route: self.scores[route])


def default_routes_path() -> Path:
    return Path(str(resources.files("graph").joinpath("routes.yaml")))


def load_utterances(path: Path) -> dict[Route, list[str]]:
    """Example utterances per route.

    Raises:
        ConfigurationError: unreadable file, unknown route, or a route without examples.
    """
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigurationError(f"routes file {path} cannot be read: {exc}") from exc
    if not isinstance(raw, dict) or set(raw) != set(ROUTES):
        raise ConfigurationError(f"routes file {path} must have exactly the keys {', '.join(ROUTES)}")
    utterances: dict[Route, list[str]] = {}
    for route in ROUTES:
        examples = raw[route]
        if not isinstance(examples, list) or not examples or not all(isinstance(e, str) for e in examples):
            raise ConfigurationError(f"routes file {path}: `{route}` needs a non-empty list of strings")
        utterances[route] = examples
    return utterances


class SemanticRouter:
    """Routes questions by similarity to example utterances; the examples are embedded once at start-up."""

    def __init__(self, embedder: Embedder, utterances: dict[Route, list[str]]) -> None:
        self._embedder = embedder
        self._utterances = utterances
        self._vectors: dict[Route, Vectors] = {}

    async def prepare(self) -> None:
        """Embed the example utterances (call once, in the lifespan)."""
        for route, examples in self._utterances.items():
            self._vectors[route] = await self._embedder.embed(examples)

    async def score(self, question: str) -> RouteScores:
        if not self._vectors:
            await self.prepare()
        query = (await self._embedder.embed([question]))[0]
        scores: dict[Route, float] = {}
        for route, vectors in self._vectors.items():
            similarities = np.sort(vectors @ query)[::-1][:TOP_K]
            scores[route] = float(similarities.mean())
        return RouteScores(scores)

    async def plan(self, question: str) -> list[PlannedStep]:
        """The steps for `question`: one route, or a first route followed by `summarise`.

        A question carrying a SQL statement goes to `sql` whatever else it says: the SQL agent runs it or
        says why not, where summarise would echo it and retrieval would search for it.
        """
        if find_statement(question) is not None:
            return [PlannedStep("sql", question)]
        cue = _SUMMARISE_CUE.search(question)
        pasted = text_to_summarise(question)
        if cue and pasted and cue.start() < question.find(pasted):
            # "Summarise this: <text>": the pasted text's topic must not pull the request elsewhere.
            return [PlannedStep("summarise", question)]
        if cue and cue.start() > 0:
            head = question[: cue.start()]
            boundary = _STEP_BOUNDARY.search(head)
            if boundary and len(head[: boundary.start()].split()) >= _MIN_HEAD_WORDS:
                first_request = head[: boundary.start()].strip()
                first = (await self.score(first_request)).best
                if first != "summarise":
                    return [PlannedStep(first, first_request), PlannedStep("summarise", question)]
        return [PlannedStep((await self.score(question)).best, question)]
