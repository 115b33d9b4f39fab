"""The row forms of the evaluation data files (docs/evaluation.md, "Data files"), one pydantic model each.

Types are strict: a number where a string belongs, a string where a list belongs, or null where a text belongs
is refused, not converted. Each field's `description` is what an error says it must be. Fields a form does not
declare are ignored, so data sets may carry their own (`topic`, `source_path`).
"""

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, StringConstraints, model_validator

from agents.contracts import Route
from tools.beir_corpus import CorpusRow
from tools.jsonl_rows import Identifier, StrictRow, Text

__all__ = ["AnswersRow", "CorpusRow", "OffTopicRow", "QueryRow", "RoutingRow", "SqlRow", "SummaryRow"]


def _one_as_list(value: Any) -> Any:
    """A single reference written as a string is a list of one."""
    return [value] if isinstance(value, str) else value


Scalar = str | int | float | bool | None


class RoutingRow(StrictRow):
    """One request and the plan the router should make for it: `route`, then `also` when given."""

    id: Identifier | None = Field(default=None, description="a string or an integer")
    question: Text = Field(description="a non-blank string")
    route: Route = Field(description="one of 'retrieval', 'sql', 'summarise'")
    also: Literal["summarise"] | None = Field(
        default=None,
        description="'summarise' (the second step of a two-step plan, the only one the router makes) or absent",
    )

    @model_validator(mode="after")
    def _second_step_follows_another(self) -> "RoutingRow":
        if self.also is not None and self.route == "summarise":
            raise ValueError(
                "also must be absent when route is 'summarise' (a two-step plan summarises what another route "
                "found), got 'summarise'"
            )
        return self

    @property
    def plan(self) -> list[str]:
        """The expected routes, in order."""
        return [self.route] if self.also is None else [self.route, self.also]


class SqlRow(StrictRow):
    """One question with its gold result set, over the row's own database (`db`) or the command's."""

    id: Identifier | None = Field(default=None, description="a string or an integer")
    question: Text = Field(description="a non-blank string")
    result: list[list[Scalar]] = Field(
        description="the gold result as a list of rows, each a list of JSON values, e.g. [[82]]"
    )
    sql: str | None = Field(default=None, description="a string of SQL or absent")
    ordered: bool = Field(default=False, description="true or false")
    difficulty: Annotated[str, StringConstraints(min_length=1)] | None = Field(
        default=None, description='a label such as "easy", "medium" or "hard", or absent'
    )
    db: Annotated[str, StringConstraints(min_length=1)] | None = Field(
        default=None, description="a SQLite file's path relative to the data file, or absent"
    )

    @model_validator(mode="after")
    def _rows_of_one_width(self) -> "SqlRow":
        widths = sorted({len(row) for row in self.result})
        if len(widths) > 1:
            raise ValueError(
                f"result must be rows of one width, got rows of {' and '.join(str(width) for width in widths)} values"
            )
        return self


class SummaryRow(StrictRow):
    """One document with the reference summaries it is scored against."""

    id: Identifier = Field(description="a string or an integer")
    document: Text = Field(description="a non-blank string")
    references: Annotated[
        list[Text], BeforeValidator(_one_as_list), Field(min_length=1, description="a non-empty list of strings")
    ]
    title: str | None = Field(default=None, description="a string or absent")


class QueryRow(StrictRow):
    """A BEIR query."""

    query_id: Identifier = Field(alias="_id", description="a non-empty string or an integer")
    text: Text = Field(description="a non-blank string")


class AnswersRow(StrictRow):
    """A BEIR query's gold extractive answers."""

    query_id: Identifier = Field(alias="_id", description="a non-empty string or an integer")
    answers: list[Text] = Field(description='a list of strings, e.g. ["vitamin D"]')


class OffTopicRow(StrictRow):
    """A question the corpus cannot answer, as `text` (BEIR's queries) or `question`."""

    text: Text | None = Field(default=None, description="a non-blank string")
    question: Text | None = Field(default=None, description="a non-blank string")

    @model_validator(mode="after")
    def _asks_something(self) -> "OffTopicRow":
        if self.text is None and self.question is None:
            raise ValueError("text (or question) must be a non-blank string, got neither field")
        return self

    @property
    def asked(self) -> str:
        """The question."""
        return self.text or self.question or ""
