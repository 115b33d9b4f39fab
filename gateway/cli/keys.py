"""`relayboard keys create|list|revoke|grant|extend`: the key store, managed from the machine that holds its
database."""

import argparse
import datetime
import json
import time
from typing import TYPE_CHECKING

from gateway.governance.expiry import (
    DURATION_HELP,
    INSTANT_HELP,
    duration_seconds,
    future_instant,
    parse_instant,
    shown,
)
from tools.errors import InvalidInput
from tools.grants import Grants

if TYPE_CHECKING:  # the store (SQLAlchemy) is imported when a command runs, not when `relayboard --help` builds
    from gateway.governance.store import KeyRecord


def _duration(text: str) -> float:
    """An `--expires-in` value as the instant it names (epoch seconds); argparse exits 2 naming the option."""
    try:
        return time.time() + duration_seconds(text)
    except InvalidInput as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _instant(text: str) -> float:
    """An `--expires-at` value as epoch seconds, provided it is in the future; argparse exits 2 naming the option."""
    try:
        return future_instant(parse_instant(text), time.time())
    except InvalidInput as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _expiry(record: "KeyRecord", now: float) -> str:
    if record.expires_at is None:
        return "never"
    return f"{'expired' if record.expired(now) else 'expires'} {shown(record.expires_at)}"


def run(args: argparse.Namespace) -> int:
    """Run one `keys` subcommand against the configured governance database.

    Raises:
        InvalidInput: a grant that does not parse.
        NotFound: revoking or granting for a principal or key that does not exist.
        UpstreamUnavailable: the database cannot be reached.
    """
    from gateway.governance.settings import GovernanceSettings
    from gateway.governance.store import KeyStore

    store = KeyStore.open(GovernanceSettings().sqlalchemy_url())
    try:
        if args.keys_command == "create":
            grants = Grants.parse(args.grant) if args.grant else None
            new = store.create_key(args.name, grants, args.expires_at)
            held = store.grants_of(args.name)
            until = "never expires" if args.expires_at is None else f"expires {shown(args.expires_at)}"
            print(new.key)
            print(
                f"created key {new.prefix} for {args.name} (grants: {', '.join(held.strings()) or 'none'}; {until}); "
                "it is shown only now: store it, the gateway keeps only its hash",
                flush=True,
            )
        elif args.keys_command == "list":
            records, now = store.list(), time.time()
            if args.json:
                print(json.dumps([_row(record, now) for record in records]))
            for record in [] if args.json else records:
                created = datetime.datetime.fromtimestamp(record.created_at, datetime.UTC).strftime("%Y-%m-%d %H:%M")
                state = "revoked" if record.revoked else "expired" if record.expired(now) else "live"
                print(
                    f"{record.prefix}  {record.principal}  {state}  {created}  {_expiry(record, now)}  "
                    f"{' '.join(record.grants) or '-'}"
                )
        elif args.keys_command == "revoke":
            print(f"revoked {', '.join(store.revoke(args.name_or_prefix))}")
        elif args.keys_command == "extend":
            changed = store.set_expiry(args.name_or_prefix, args.expires_at)
            until = "never expire" if args.expires_at is None else f"expire {shown(args.expires_at)}"
            print(f"{', '.join(changed)}: now {until}")
        else:
            grants = Grants.parse(args.grants)
            if not args.replace:
                grants = Grants.parse([*store.grants_of(args.name).strings(), *args.grants])
            store.set_grants(args.name, grants)
            print(f"{args.name}: {' '.join(grants.strings()) or 'no grants'}")
    finally:
        store.close()
    return 0


def _row(record: "KeyRecord", now: float) -> dict[str, object]:
    fields = ("prefix", "principal", "grants", "created_at", "revoked")
    return {
        **{field: getattr(record, field) for field in fields},
        "expires_at": None if record.expires_at is None else shown(record.expires_at),
        "expired": record.expired(now),
    }


def _add_expiry(action: argparse.ArgumentParser, *, never: bool) -> None:
    """`--expires-in` / `--expires-at` (one of them; with `never`, `--never` as a third choice, one required)."""
    group = action.add_mutually_exclusive_group(required=never)
    group.add_argument(
        "--expires-in", dest="expires_at", type=_duration, metavar="DURATION", help=f"from now: {DURATION_HELP}"
    )
    group.add_argument("--expires-at", dest="expires_at", type=_instant, metavar="INSTANT", help=INSTANT_HELP)
    if never:
        group.add_argument(
            "--never", dest="expires_at", action="store_const", const=None, help="remove the expiry: works for good"
        )


def add_parser(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> argparse.ArgumentParser:
    """Declare `keys` and its five actions on `commands`."""
    keys = commands.add_parser(
        "keys", help="create, list, revoke API keys and grant them rights (hashed, in the database)"
    )
    actions = keys.add_subparsers(dest="keys_command", required=True)
    create = actions.add_parser("create", help="create a key for NAME and print it once")
    create.add_argument("name", help="the key's holder (a principal; created if new)")
    create.add_argument(
        "--grant",
        action="append",
        default=[],
        help="a grant, repeatable: admin, agent:NAME, tool:SERVER:PATTERN, "
        "collection:NAME:read|write|admin, table:NAME (`*` for all); none: deny everything",
    )
    _add_expiry(create, never=False)  # neither: the key never expires
    listing = actions.add_parser("list", help="list keys (prefixes only) with their expiry and holders' grants")
    listing.add_argument("--json", action="store_true", help="print JSON")
    revoke = actions.add_parser("revoke", help="revoke a key by prefix, or every key of a holder by name")
    revoke.add_argument("name_or_prefix")
    grant = actions.add_parser("grant", help="add grants to a holder (with --replace: set exactly these)")
    grant.add_argument("name")
    grant.add_argument("grants", nargs="*", help="grants, as for create --grant")
    grant.add_argument("--replace", action="store_true", help="replace the holder's grants instead of adding")
    extend = actions.add_parser(
        "extend", help="set when a key (by prefix), or every key of a holder (by name), expires; revives an expired one"
    )
    extend.add_argument("name_or_prefix")
    _add_expiry(extend, never=True)
    return keys
