"""A durable job runs for the principal that submitted it, with the grants it held then, on whichever gateway."""

import json

from agents.contracts import Principal
from gateway.jobs.work import principal_from, principal_record
from tools.grants import FULL_ACCESS, Grants


def test_a_jobs_principal_survives_the_database_with_its_grants() -> None:
    limited = Principal("bi", Grants.parse(["agent:sql", "tool:sql:*", "table:Invoice"]))
    for principal in (limited, Principal("ops", FULL_ACCESS)):
        kept = principal_from(json.loads(json.dumps(principal_record(principal))))
        assert kept == principal
    assert principal_from(json.loads(json.dumps(principal_record(limited)))).sql_tables == ("Invoice",)


def test_a_record_without_grants_holds_none() -> None:
    kept = principal_from({"name": "legacy"})
    assert kept.name == "legacy" and not kept.grants.allows_agent("sql") and kept.sql_tables == ()
