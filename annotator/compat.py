"""Every use of a library's private internals outside the TUI, each resting on one stated assumption.

The fast paths need a few things the libraries do not promise: how a pydantic model instance
stores its fields, and how srsly finds its msgpack encoders. They live here and nowhere else, so
a new release that changes one breaks one function, and `tests/core/test_compat.py` (a test per
assumption) says which in plain words. pydantic is pinned to the minor range those tests pass on.
The Textual ones are in `annotator/tui/compat.py`, since only the TUI imports textual.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from pydantic import BaseModel

Model = TypeVar("Model", bound=BaseModel)

# Assumption (pydantic 2.x): an instance keeps its field values in `__dict__` and three more
# things in slots BaseModel declares: the names of the fields set, the extra fields (None when
# extra is not allowed) and the private attributes (None when the model has none).
_new = object.__new__
_set = object.__setattr__
_set_fields_set = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_set_extra = BaseModel.__dict__["__pydantic_extra__"].__set__
_set_private = BaseModel.__dict__["__pydantic_private__"].__set__


def trusted_instance(cls: type[Model], values: dict[str, Any], fields_set: set[str]) -> Model:
    """An instance of a model without private attributes or extras, from already checked values.

    `values` becomes the instance's `__dict__` as it is (every field, in field order), so it must
    not be used elsewhere afterwards; `fields_set` may be shared by instances of a frozen model.
    """
    obj = _new(cls)
    _set(obj, "__dict__", values)
    _set_fields_set(obj, fields_set)
    _set_extra(obj, None)
    _set_private(obj, None)
    return obj


def trusted_instances(
    cls: type[Model], values: list[dict[str, Any]], fields_set: set[str]
) -> list[Model]:
    """`trusted_instance` for many value dicts of one model, in one loop (tokens by the hundred)."""
    made: list[Model] = []
    append = made.append
    for one in values:
        obj = _new(cls)
        _set(obj, "__dict__", one)
        _set_fields_set(obj, fields_set)
        _set_extra(obj, None)
        _set_private(obj, None)
        append(obj)
    return made


def replace_field_in_place(model: BaseModel, name: str, value: Any) -> None:
    """Set a field of a (frozen) model to an equal value of a richer type, without validation."""
    model.__dict__[name] = value


# Assumption (srsly 2.x): `srsly.msgpack.msgpack_encoders` is a catalogue Registry whose `get_all()`
# every new msgpack Packer calls, looked up on the instance, so an instance attribute shadows it.
_LOOKUP_LOCK = threading.Lock()
_lookup_users = 0
_shadowed: list[Any] = []  # what `get_all` was on the registry instance before (if anything)
_NOTHING = object()


@contextmanager
def msgpack_encoders_looked_up_once() -> Iterator[None]:
    """Look srsly's msgpack encoders up once while a DocBin is filled, not once per Doc.

    srsly makes a packer for every Doc that DocBin.add serialises, and each packer lists the
    registered msgpack encoders: a scan of the installed packages' entry points and of every
    function spaCy registered, about 85% of a spaCy export's time. Nothing registers encoders
    while an export runs, so the list found once is handed out again. Overlapping exports
    share the shortcut; the last one to finish puts back exactly what was there before.
    """
    global _lookup_users
    from srsly.msgpack import msgpack_encoders

    with _LOOKUP_LOCK:
        if _lookup_users == 0:
            _shadowed[:] = [vars(msgpack_encoders).get("get_all", _NOTHING)]
            encoders = msgpack_encoders.get_all()
            msgpack_encoders.get_all = lambda: dict(encoders)  # shadows the method
        _lookup_users += 1
    try:
        yield
    finally:
        with _LOOKUP_LOCK:
            _lookup_users -= 1
            if _lookup_users == 0:
                previous = _shadowed.pop()
                if previous is _NOTHING:
                    del msgpack_encoders.get_all
                else:
                    msgpack_encoders.get_all = previous
