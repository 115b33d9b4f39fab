"""The extractive router: one route per question, or a first route followed by summarise."""

import pytest

from graph.router import SemanticRouter, default_routes_path, load_utterances
from tests.graph.sql_statements import NOT_STATEMENTS, STATEMENTS
from tools.errors import ConfigurationError


@pytest.fixture(scope="module")
async def router(embedder) -> SemanticRouter:
    semantic = SemanticRouter(embedder, load_utterances(default_routes_path()))
    await semantic.prepare()
    return semantic


async def plan(router: SemanticRouter, question: str) -> list[tuple[str, str]]:
    return [(step.route, step.question) for step in await router.plan(question)]


async def test_find_and_then_summarise_is_two_steps_with_the_search_as_the_first_task(router) -> None:
    assert await plan(router, "Look up the deployment guide, then give me a short summary") == [
        ("retrieval", "Look up the deployment guide"),
        ("summarise", "Look up the deployment guide, then give me a short summary"),
    ]


async def test_a_data_request_followed_by_a_summary_is_sql_then_summarise(router) -> None:
    routes = [route for route, _ in await plan(router, "Get the revenue per country and summarise it for the board")]
    assert routes == ["sql", "summarise"]


async def test_summary_statistics_are_a_database_question_not_a_summary(router) -> None:
    assert [r for r, _ in await plan(router, "summary statistics of invoice totals per customer")] == ["sql"]


async def test_pasted_text_goes_to_summarise_whatever_it_is_about(router) -> None:
    question = "TL;DR: Revenue per country grew in 2023, and the top customers spent more on invoices than before."
    assert [r for r, _ in await plan(router, question)] == ["summarise"]


def test_a_routes_file_without_every_route_is_a_configuration_error(tmp_path) -> None:
    path = tmp_path / "routes.yaml"
    path.write_text("retrieval: [a]\nsql: [b]\n")
    with pytest.raises(ConfigurationError, match="exactly the keys retrieval, sql, summarise"):
        load_utterances(path)


@pytest.mark.parametrize("question", STATEMENTS)
async def test_a_request_carrying_a_sql_statement_goes_to_the_sql_agent_alone(router, question: str) -> None:
    assert await plan(router, question) == [("sql", question)]


@pytest.mark.parametrize(("question", "routes"), NOT_STATEMENTS.items())
async def test_prose_with_sql_words_is_routed_by_its_meaning(router, question: str, routes: list[str]) -> None:
    assert [route for route, _ in await plan(router, question)] == routes
