"""Asking the gateway (extractive mode, demo Chinook) what no curated query covers: answered from the schema, with
the SQL shown, or declined with a SELECT to try when the question reads two ways."""

import httpx
import pytest

pytestmark = pytest.mark.e2e


def ask(url: str, question: str) -> dict:  # type: ignore[type-arg]
    response = httpx.post(f"{url}/v1/ask", json={"question": question}, timeout=60)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def test_a_question_no_curated_query_covers_is_answered_from_the_schema_with_its_sql(gateway_url: str) -> None:
    answer = ask(gateway_url, "Which genres have more than 100 tracks?")
    assert answer["routes"] == ["sql"] and answer["found"] is True
    evidence = answer["sql"][0]
    assert evidence["tool"] == "run_query"
    assert evidence["sql"] == (
        'SELECT "Genre"."Name" FROM "Track" JOIN "Genre" ON "Track"."GenreId" = "Genre"."GenreId" '
        'GROUP BY "Genre"."GenreId" HAVING COUNT(*) > 100'
    )
    assert sorted(evidence["rows"]) == [["Alternative & Punk"], ["Jazz"], ["Latin"], ["Metal"], ["Rock"]]
    assert f"```sql\n{evidence['sql']}\n```" in answer["answer"]


def test_a_question_that_reads_two_ways_is_declined_with_a_select_to_try(gateway_url: str) -> None:
    answer = ask(gateway_url, "Which cities are in Canada?")
    assert answer["routes"] == ["sql"] and answer["found"] is False and answer["sql"] == []
    assert "the question reads several ways" in answer["answer"]
    assert "not run:\nSQL:\n```sql\nSELECT " in answer["answer"]
    assert "Closest tables: Customer, Employee" in answer["answer"]
