"""Asking the gateway (extractive mode, demo Chinook) what no curated query covers: answered from the schema, with
the SQL shown, or declined with a SELECT to try when the question reads two ways."""

import httpx
import pytest

pytestmark = pytest.mark.e2e


def ask(url: str, question: str) -> dict:
    response = httpx.post(f"{url}/v1/ask", json={"question": question}, timeout=60)
    assert response.status_code == 200, response.text
    return response.json()


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


def ask_in(url: str, question: str, thread_id: str) -> dict:
    response = httpx.post(f"{url}/v1/ask", json={"question": question, "thread_id": thread_id}, timeout=60)
    assert response.status_code == 200, response.text
    return response.json()


def test_a_follow_up_that_changes_the_year_reruns_the_curated_query_of_the_thread(gateway_url: str) -> None:
    first = ask(gateway_url, "How many invoices were issued in 2010?")
    second = ask_in(gateway_url, "And in 2011?", first["thread_id"])
    assert second["routes"] == ["sql"]
    assert second["sql"][0]["tool"] == "invoices_in_year" and second["sql"][0]["parameters"] == {"year": 2011}
    assert second["sql"][0]["rows"] == [[80]]


def test_a_follow_up_that_changes_a_value_reruns_the_schema_query_with_the_stored_value(gateway_url: str) -> None:
    first = ask(gateway_url, "How many tracks are on the Grunge playlist?")
    assert first["sql"][0]["tool"] == "run_query" and first["sql"][0]["rows"] == [[15]]
    second = ask_in(gateway_url, "What about brazilian music?", first["thread_id"])
    assert second["routes"] == ["sql"] and second["found"] is True
    assert '"Playlist"."Name" = \'Brazilian Music\'' in second["sql"][0]["sql"]
    assert second["sql"][0]["rows"] == [[39]]
    unknown = ask_in(gateway_url, "What about Narnia?", first["thread_id"])
    assert unknown["found"] is False and unknown["sql"] == []
