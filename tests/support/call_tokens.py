"""Signed call tokens for tests that drive one MCP server directly, as the gateway would."""

from typing import Any

from tools.call_tokens import CREDENTIAL_META_KEY, CallSigner, CallVerifier
from tools.grants import Grants

SECRET = "test-call-token-secret-0123456789abcdefghij"


def signer(ttl_s: float = 60) -> CallSigner:
    return CallSigner(SECRET.encode(), ttl_s=ttl_s)


def verifier(audience: str) -> CallVerifier:
    return CallVerifier(SECRET.encode(), audience=audience)


def call_meta(
    audience: str, tool: str, arguments: dict[str, Any], grants: list[str], *, name: str = "tester"
) -> dict[str, Any]:
    """The `_meta` of one call of `tool` with `arguments` for a caller holding `grants`."""
    token = signer().call_token(name, Grants.parse(grants), audience=audience, tool=tool, arguments=arguments)
    return {CREDENTIAL_META_KEY: token}
