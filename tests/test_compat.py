"""Each assumption annotator/compat.py makes about a library's internals, tested on its own.

A failure here means a new release of pydantic or srsly changed something the fast paths rely
on: the message names the assumption and the function in annotator/compat.py to change.
"""

from __future__ import annotations

import pydantic
import pytest
import srsly
import srsly.msgpack
from pydantic import BaseModel, ConfigDict

from annotator import compat

FIX = "; adapt annotator/compat.py to pydantic {version} or pin pydantic below it in pyproject.toml"


class Point(BaseModel):
    """A frozen model shaped like the record models (no extras, no private attributes)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    x: int
    y: int = 0


def test_compat_pydantic_keeps_the_slots_trusted_instance_sets():
    """BaseModel declares the fields-set, extra and private slots as descriptors."""
    for slot in ("__pydantic_fields_set__", "__pydantic_extra__", "__pydantic_private__"):
        found = BaseModel.__dict__.get(slot)
        assert hasattr(found, "__set__"), (
            f"pydantic's BaseModel no longer has a {slot} slot"
            + FIX.format(version=pydantic.VERSION)
        )


def test_compat_pydantic_instance_built_by_trusted_instance_equals_a_validated_one():
    """A trusted instance compares, dumps, copies and hashes like `model_validate`'s."""
    fields = set(Point.model_fields)
    made = compat.trusted_instance(Point, {"x": 1, "y": 2}, fields)
    checked = Point.model_validate({"x": 1, "y": 2})
    why = "an instance built from __dict__ and the three slots differs from a validated one"
    assert made == checked, why + FIX.format(version=pydantic.VERSION)
    assert made.model_dump() == checked.model_dump(), why
    assert made.model_dump_json() == checked.model_dump_json(), why
    assert made.model_fields_set == checked.model_fields_set, why
    assert hash(made) == hash(checked), why
    assert made.model_copy(update={"y": 5}) == Point(x=1, y=5), why
    with pytest.raises(pydantic.ValidationError):
        made.x = 3  # still frozen


def test_compat_pydantic_many_trusted_instances_match_one_by_one():
    """The batch builder gives what the single one gives, fields set shared."""
    fields = set(Point.model_fields)
    made = compat.trusted_instances(Point, [{"x": 1, "y": 2}, {"x": 3, "y": 4}], fields)
    assert made == [Point(x=1, y=2), Point(x=3, y=4)]


def test_compat_pydantic_reads_fields_from_dict_so_a_field_can_be_replaced_in_place():
    """Attribute reads and dumps see a value written into the instance's __dict__."""
    point = Point(x=1)
    compat.replace_field_in_place(point, "y", 7)
    assert (point.y, point.model_dump()) == (7, {"x": 1, "y": 7}), (
        "pydantic no longer reads field values from the instance __dict__"
        + FIX.format(version=pydantic.VERSION)
    )


def test_compat_srsly_packer_asks_the_encoder_registry_and_sees_the_shortcut():
    """Every srsly Packer calls msgpack_encoders.get_all(), which an instance attribute shadows."""
    registry = srsly.msgpack.msgpack_encoders
    calls = []
    real = registry.get_all
    registry.get_all = lambda: calls.append(1) or real()
    try:
        srsly.msgpack.Packer()
        srsly.msgpack.Packer()
    finally:
        del registry.get_all
    assert calls == [1, 1], (
        "srsly's Packer no longer looks its encoders up through msgpack_encoders.get_all(); "
        "msgpack_encoders_looked_up_once in annotator/compat.py no longer saves anything: "
        "drop it or follow srsly's new lookup"
    )


def test_compat_srsly_shortcut_hands_out_the_same_encoders_and_puts_the_method_back():
    """Inside the context the encoders are the real ones; after it, the registry is as before."""
    registry = srsly.msgpack.msgpack_encoders
    expected = registry.get_all()
    with compat.msgpack_encoders_looked_up_once():
        assert registry.get_all() == expected
        assert srsly.msgpack_loads(srsly.msgpack_dumps({"a": [1, 2]})) == {"a": [1, 2]}
    assert "get_all" not in vars(registry)
    assert registry.get_all() == expected


def test_compat_srsly_shortcut_nests_and_restores_what_it_found():
    """Overlapping spaCy exports share the one-time encoder lookup; the last to finish puts
    back exactly what srsly's registry had (its own method, or a patch someone else made)."""
    msgpack_encoders = srsly.msgpack.msgpack_encoders

    def theirs():
        return {}

    for before in (None, theirs):
        if before is not None:
            msgpack_encoders.get_all = before
        try:
            with compat.msgpack_encoders_looked_up_once():
                shortcut = vars(msgpack_encoders)["get_all"]
                with compat.msgpack_encoders_looked_up_once():
                    assert vars(msgpack_encoders)["get_all"] is shortcut
                assert vars(msgpack_encoders)["get_all"] is shortcut  # the outer export still runs
            assert vars(msgpack_encoders).get("get_all") is before
        finally:
            vars(msgpack_encoders).pop("get_all", None)
