"""A column names its table without the schema (tools/sql/candidate.py); the profile finds the table either way."""

from tools.sql.profile import DatabaseProfile, TableProfile


def _profile(*names: str) -> DatabaseProfile:
    return DatabaseProfile(tables={name.lower(): TableProfile(name, [], 0) for name in names})


def test_a_table_is_found_by_its_full_name_or_by_its_name_without_the_schema() -> None:
    profile = _profile("sales.Invoice", "Customer")
    assert profile.table_named("SALES.invoice") is profile.tables["sales.invoice"]
    assert profile.table_named("Invoice") is profile.tables["sales.invoice"]
    assert profile.table_named("customer") is profile.tables["customer"]


def test_a_name_no_table_has_finds_none() -> None:
    profile = _profile("sales.Invoice")
    assert profile.table_named("voice") is None
    assert profile.table_named("other.Invoice") is None
