"""A key store made before keys could expire upgrades in place when a newer gateway opens it: its keys keep
working and never expire, and new keys can be given an expiry. On SQLite and on the real PostgreSQL."""

import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import Column, Float, LargeBinary, MetaData, String, Table, Text, create_engine

from gateway.governance.keys import generate_key, hash_key, key_matches, new_salt
from gateway.governance.store import KeyStore
from tools.grants import Grants


def make_old_store(url: str) -> tuple[str, str]:
    """The tables as the release before expiry created them, holding one key; the key and its prefix."""
    old = MetaData()
    principals = Table(
        "relayboard_principals",
        old,
        Column("name", String(64), primary_key=True),
        Column("grants", Text, nullable=False),
        Column("created_at", Float, nullable=False),
    )
    api_keys = Table(
        "relayboard_api_keys",
        old,
        Column("prefix", String(16), primary_key=True),
        Column("principal", String(64), nullable=False),
        Column("salt", LargeBinary, nullable=False),
        Column("digest", LargeBinary, nullable=False),
        Column("created_at", Float, nullable=False),
        Column("revoked_at", Float, nullable=True),
    )
    new, salt = generate_key(), new_salt()
    engine = create_engine(url)
    with engine.begin() as db:
        old.create_all(db)
        db.execute(principals.insert().values(name="old", grants='["agent:sql"]', created_at=time.time()))
        db.execute(
            api_keys.insert().values(
                prefix=new.prefix, principal="old", salt=salt, digest=hash_key(new.key, salt), created_at=time.time()
            )
        )
    engine.dispose()
    return new.key, new.prefix


def assert_upgrades_in_place(url: str) -> None:
    key, prefix = make_old_store(url)
    store = KeyStore.open(url)
    try:
        kept = store.live_key(prefix)
        expiring = store.create_key("new", Grants.parse(["agent:sql"]), expires_at=time.time() + 3600)
        listed = {record.prefix: record for record in store.list()}
    finally:
        store.close()
    reopened = KeyStore.open(url)  # a second start finds the column there and adds nothing
    reopened.close()
    assert kept is not None and kept.expires_at is None and key_matches(key, kept.salt, kept.digest)
    assert listed[prefix].expires_at is None and not listed[prefix].expired(time.time())
    assert listed[expiring.prefix].expires_at is not None


def test_an_old_sqlite_key_store_gains_expiry_in_place_and_its_keys_never_expire(tmp_path: Path) -> None:
    assert_upgrades_in_place(f"sqlite:///{tmp_path / 'governance.sqlite'}")


@pytest.fixture
def empty_postgres_database(postgres: Any) -> Iterator[str]:
    """A database of its own on the test run's PostgreSQL (the shared one already has today's tables)."""
    name = f"relayboard_upgrade_{uuid.uuid4().hex[:8]}"
    server = postgres.admin_url.rsplit("/", 1)[0]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    try:
        yield "postgresql+psycopg://" + f"{server}/{name}".removeprefix("postgresql://")
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE {name} WITH (FORCE)")


@pytest.mark.postgres
def test_an_old_postgres_key_store_gains_expiry_in_place_and_its_keys_never_expire(
    empty_postgres_database: str,
) -> None:
    assert_upgrades_in_place(empty_postgres_database)
