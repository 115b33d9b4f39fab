"""Payload logging: the request record keeps the question and answer only when asked to, and then redacted."""

from pathlib import Path

import pytest
from pydantic import ValidationError
from sqlalchemy import create_engine, text

from gateway.governance.settings import GovernanceSettings
from gateway.usage.settings import PayloadSettings
from gateway.usage.store import RequestRecord, UsageStore
from tests.support.fake_system import FakeSystem, client, fake_app

PERSONAL = (
    "Mail ana.lopez@example.com or call +44 20 7946 0958 or (415) 555-2671 about card 4111 1111 1111 1111 "
    "and IBAN DE89 3704 0044 0532 0130 00 for employee EMP-123456"
)
ORDINARY = "Invoice 4111 1111 1111 1112 of 2024-01-02, IBAN-like DE00 3704 0044 0532 0130 00, 412 rows"
MASKED = "Mail [EMAIL] or call [PHONE] or [PHONE] about card [CARD] and IBAN [IBAN] for employee [REDACTED]"


async def _record(data_dir: Path, trace_id: str) -> dict[str, object]:
    store = await UsageStore.open(GovernanceSettings(data_dir=data_dir).usage_url())
    try:
        (record,) = await store.records(trace_id)
    finally:
        await store.close()
    return record


async def _ask(data_dir: Path, question: str, payloads: PayloadSettings | None, path: str = "/v1/ask") -> str:
    async with fake_app(FakeSystem(), data_dir=data_dir, payloads=payloads) as app, client(app) as http:
        if path == "/v1/chat/completions":
            body = {"model": "relayboard", "messages": [{"role": "user", "content": question}]}
            return str((await http.post(path, json=body)).json()["relayboard"]["trace_id"])
        return str((await http.post(path, json={"question": question})).json()["trace_id"])


async def test_payloads_are_not_logged_by_default(tmp_path: Path) -> None:
    record = await _ask(tmp_path, PERSONAL, None)
    assert {k: v for k, v in (await _record(tmp_path, record)).items() if k in ("question", "answer")} == {
        "question": None,
        "answer": None,
    }


@pytest.mark.parametrize("path", ["/v1/ask", "/v1/chat/completions"])
async def test_logged_payloads_mask_emails_phones_cards_ibans_and_configured_patterns(
    tmp_path: Path, path: str
) -> None:
    payloads = PayloadSettings(log_payloads=True, redact_patterns=[r"EMP-\d{6}"])
    trace_id = await _ask(tmp_path, f"{PERSONAL}. {ORDINARY}", payloads, path)
    record = await _record(tmp_path, trace_id)
    assert record["question"] == f"{MASKED}. {ORDINARY}"  # failed checksums and dates are left as they are
    assert record["answer"] == f"You asked: {MASKED}. {ORDINARY}"


def test_a_redaction_pattern_that_is_not_a_regular_expression_is_refused_by_name() -> None:
    with pytest.raises(ValidationError, match=r"RELAYBOARD_REDACT_PATTERNS: 'EMP-\(' is not a regular expression"):
        PayloadSettings(redact_patterns=["EMP-("])


async def test_a_request_log_from_before_payloads_gains_their_columns_and_keeps_its_rows(tmp_path: Path) -> None:
    url = GovernanceSettings(data_dir=tmp_path).usage_url()
    old = create_engine(url.replace("+aiosqlite", ""))
    with old.begin() as db:
        db.execute(
            text(
                "CREATE TABLE request_log (id INTEGER PRIMARY KEY, trace_id VARCHAR(32), principal VARCHAR(64) NOT "
                "NULL, method VARCHAR(10) NOT NULL, route VARCHAR(300) NOT NULL, status INTEGER NOT NULL, latency_ms "
                "FLOAT NOT NULL, routes JSON NOT NULL, tools JSON NOT NULL, model VARCHAR(200), tokens_in INTEGER NOT "
                "NULL, tokens_out INTEGER NOT NULL, day VARCHAR(10) NOT NULL, at DATETIME NOT NULL)"
            )
        )
        db.execute(
            text(
                "INSERT INTO request_log VALUES (1, 'a', 'alice', 'GET', '/v1/usage', 200, 1.0, '[]', '[]', NULL, "
                "0, 0, '2026-01-01', '2026-01-01 00:00:00')"
            )
        )
    old.dispose()
    store = await UsageStore.open(url)
    try:
        await store.add(RequestRecord("bob", "POST", "/v1/ask", 200, 2.0, trace_id="b", question="q", answer="a"))
        (kept,) = await store.records("a")
        (added,) = await store.records("b")
    finally:
        await store.close()
    assert (kept["principal"], kept["question"]) == ("alice", None)
    assert (added["principal"], added["question"], added["answer"]) == ("bob", "q", "a")
