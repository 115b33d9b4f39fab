"""A curated query answers only the questions it answers: their measure, their subject and the shape of rows
they ask for. Over a small bookshop database with its own curated set, near phrasings go to the schema reading
(or are declined) instead of being answered with the wrong rows."""

import sqlite3
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack

import pytest
import yaml
from fastmcp import Client

from agents.contracts import AgentTask, StepResult
from agents.mcp_client import ServerTarget, open_toolbox
from agents.sql import SqlAgent
from mcp_servers.sql import create_server
from tools.embeddings import Embedder
from tools.settings import SqlSettings

SCHEMA = """
CREATE TABLE Author (AuthorId INTEGER PRIMARY KEY, FirstName TEXT, LastName TEXT, Country TEXT);
CREATE TABLE Book (BookId INTEGER PRIMARY KEY, Title TEXT, AuthorId INTEGER REFERENCES Author(AuthorId));
CREATE TABLE Sale (SaleId INTEGER PRIMARY KEY, BookId INTEGER REFERENCES Book(BookId), Copies INTEGER);
INSERT INTO Author VALUES (1, 'Ada', 'Lane', 'Ireland'), (2, 'Bo', 'Marsh', 'Chile'), (3, 'Cy', 'North', 'Ghana');
INSERT INTO Book VALUES (1, 'Tides', 1), (2, 'Moss', 1), (3, 'Flint', 1), (4, 'Ember', 2), (5, 'Quill', 3);
INSERT INTO Sale VALUES (1, 4, 50), (2, 5, 20), (3, 1, 5), (4, 2, 3);
"""

QUERIES = """
queries:
  - name: top_authors_by_copies_sold
    description: The authors whose books sold the most copies, with copies sold.
    examples: [the 5 best-selling authors, which 3 authors sold the most copies]
    parameters:
      limit: {type: integer, description: How many authors to return, minimum: 1, maximum: 50, default: 5}
    mentions: [author|authors|writer|writers, sold|sell|sales|selling|copies]
    sql: |
      SELECT a.FirstName || ' ' || a.LastName AS author, SUM(s.Copies) AS copies_sold
      FROM Sale s JOIN Book b ON b.BookId = s.BookId JOIN Author a ON a.AuthorId = b.AuthorId
      GROUP BY a.AuthorId ORDER BY copies_sold DESC, author LIMIT :limit
  - name: books_per_author
    description: Books written by each author, the most prolific author first.
    examples: [how many books has each author written, book count per author]
    mentions: [book|books|title|titles, author|authors|writer|writers]
    sql: |
      SELECT a.FirstName || ' ' || a.LastName AS author, COUNT(b.BookId) AS books
      FROM Author a JOIN Book b ON b.AuthorId = a.AuthorId
      GROUP BY a.AuthorId ORDER BY books DESC, author
  - name: author_countries
    description: Every author (full name) and the country they come from.
    examples: [list the authors and their countries, where do our authors come from]
    mentions: [author|authors|writer|writers]
    sql: SELECT FirstName || ' ' || LastName AS author, Country AS country FROM Author ORDER BY author
  - name: author_names
    description: The names of all authors, first name and last name as one full name.
    examples: [list the authors, what are the names of our authors]
    mentions: [author|authors|writer|writers]
    sql: SELECT FirstName || ' ' || LastName AS author FROM Author ORDER BY author
  - name: book_count
    description: Total number of books in the catalogue.
    examples: [how many books do we have, number of books in total]
    mentions: [book|books|title|titles]
    sql: SELECT COUNT(*) AS books FROM Book
"""


@pytest.fixture(scope="module")
async def agents(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> AsyncIterator[dict[str, SqlAgent]]:
    """An agent over the whole curated set (key "all"), and one per query over that query alone, so that a near
    question a query must not answer cannot be taken by a closer query instead."""
    folder = tmp_path_factory.mktemp("bookshop")
    with sqlite3.connect(folder / "bookshop.sqlite") as connection:
        connection.executescript(SCHEMA)
    queries = yaml.safe_load(QUERIES)["queries"]
    sets = {"all": queries, **{query["name"]: [query] for query in queries}}
    found: dict[str, SqlAgent] = {}
    async with AsyncExitStack() as stack:
        for key, chosen in sets.items():
            (folder / f"{key}.yaml").write_text(yaml.safe_dump({"queries": chosen}))
            settings = SqlSettings(database=str(folder / "bookshop.sqlite"), curated_queries=folder / f"{key}.yaml")
            target = ServerTarget("relayboard-sql", "sql", Client(create_server(settings, embedder)))
            found[key] = SqlAgent(await stack.enter_async_context(open_toolbox(target)), embedder)
        yield found


def curated_tool(result: StepResult) -> str | None:
    """The curated query that answered, or None when the schema reading answered or the agent declined."""
    evidence = result["sql"]
    return None if evidence is None or evidence["tool"] == "run_query" else evidence["tool"]


@pytest.mark.parametrize(
    ("question", "tool", "rows"),
    [
        ("Which 2 authors sold the most copies?", "top_authors_by_copies_sold", [["Bo Marsh", 50], ["Cy North", 20]]),
        ("How many books has each author written?", "books_per_author", None),
        ("List the authors and their countries.", "author_countries", None),
        ("How many books do we have?", "book_count", [[5]]),
    ],
)
async def test_a_question_in_the_shape_a_curated_query_returns_is_answered_by_it(
    agents: dict[str, SqlAgent], question: str, tool: str, rows: list[list[object]] | None
) -> None:
    result = await agents["all"].run(AgentTask(question))
    assert curated_tool(result) == tool, result["answer"]
    if rows is not None:
        assert result["sql"] is not None and result["sql"]["rows"] == rows


@pytest.mark.parametrize(
    ("question", "not_by"),
    [
        # every author, not the top N
        ("List all the authors.", "top_authors_by_copies_sold"),
        # books written, not copies sold: the query's measure is not the question's
        ("Which 2 authors have the most books?", "top_authors_by_copies_sold"),
        # one author: the copies beside the name were not asked for
        ("Which author sold the most copies?", "top_authors_by_copies_sold"),
        # a ranking without its N is a guess at how many
        ("Which authors sold the most copies?", "top_authors_by_copies_sold"),
        # the single most, not every author's count
        ("Which author has written the most books?", "books_per_author"),
        # the authors, not their countries too
        ("List the authors.", "author_countries"),
        # names in parts, not whole
        ("Give the first and last names of the authors.", "author_names"),
        # a list of books, not their number
        ("Which books do we have?", "book_count"),
        # a count, not a list of names
        ("How many authors are there?", "author_names"),
    ],
)
async def test_a_curated_query_does_not_answer_a_near_question_it_does_not_answer(
    agents: dict[str, SqlAgent], question: str, not_by: str
) -> None:
    alone, among_all = await agents[not_by].run(AgentTask(question)), await agents["all"].run(AgentTask(question))
    assert curated_tool(alone) is None and curated_tool(among_all) != not_by, alone["answer"]
