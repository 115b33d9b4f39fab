"""The admin API for keys and grants (`/v1/admin/keys`): only a principal holding the `admin` grant may use it."""

import asyncio
from typing import Annotated

from fastapi import APIRouter, Depends, Path, status
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from agents.contracts import Principal
from gateway.deps import KeyStoreDep, PrincipalDep
from gateway.problem_docs import EVERY_V1_ROUTE, problems
from tools.errors import Forbidden
from tools.grants import GRANT_HELP, GRANT_PATTERN, Grants

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


class KeyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._@-]+$", description="The key's holder")
    grants: list[Grant] | None = Field(
        default=None, description=f"The holder's grants (replacing any it has); none: deny everything. {GRANT_HELP}"
    )


class GrantsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    grants: list[Grant] = Field(description=f"The holder's grants, replacing its current ones. {GRANT_HELP}")


class CreatedKeyOut(BaseModel):
    key: str = Field(description="The key itself: shown this once, store it now")
    prefix: str
    name: str
    grants: list[str]


class KeyOut(BaseModel):
    prefix: str
    name: str
    grants: list[str]
    created_at: float
    revoked: bool


class KeysOut(BaseModel):
    keys: list[KeyOut]


class PrincipalOut(BaseModel):
    name: str
    grants: list[str]


class RevokedOut(BaseModel):
    revoked: list[str]


@router.get("/keys", summary="List API keys (prefixes only)")
async def list_keys(store: KeyStoreDep) -> KeysOut:
    records = await asyncio.to_thread(store.list)
    return KeysOut(
        keys=[
            KeyOut(prefix=r.prefix, name=r.principal, grants=r.grants, created_at=r.created_at, revoked=r.revoked)
            for r in records
        ]
    )


@router.post("/keys", status_code=status.HTTP_201_CREATED, summary="Create an API key")
async def create_key(body: KeyIn, store: KeyStoreDep) -> CreatedKeyOut:
    grants = Grants.parse(body.grants) if body.grants is not None else None
    new = await asyncio.to_thread(store.create_key, body.name, grants)
    held = await asyncio.to_thread(store.grants_of, body.name)
    return CreatedKeyOut(key=new.key, prefix=new.prefix, name=body.name, grants=held.strings())


@router.put("/keys/{name}/grants", summary="Replace a key holder's grants")
async def set_grants(name: PrincipalName, body: GrantsIn, store: KeyStoreDep) -> PrincipalOut:
    grants = Grants.parse(body.grants)
    await asyncio.to_thread(store.set_grants, name, grants)
    return PrincipalOut(name=name, grants=grants.strings())


@router.delete("/keys/{name_or_prefix}", summary="Revoke a key (by prefix) or all of a holder's keys (by name)")
async def revoke(name_or_prefix: PrincipalName, store: KeyStoreDep) -> RevokedOut:
    return RevokedOut(revoked=await asyncio.to_thread(store.revoke, name_or_prefix))
