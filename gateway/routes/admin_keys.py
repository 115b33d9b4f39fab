"""The admin API for keys and grants (`/v1/admin/keys`): only a principal holding the `admin` grant may use it."""

import asyncio
import datetime
import time
from typing import Annotated

from fastapi import APIRouter, Depends, Path, status
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from agents.contracts import Principal
from gateway.deps import KeyStoreDep, PrincipalDep
from gateway.governance.expiry import MAX_LIFETIME_S, future_instant, parse_instant, shown
from gateway.problem_docs import EVERY_V1_ROUTE, problems
from tools.errors import Forbidden, InvalidInput
from tools.grants import GRANT_HELP, GRANT_PATTERN, Grants
from tools.inputs import JSON_INTEGER

PrincipalName = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._@-]+$")]


async def _require_admin(principal: PrincipalDep) -> Principal:
    if not principal.grants.admin:
        raise Forbidden(f"the key of {principal.name} lacks the `admin` grant that managing keys needs")
    return principal


router = APIRouter(
    prefix="/v1/admin",
    tags=["admin"],
    dependencies=[Depends(_require_admin)],
    responses=problems(*EVERY_V1_ROUTE, 400, 403, 404),
)


Grant = Annotated[str, StringConstraints(pattern=GRANT_PATTERN)]


class ExpiryIn(BaseModel):
    """When a key stops working: `expires_at` or `expires_in_s`, not both; neither: never."""

    model_config = ConfigDict(extra="forbid")
    expires_at: datetime.datetime | None = Field(
        default=None,
        description="When the key stops working: an ISO 8601 instant in the future, e.g. 2027-01-31T00:00:00Z "
        "(UTC when it names no offset). Not with expires_in_s; neither: the key never expires.",
    )
    expires_in_s: Annotated[int, Field(gt=0, le=MAX_LIFETIME_S), JSON_INTEGER] | None = Field(
        default=None,
        description="When the key stops working, in seconds from now (e.g. 2592000 for 30 days). Not with "
        "expires_at; neither: the key never expires.",
    )

    @field_validator("expires_at", mode="before")
    @classmethod
    def _iso_8601(cls, value: object) -> object:
        # Read here rather than by pydantic, whose refusal ("input is too short") says nothing of the form wanted.
        if not isinstance(value, str):
            return value
        try:
            return parse_instant(value)
        except InvalidInput as exc:
            raise ValueError(str(exc)) from None

    def epoch_seconds(self) -> float | None:
        """The expiry as the store keeps it (epoch seconds), or None for never.

        Raises:
            InvalidInput: both fields were sent, or `expires_at` has passed. These rules span two fields or the
                clock, which JSON Schema cannot state, so they are a 400 naming the field (like the other
                cross-field rules of /v1), not a 422 for a body that matches its schema.
        """
        if self.expires_at is not None and self.expires_in_s is not None:
            raise InvalidInput("`expires_at`, `expires_in_s`: give one of them, not both")
        if self.expires_in_s is not None:
            return time.time() + self.expires_in_s
        if self.expires_at is None:
            return None
        try:
            return future_instant(self.expires_at, time.time())
        except InvalidInput as exc:
            raise InvalidInput(f"`expires_at`: {exc}") from None


class ExpiryPatch(ExpiryIn):
    """A new expiry: one of the fields must be sent (`{"expires_at": null}` for never), so an empty body is no
    accidental "never"."""

    def epoch_seconds(self) -> float | None:
        """As ExpiryIn's; also raises InvalidInput (a 400) for a body that sets neither field."""
        if not self.model_fields_set:
            raise InvalidInput('send expires_at or expires_in_s (`{"expires_at": null}`: never expires)')
        return super().epoch_seconds()


class KeyIn(ExpiryIn):
    name: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._@-]+$", description="The key's holder")
    grants: list[Grant] | None = Field(
        default=None, description=f"The holder's grants (replacing any it has); none: deny everything. {GRANT_HELP}"
    )


class GrantsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    grants: list[Grant] = Field(description=f"The holder's grants, replacing its current ones. {GRANT_HELP}")


_EXPIRES_OUT = "When the key stops working (ISO 8601, UTC); null: never"


class CreatedKeyOut(BaseModel):
    key: str = Field(description="The key itself: shown this once, store it now")
    prefix: str
    name: str
    grants: list[str]
    expires_at: str | None = Field(description=_EXPIRES_OUT)


class KeyOut(BaseModel):
    prefix: str
    name: str
    grants: list[str]
    created_at: float
    revoked: bool
    expires_at: str | None = Field(description=_EXPIRES_OUT)
    expired: bool = Field(description="Whether expires_at has passed (the key is refused with a 401 saying so)")


class ExpiryOut(BaseModel):
    changed: list[str] = Field(description="The prefixes whose expiry was set")
    expires_at: str | None = Field(description=_EXPIRES_OUT)


class KeysOut(BaseModel):
    keys: list[KeyOut]


class PrincipalOut(BaseModel):
    name: str
    grants: list[str]


class RevokedOut(BaseModel):
    revoked: list[str]


@router.get("/keys", summary="List API keys (prefixes only)")
async def list_keys(store: KeyStoreDep) -> KeysOut:
    records, now = await asyncio.to_thread(store.list), time.time()
    return KeysOut(
        keys=[
            KeyOut(
                prefix=r.prefix,
                name=r.principal,
                grants=r.grants,
                created_at=r.created_at,
                revoked=r.revoked,
                expires_at=_shown(r.expires_at),
                expired=r.expired(now),
            )
            for r in records
        ]
    )


@router.post("/keys", status_code=status.HTTP_201_CREATED, summary="Create an API key")
async def create_key(body: KeyIn, store: KeyStoreDep) -> CreatedKeyOut:
    grants = Grants.parse(body.grants) if body.grants is not None else None
    expires_at = body.epoch_seconds()
    new = await asyncio.to_thread(store.create_key, body.name, grants, expires_at)
    held = await asyncio.to_thread(store.grants_of, body.name)
    return CreatedKeyOut(
        key=new.key, prefix=new.prefix, name=body.name, grants=held.strings(), expires_at=_shown(expires_at)
    )


@router.put("/keys/{name}/grants", summary="Replace a key holder's grants")
async def set_grants(name: PrincipalName, body: GrantsIn, store: KeyStoreDep) -> PrincipalOut:
    grants = Grants.parse(body.grants)
    await asyncio.to_thread(store.set_grants, name, grants)
    return PrincipalOut(name=name, grants=grants.strings())


@router.patch(
    "/keys/{name_or_prefix}",
    summary="Set when a key (by prefix) or all of a holder's keys (by name) expire; neither field: never",
)
async def set_expiry(name_or_prefix: PrincipalName, body: ExpiryPatch, store: KeyStoreDep) -> ExpiryOut:
    expires_at = body.epoch_seconds()
    changed = await asyncio.to_thread(store.set_expiry, name_or_prefix, expires_at)
    return ExpiryOut(changed=changed, expires_at=_shown(expires_at))


def _shown(expires_at: float | None) -> str | None:
    return None if expires_at is None else shown(expires_at)


@router.delete("/keys/{name_or_prefix}", summary="Revoke a key (by prefix) or all of a holder's keys (by name)")
async def revoke(name_or_prefix: PrincipalName, store: KeyStoreDep) -> RevokedOut:
    return RevokedOut(revoked=await asyncio.to_thread(store.revoke, name_or_prefix))
