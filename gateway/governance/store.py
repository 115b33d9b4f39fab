"""The key store: principals with their grants, and their API keys (hashed), in SQLite or PostgreSQL.

SQLAlchemy Core, synchronous: one schema and one set of statements for both databases; the calls are short
indexed lookups that callers run off the event loop (`asyncio.to_thread`).
"""

import json
import time
from dataclasses import dataclass

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    Float,
    ForeignKey,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    exists,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.exc import OperationalError

from gateway.governance.keys import NewKey, generate_key, hash_key, new_salt
from tools.errors import NotFound, UpstreamUnavailable
from tools.grants import Grants

_metadata = MetaData()
principals = Table(
    "relayboard_principals",
    _metadata,
    Column("name", String(64), primary_key=True),
    Column("grants", Text, nullable=False),  # a JSON list of grant strings (tools/grants.py)
    Column("created_at", Float, nullable=False),
)
api_keys = Table(
    "relayboard_api_keys",
    _metadata,
    Column("prefix", String(16), primary_key=True),
    Column("principal", String(64), ForeignKey("relayboard_principals.name"), nullable=False, index=True),
    Column("salt", LargeBinary, nullable=False),
    Column("digest", LargeBinary, nullable=False),
    Column("created_at", Float, nullable=False),
    Column("revoked_at", Float, nullable=True),
    Column("expires_at", Float, nullable=True),  # epoch seconds; NULL: never expires
)
# Columns added after the table first shipped: `migrate` adds them to a database created before them (NULL in
# existing rows, which is what each means for a key made before it existed).
_ADDED_COLUMNS = ("expires_at",)


@dataclass(frozen=True, slots=True)
class KeyRecord:
    """One key as listings show it: never the key itself."""

    prefix: str
    principal: str
    grants: list[str]
    created_at: float
    revoked: bool
    expires_at: float | None = None  # epoch seconds; None: never

    def expired(self, now: float) -> bool:
        return self.expires_at is not None and self.expires_at <= now


@dataclass(frozen=True, slots=True)
class StoredKey:
    """What checking a presented key needs: its hash, whose it is, and until when it works."""

    principal: str
    grants: Grants
    salt: bytes
    digest: bytes
    expires_at: float | None = None  # epoch seconds; None: never

    def expired(self, now: float) -> bool:
        return self.expires_at is not None and self.expires_at <= now


class KeyStore:
    """Principals, grants and hashed keys in one database (the tables are created on `open`)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._keys_created = 0

    @property
    def keys_created(self) -> int:
        """How many keys this object has created: lets a cache of "no key exists" notice one at once."""
        return self._keys_created

    @classmethod
    def at(cls, url: str) -> "KeyStore":
        """The store at `url` (a SQLAlchemy URL); nothing connects until it is used (`migrate` first)."""
        return cls(create_engine(url, pool_pre_ping=True))

    @classmethod
    def open(cls, url: str) -> "KeyStore":
        """The store at `url`, its tables created if missing.

        Raises:
            UpstreamUnavailable: the database cannot be reached.
        """
        store = cls.at(url)
        store.migrate()
        return store

    def migrate(self) -> None:
        """Create the tables that are missing, and add the columns a table made by an older release lacks.

        Raises:
            UpstreamUnavailable: the database cannot be reached.
        """
        try:
            with self._engine.begin() as db:
                _metadata.create_all(db)
                _add_missing_columns(db)
        except OperationalError as exc:
            raise UpstreamUnavailable(f"the governance database cannot be opened: {exc.orig}") from exc

    def close(self) -> None:
        self._engine.dispose()

    def create_key(self, name: str, grants: Grants | None = None, expires_at: float | None = None) -> NewKey:
        """A new key for principal `name` (created, with no grants unless `grants`, if it does not exist yet;
        `grants` replaces an existing principal's), working until `expires_at` (epoch seconds; None: for good)."""
        new = generate_key()
        salt = new_salt()
        now = time.time()
        with self._engine.begin() as db:
            known = db.execute(select(principals.c.name).where(principals.c.name == name)).first()
            if known is None:
                db.execute(principals.insert().values(name=name, grants=_dump(grants or Grants()), created_at=now))
            elif grants is not None:
                db.execute(update(principals).where(principals.c.name == name).values(grants=_dump(grants)))
            db.execute(
                api_keys.insert().values(
                    prefix=new.prefix,
                    principal=name,
                    salt=salt,
                    digest=hash_key(new.key, salt),
                    created_at=now,
                    expires_at=expires_at,
                )
            )
        self._keys_created += 1
        return new

    def grants_of(self, name: str) -> Grants:
        """Raises: NotFound: no principal `name`."""
        with self._engine.connect() as db:
            row = db.execute(select(principals.c.grants).where(principals.c.name == name)).first()
        if row is None:
            raise NotFound(f"no principal {name!r}: create one with `relayboard keys create {name}`")
        return Grants.parse(json.loads(row.grants))

    def set_grants(self, name: str, grants: Grants) -> None:
        """Replace principal `name`'s grants.

        Raises:
            NotFound: no principal `name`.
        """
        with self._engine.begin() as db:
            changed = db.execute(update(principals).where(principals.c.name == name).values(grants=_dump(grants)))
        if changed.rowcount == 0:
            raise NotFound(f"no principal {name!r}: create one with `relayboard keys create {name}`")

    def revoke(self, name_or_prefix: str) -> list[str]:
        """Revoke one key (by prefix) or every key of a principal (by name); the prefixes revoked.

        Raises:
            NotFound: no live key has that prefix or belongs to that principal.
        """
        prefixes = self._update_unrevoked(name_or_prefix, revoked_at=time.time())
        if not prefixes:
            raise NotFound(
                f"no live key with prefix or principal {name_or_prefix!r}: `relayboard keys list` shows them"
            )
        return prefixes

    def set_expiry(self, name_or_prefix: str, expires_at: float | None) -> list[str]:
        """Make one unrevoked key (by prefix), or every unrevoked key of a principal (by name), work until
        `expires_at` (epoch seconds; None: for good), an expired one included; the prefixes changed.

        Raises:
            NotFound: no unrevoked key has that prefix or belongs to that principal.
        """
        prefixes = self._update_unrevoked(name_or_prefix, expires_at=expires_at)
        if not prefixes:
            raise NotFound(
                f"no unrevoked key with prefix or principal {name_or_prefix!r}: `relayboard keys list` shows them "
                "(a revoked key stays revoked: create a new one)"
            )
        return prefixes

    def _update_unrevoked(self, name_or_prefix: str, **values: float | None) -> list[str]:
        """Set `values` on the unrevoked key with that prefix, or on every unrevoked key of that principal, in one
        transaction; the prefixes changed (none: nothing matched, nothing written)."""
        live = api_keys.c.revoked_at.is_(None)
        match = (api_keys.c.prefix == name_or_prefix) | (api_keys.c.principal == name_or_prefix)
        with self._engine.begin() as db:
            prefixes = [row.prefix for row in db.execute(select(api_keys.c.prefix).where(match & live))]
            db.execute(update(api_keys).where(api_keys.c.prefix.in_(prefixes)).values(**values))
        return prefixes

    def list(self) -> list[KeyRecord]:
        """Every key, oldest first, revoked ones included."""
        query = (
            select(
                api_keys.c.prefix,
                api_keys.c.principal,
                api_keys.c.created_at,
                api_keys.c.revoked_at,
                api_keys.c.expires_at,
                principals.c.grants,
            )
            .join(principals, principals.c.name == api_keys.c.principal)
            .order_by(api_keys.c.created_at)
        )
        with self._engine.connect() as db:
            return [
                KeyRecord(
                    row.prefix,
                    row.principal,
                    json.loads(row.grants),
                    row.created_at,
                    row.revoked_at is not None,
                    row.expires_at,
                )
                for row in db.execute(query)
            ]

    def live_key(self, prefix: str) -> StoredKey | None:
        """The unrevoked key with `prefix`, with its principal's current grants and its expiry (which the caller
        checks: an expired key is told apart from an unknown one, once its holder has shown the secret)."""
        query = (
            select(api_keys.c.principal, api_keys.c.salt, api_keys.c.digest, api_keys.c.expires_at, principals.c.grants)
            .join(principals, principals.c.name == api_keys.c.principal)
            .where(api_keys.c.prefix == prefix, api_keys.c.revoked_at.is_(None))
        )
        with self._engine.connect() as db:
            row = db.execute(query).first()
        if row is None:
            return None
        return StoredKey(row.principal, Grants.parse(json.loads(row.grants)), row.salt, row.digest, row.expires_at)

    def has_live_keys(self) -> bool:
        """Whether any unrevoked key exists. An expired one counts: a loopback gateway whose keys have all expired
        stays closed (revoking them reopens it), rather than opening to everyone when a date passes."""
        with self._engine.connect() as db:
            return bool(db.execute(select(exists().where(api_keys.c.revoked_at.is_(None)))).scalar())


def _add_missing_columns(db: Connection) -> None:
    known = {column["name"] for column in inspect(db).get_columns(api_keys.name)}
    quote = db.dialect.identifier_preparer.quote
    # Replicas starting together may both find the column missing; PostgreSQL lets the second add be a no-op.
    guard = "IF NOT EXISTS " if db.dialect.name == "postgresql" else ""
    for name in _ADDED_COLUMNS:
        if name not in known:
            kind = api_keys.c[name].type.compile(dialect=db.dialect)
            db.execute(text(f"ALTER TABLE {quote(api_keys.name)} ADD COLUMN {guard}{quote(name)} {kind}"))


def _dump(grants: Grants) -> str:
    return json.dumps(grants.strings())
