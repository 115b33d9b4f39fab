"""What a request sent without its JSON body is told to send: the route's body fields, required ones first."""

from typing import Annotated, Any

from pydantic import BaseModel, TypeAdapter
from pydantic.fields import FieldInfo

_NO_MODEL = "send a JSON object as /openapi.json describes this route's request body"


def _fields(names: list[str]) -> str:
    quoted = [f"`{name}`" for name in names]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} and {quoted[-1]}"


def _tagged_union(annotation: Any) -> str:
    """What to send for a body of several kinds told apart by one field (the jobs' `kind`)."""
    discriminator = TypeAdapter(annotation).json_schema().get("discriminator", {})
    tag, kinds = discriminator.get("propertyName"), sorted(discriminator.get("mapping", {}))
    if not tag or not kinds:
        return _NO_MODEL
    return f"send a JSON object with `{tag}` (one of {', '.join(repr(k) for k in kinds)}) and the fields of that {tag}"


def missing_body_message(route: Any) -> str:
    """The 422 message for no body at `route` (a FastAPI `APIRoute`), e.g. "`body` is required: send a JSON
    object with `points` (required)"; a body model FastAPI does not expose as one class points to the schema."""
    info = getattr(getattr(route, "body_field", None), "field_info", None)
    model = getattr(info, "annotation", None)
    if not isinstance(info, FieldInfo) or model is None:
        return f"`body` is required: {_NO_MODEL}"
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        return f"`body` is required: {_tagged_union(Annotated[model, info])}"
    fields = model.model_fields
    required = [info.alias or name for name, info in fields.items() if info.is_required()]
    optional = [info.alias or name for name, info in fields.items() if not info.is_required()]
    if not required:
        return f"`body` is required: send a JSON object: `{{}}` for the defaults, or with {_fields(optional)}"
    also = f", optionally {_fields(optional)}" if optional else ""
    return f"`body` is required: send a JSON object with {_fields(required)} (required){also}"
