"""`relayboard keys create|list|revoke|grant`: the key store, managed from the machine that holds its database."""

import argparse
import datetime
import json

from tools.grants import Grants


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
            new = store.create_key(args.name, grants)
            held = store.grants_of(args.name)
            print(new.key)
            print(
                f"created key {new.prefix} for {args.name} (grants: {', '.join(held.strings()) or 'none'}); "
                "it is shown only now: store it, the gateway keeps only its hash",
                flush=True,
            )
        elif args.keys_command == "list":
            records = store.list()
            if args.json:
                print(json.dumps([_row(record) for record in records]))
            for record in [] if args.json else records:
                created = datetime.datetime.fromtimestamp(record.created_at, datetime.UTC).strftime("%Y-%m-%d %H:%M")
                state = "revoked" if record.revoked else "live"
                print(f"{record.prefix}  {record.principal}  {state}  {created}  {' '.join(record.grants) or '-'}")
        elif args.keys_command == "revoke":
            print(f"revoked {', '.join(store.revoke(args.name_or_prefix))}")
        else:
            grants = Grants.parse(args.grants)
            if not args.replace:
                grants = Grants.parse([*store.grants_of(args.name).strings(), *args.grants])
            store.set_grants(args.name, grants)
            print(f"{args.name}: {' '.join(grants.strings()) or 'no grants'}")
    finally:
        store.close()
    return 0


def _row(record: object) -> dict[str, object]:
    fields = ("prefix", "principal", "grants", "created_at", "revoked")
    return {field: getattr(record, field) for field in fields}


def add_parser(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> argparse.ArgumentParser:
    """Declare `keys` and its four actions on `commands`."""
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
    listing = actions.add_parser("list", help="list keys (prefixes only) with their holders' grants")
    listing.add_argument("--json", action="store_true", help="print JSON")
    revoke = actions.add_parser("revoke", help="revoke a key by prefix, or every key of a holder by name")
    revoke.add_argument("name_or_prefix")
    grant = actions.add_parser("grant", help="add grants to a holder (with --replace: set exactly these)")
    grant.add_argument("name")
    grant.add_argument("grants", nargs="*", help="grants, as for create --grant")
    grant.add_argument("--replace", action="store_true", help="replace the holder's grants instead of adding")
    return keys
