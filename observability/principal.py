"""Who made a request, on its root span: the API key's holder name, never the key."""

from opentelemetry import trace

PRINCIPAL_ATTRIBUTE = "user.id"  # OpenInference's and OTel's name for the end user


def record_principal(name: str) -> None:
    """Put the key holder `name` on the current span (the HTTP request's root, in the gateway's middleware)."""
    trace.get_current_span().set_attribute(PRINCIPAL_ATTRIBUTE, name)
