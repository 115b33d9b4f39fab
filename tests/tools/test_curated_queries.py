"""Curated queries: loaded from YAML, checked at load, typed at call time."""

from pathlib import Path

import pytest

from tools.errors import ConfigurationError, InvalidInput
from tools.sql.curated import default_queries_path, load_curated_queries, load_schema_descriptions
from tools.sql.curated_values import value_columns


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "queries.yaml"
    path.write_text(text)
    return path


def test_the_demo_set_loads_and_every_query_is_read_only() -> None:
    names = {query.name for query in load_curated_queries(default_queries_path())}
    assert {"invoices_in_year", "revenue_in_year", "top_customers_by_revenue"} <= names


def test_a_curated_query_that_writes_is_refused_at_load(tmp_path: Path) -> None:
    path = write(tmp_path, "queries:\n  - {name: wipe, description: d, sql: DELETE FROM Invoice}\n")
    with pytest.raises(ConfigurationError, match=r"'wipe'.*DELETE"):
        load_curated_queries(path)


def test_placeholders_must_match_declared_parameters(tmp_path: Path) -> None:
    path = write(tmp_path, "queries:\n  - {name: by_year, description: d, sql: 'SELECT 1 WHERE 2 = :year'}\n")
    with pytest.raises(ConfigurationError, match=r"placeholders \['year'\].*parameters \[\]"):
        load_curated_queries(path)


def test_a_typo_in_the_file_names_the_offending_field(tmp_path: Path) -> None:
    path = write(tmp_path, "queries:\n  - {name: q1, descripton: d, sql: SELECT 1}\n")
    with pytest.raises(ConfigurationError, match="descripton"):
        load_curated_queries(path)


def test_arguments_are_checked_against_their_types_and_bounds() -> None:
    query = next(q for q in load_curated_queries(default_queries_path()) if q.name == "invoices_in_year")
    assert query.bind({"year": 2010}) == {"year": 2010}
    with pytest.raises(InvalidInput, match="needs `year`"):
        query.bind({})
    with pytest.raises(InvalidInput, match="must be a integer"):
        query.bind({"year": "2010"})
    with pytest.raises(InvalidInput, match="at most 2100"):
        query.bind({"year": 3000})
    with pytest.raises(InvalidInput, match="no parameter month"):
        query.bind({"year": 2010, "month": 1})


def test_every_demo_query_has_a_description_and_at_least_two_example_phrasings() -> None:
    for query in load_curated_queries(default_queries_path()):
        assert query.description.endswith(".") and len(query.examples) >= 2, query.name


def test_the_demo_set_covers_counts_totals_and_top_n_by_period_customer_country_genre_artist_and_employee() -> None:
    names = {query.name for query in load_curated_queries(default_queries_path())}
    assert {
        "customer_count",
        "track_count",
        "invoice_count",
        "total_revenue",
        "revenue_by_month_in_year",
        "revenue_in_month",
        "top_customers_in_year",
        "revenue_in_country",
        "sales_by_country_in_year",
        "revenue_by_genre",
        "albums_by_artist",
        "customers_per_sales_rep",
        "employee_sales_in_year",
    } <= names


def test_schema_descriptions_are_read_from_the_same_file() -> None:
    descriptions = load_schema_descriptions(default_queries_path())
    assert descriptions["Invoice.Total"].startswith("Amount paid")


def test_a_file_with_only_queries_has_no_descriptions(tmp_path: Path) -> None:
    path = write(tmp_path, "queries:\n  - {name: one, description: d, sql: SELECT 1}\n")
    assert load_schema_descriptions(path) == {}


def test_each_string_parameter_of_the_demo_set_stands_for_the_column_it_is_compared_with() -> None:
    queries = {query.name: query for query in load_curated_queries(default_queries_path())}
    assert value_columns(queries["customers_in_country"], "sqlite") == {"country": ("Customer", "Country")}
    assert value_columns(queries["revenue_in_country"], "sqlite") == {"country": ("Invoice", "BillingCountry")}
    assert value_columns(queries["tracks_in_genre"], "sqlite") == {"genre": ("Genre", "Name")}
    assert value_columns(queries["albums_by_artist"], "sqlite") == {"artist": ("Artist", "Name")}
    assert value_columns(queries["invoices_in_year"], "sqlite") == {}  # an integer: range-checked, not looked up


def test_a_query_s_shape_and_columns_are_read_from_its_sql(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """queries:
  - {name: total, description: d, sql: SELECT SUM(Total) AS revenue FROM Invoice}
  - {name: listed, description: d, sql: 'SELECT Name AS genre, GenreId FROM Genre'}
  - {name: grouped, description: d, sql: 'SELECT Country, COUNT(*) AS n FROM Customer GROUP BY Country'}
  - name: ranked
    description: d
    parameters: {limit: {type: integer, description: how many, default: 5}}
    sql: SELECT Name FROM Track ORDER BY Milliseconds DESC LIMIT :limit
""",
    )
    read = {q.name: (q.shape, q.limit_parameter, q.columns) for q in load_curated_queries(path)}
    assert read == {
        "total": ("figure", None, ["revenue"]),
        "listed": ("rows", None, ["genre", "GenreId"]),
        "grouped": ("groups", None, ["Country", "n"]),
        "ranked": ("top", "limit", ["Name"]),
    }


def test_a_mention_that_is_not_words_split_by_bars_is_refused_at_load(tmp_path: Path) -> None:
    path = write(tmp_path, "queries:\n  - {name: q1, description: d, mentions: ['sold, sell'], sql: SELECT 1}\n")
    with pytest.raises(ConfigurationError, match=r"mentions"):
        load_curated_queries(path)


def test_every_demo_query_names_what_a_question_must_mention() -> None:
    for query in load_curated_queries(default_queries_path()):
        assert query.mentions, query.name
