"""msgspec mirrors of the record models, generated from their pydantic field definitions.

A mirror decodes and type-checks a canonical line in one C pass (faster than `orjson.loads`
alone) and accepts no more than its model does; a line it refuses goes to the model, which names
exactly what is wrong. Mirrors are derived here from `records.py`, field by field (types,
bounds, defaults, JSON names), so a field added to a model appears in its mirror by itself.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from datetime import datetime
from functools import cache
from itertools import pairwise
from operator import attrgetter
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import annotated_types
import msgspec
from pydantic import AwareDatetime, BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from annotator.records.models import CanonicalRecord, Token, json_value_problem

_BOUNDS = {
    annotated_types.Ge: "ge",
    annotated_types.Le: "le",
    annotated_types.Gt: "gt",
    annotated_types.Lt: "lt",
    annotated_types.MinLen: "min_length",
    annotated_types.MaxLen: "max_length",
}


def _meta(metadata: list[Any]) -> dict[str, Any]:
    """msgspec.Meta constraints for pydantic's annotated_types metadata."""
    found: dict[str, Any] = {}
    for item in metadata:
        for cls, name in _BOUNDS.items():
            if isinstance(item, cls):
                found[name] = getattr(item, name)
    return found


def _is_free_json(metadata: list[Any]) -> bool:
    """Whether a field is a free-form JSON object checked by `json_value_problem` after decoding."""
    return any(
        getattr(getattr(item, "func", None), "__name__", "") == "_bounded" for item in metadata
    )


def mirror_type(annotation: Any, metadata: list[Any] | None = None) -> Any:
    """The msgspec type that accepts what a pydantic annotation accepts, and no more."""
    metadata = list(metadata or [])
    origin = get_origin(annotation)
    if origin is Annotated:
        inner, *extra = get_args(annotation)
        for item in extra:  # Field(...) inside Annotated carries its constraints as metadata
            metadata.extend(item.metadata if isinstance(item, FieldInfo) else [item])
        return mirror_type(inner, metadata)
    bounds = _meta(metadata)
    if annotation is AwareDatetime:
        return Annotated[datetime, msgspec.Meta(tz=True)]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return mirror(annotation)
    if origin in (Union, types.UnionType):
        return Union[tuple(mirror_type(arg) for arg in get_args(annotation))]  # noqa: UP007
    if origin is Literal or annotation in (str, int, float, bool, type(None)):
        return Annotated[annotation, msgspec.Meta(**bounds)] if bounds else annotation
    if origin is tuple:
        args = get_args(annotation)
        if len(args) == 2 and args[1] is Ellipsis:
            return list[mirror_type(args[0])]  # type: ignore[misc]
        return tuple[tuple(mirror_type(arg) for arg in args)]  # type: ignore[misc]
    if origin is dict:
        key, value = get_args(annotation)
        if _is_free_json(metadata) or (value is not typing.Any and "JsonValue" in str(value)):
            return dict[str, Any]
        return dict[mirror_type(key), mirror_type(value)]  # type: ignore[misc]
    raise TypeError(f"no msgspec mirror for {annotation!r}")


def _default(info: FieldInfo) -> Any:
    """A field's default as msgspec takes it (empty containers as literals), or NODEFAULT."""
    if info.default_factory is not None:
        return info.default_factory()  # type: ignore[call-arg]
    if info.default is PydanticUndefined:
        return msgspec.NODEFAULT
    if info.default == ():
        return []
    return info.default


@cache
def mirror(model: type[BaseModel]) -> type[msgspec.Struct]:
    """The msgspec Struct mirroring a record model: same attribute names, JSON names and bounds."""
    fields = []
    for name, info in model.model_fields.items():
        kind = mirror_type(info.annotation, info.metadata)
        json_name = info.alias or name
        fields.append((name, kind, msgspec.field(default=_default(info), name=json_name)))
    # Positional construction works where no required field follows one with a default.
    given = [
        field[2].default is not msgspec.NODEFAULT
        or field[2].default_factory is not msgspec.NODEFAULT
        for field in fields
    ]
    return msgspec.defstruct(
        f"{model.__name__}Mirror",
        fields,
        kw_only=any(a and not b for a, b in pairwise(given)),
        forbid_unknown_fields=True,
        gc=False,
        module=__name__,
    )


@cache
def free_json_fields(model: type[BaseModel]) -> tuple[tuple[str, type[BaseModel] | None], ...]:
    """(field, nested model) pairs to walk for free-form JSON: the objects, and the models holding some."""
    found: list[tuple[str, type[BaseModel] | None]] = []
    for name, info in model.model_fields.items():
        if _is_free_json(info.metadata):
            found.append((name, None))
            continue
        args = get_args(info.annotation) or (info.annotation,)
        for arg in args:
            if isinstance(arg, type) and issubclass(arg, BaseModel) and free_json_fields(arg):
                found.append((name, arg))
    return tuple(found)


@cache
def _free_json_readers(model: type[BaseModel]) -> tuple[Callable[[Any], Any], ...]:
    """Readers of the fields `free_json_problem` walks in a model's instances."""
    return tuple(attrgetter(name) for name, _ in free_json_fields(model))


def free_json_problem(obj: Any, model: type[BaseModel]) -> str | None:
    """The first free-form value in a decoded mirror that its model would refuse."""
    for name, nested in free_json_fields(model):
        value = getattr(obj, name)
        if not value:  # an empty object or list holds nothing to refuse
            continue
        if nested is None:
            problem = json_value_problem(value)
            if problem is not None:
                return f"{name}: {problem}"
            continue
        items = value if isinstance(value, list) else (value,)
        if not any(any(map(read, items)) for read in _free_json_readers(nested)):
            continue  # every free-form value inside is empty: the common case, checked in C
        for item in items:
            problem = free_json_problem(item, nested)
            if problem is not None:
                return problem
    return None


# Structs made at import from the models: their fields exist only at run time, so a type checker
# sees them as Any (writing the fields out again for it would be a second copy of the model).
RecordMirror: Any = mirror(CanonicalRecord)
TokenMirror: Any = mirror(Token)
TokenMirrors: Any = list[TokenMirror]
_DECODER = msgspec.json.Decoder(RecordMirror)


def decode_record(raw: bytes) -> Any | None:
    """Decode and type-check one canonical line, or None if the model must look at it."""
    try:
        record = _DECODER.decode(raw)
    except (msgspec.MsgspecError, ValueError, RecursionError):  # invalid UTF-8; nesting too deep
        return None
    if free_json_problem(record, CanonicalRecord) is not None:
        return None
    return record
