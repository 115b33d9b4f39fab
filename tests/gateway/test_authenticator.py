"""When a loopback gateway starts asking for keys: once any key exists in the store, within a second."""

from pathlib import Path

import pytest

from gateway.governance.authenticator import OPEN_RECHECK_SECONDS, Authenticator
from gateway.governance.store import KeyStore


class Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def store_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'governance.sqlite'}"


@pytest.fixture
def store(store_url: str) -> KeyStore:
    return KeyStore.open(store_url)


async def test_a_keyless_loopback_gateway_needs_no_key(store: KeyStore) -> None:
    assert await Authenticator({}, store, always_required=False).required() is False


async def test_a_key_created_by_another_process_is_enforced_once_the_open_answer_is_older_than_the_recheck(
    store: KeyStore, store_url: str
) -> None:
    clock = Clock()
    authenticator = Authenticator({}, store, always_required=False, clock=clock)
    assert await authenticator.required() is False
    KeyStore.open(store_url).create_key("ci")  # as `relayboard keys create ci` does, from its own process

    clock.now += OPEN_RECHECK_SECONDS / 2
    assert await authenticator.required() is False
    clock.now += OPEN_RECHECK_SECONDS
    assert await authenticator.required() is True


async def test_revoking_the_last_key_reopens_a_loopback_gateway_at_once(store: KeyStore) -> None:
    clock = Clock()
    authenticator = Authenticator({}, store, always_required=False, clock=clock)
    store.create_key("ci")
    assert await authenticator.required() is True
    store.revoke("ci")
    assert await authenticator.required() is False


async def test_off_loopback_a_key_is_always_required(store: KeyStore) -> None:
    assert await Authenticator({}, store, always_required=True).required() is True


async def test_a_key_created_through_the_gateways_own_store_is_enforced_at_once(store: KeyStore) -> None:
    authenticator = Authenticator({}, store, always_required=False, clock=Clock())
    assert await authenticator.required() is False
    store.create_key("first")  # as `POST /v1/admin/keys` does
    assert await authenticator.required() is True
