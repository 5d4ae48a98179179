"""What the resource modules share: bounded path ids, safe look-ups, serialising for idempotent creates."""

from django.shortcuts import get_object_or_404
from ninja import Path

ID_MAX = 2**31 - 1  # ids beyond a 32-bit integer name nothing (and PostgreSQL would refuse them)


def IdPath(description: str = "The object's id."):
    return Path(..., ge=1, le=ID_MAX, description=description)


def get(queryset_or_model, **lookup):
    """The object, or a 404 problem."""
    return get_object_or_404(queryset_or_model, **lookup)


def dump(schema, obj) -> dict:
    """`obj` read through an output schema (what idempotency.create writes as JSON with Django's
    encoder, as Ninja writes every other answer: the same text for the same object)."""
    return schema.from_orm(obj).model_dump()
