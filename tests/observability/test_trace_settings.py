"""Content capture (off / truncated / full, with a limit), secrets kept out of text, and per-process service names."""

import pytest

from observability.content import ContentPolicy
from observability.settings import TraceSettings
from observability.setup import service_resource

PASTE = "word " * 40_000  # a 200k-character paste


def test_content_is_truncated_by_default_to_the_limit_saying_how_much_was_cut() -> None:
    policy = ContentPolicy.from_settings(TraceSettings())
    kept = policy.apply(PASTE)
    assert kept is not None and kept.startswith("word word") and len(kept) < 2100
    assert kept.endswith(f"[{len(PASTE) - 2000} more characters]")


def test_content_capture_off_records_nothing_and_full_records_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RELAYBOARD_TRACE_CONTENT", "off")
    assert ContentPolicy.from_settings(TraceSettings()).apply(PASTE) is None
    monkeypatch.setenv("RELAYBOARD_TRACE_CONTENT", "full")
    assert ContentPolicy.from_settings(TraceSettings()).apply(PASTE) == PASTE
    monkeypatch.setenv("RELAYBOARD_TRACE_CONTENT", "truncated")
    monkeypatch.setenv("RELAYBOARD_TRACE_CONTENT_LIMIT", "100")
    assert len(ContentPolicy.from_settings(TraceSettings()).apply(PASTE) or "") < 130


def test_an_unknown_content_setting_is_refused_naming_the_choices(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RELAYBOARD_TRACE_CONTENT", "some")
    with pytest.raises(ValueError, match="'off', 'truncated' or 'full'"):
        TraceSettings()


def test_passwords_in_urls_and_bearer_tokens_never_reach_a_span() -> None:
    text = ContentPolicy("full").apply(
        {"dsn": "postgresql://bi:s3cret-pw@db:5432/sales", "header": "Authorization: Bearer abcdef0123456789"}
    )
    assert text is not None and "s3cret-pw" not in text and "abcdef0123456789" not in text
    assert "postgresql://bi:[REDACTED]@db:5432/sales" in text


def test_secrets_are_masked_whatever_the_case_and_text_without_them_is_kept_as_it_is() -> None:
    policy = ContentPolicy("full")
    assert policy.apply("BEARER abcdef0123456789 and MySQL://u:pw-9@host/db") == (
        "BEARER [REDACTED] and MySQL://u:[REDACTED]@host/db"
    )
    plain = {"query": "How are results ranked?", "note": "no bearer here: https://example.com/docs"}
    assert (
        policy.apply(plain)
        == '{"query": "How are results ranked?", "note": "no bearer here: https://example.com/docs"}'
    )


def test_each_process_has_its_own_service_name_and_the_version(monkeypatch: pytest.MonkeyPatch) -> None:
    attributes = service_resource("mcp-sql").attributes
    assert attributes["service.name"] == "relayboard-mcp-sql" and attributes["service.version"]
    monkeypatch.setenv("OTEL_SERVICE_NAME", "acme-prod")  # one name set for every process of a deployment
    assert service_resource("gateway").attributes["service.name"] == "acme-prod-gateway"
    assert service_resource("mcp-sql").attributes["service.name"] == "acme-prod-mcp-sql"
    assert service_resource("mcp-sql").attributes["service.namespace"] == "acme-prod"
    monkeypatch.setenv("OTEL_SERVICE_NAME", "relayboard-mcp-sql")  # a name that already names the process stays
    assert service_resource("mcp-sql").attributes["service.name"] == "relayboard-mcp-sql"
