"""Setting one attribute of a span or a relation, checked against what the schema declares."""

from __future__ import annotations

from typing import Any

from annotator.schema.model import AttributeSpec
from annotator.validation.rules import attribute_problem


def with_attribute(
    owner: str,
    specs: tuple[AttributeSpec, ...],
    attrs: dict[str, Any],
    name: str,
    value: Any,
) -> tuple[dict[str, Any], str] | str:
    """`attrs` with attribute `name` set to `value` (None clears it) and a message saying so, or
    why not: `owner` (a span label or relation type) does not declare it, or the value does not
    fit its type, or nothing would change."""
    by_name = {a.name: a for a in specs}
    spec = by_name.get(name)
    if spec is None:
        declared = ", ".join(by_name) or "none"
        return f"{owner} has no attribute {name} (declared: {declared})"
    out = dict(attrs)
    if value is None:
        if name not in out:
            return f"{name} is not set"
        del out[name]
        return out, f"cleared {name}"
    value = spec.from_text(value)
    expected = attribute_problem(spec, value)
    if expected is not None:
        return f"{name} must be {expected}, not {value!r}"
    if out.get(name) == value and type(out.get(name)) is type(value):
        return f"{name} is already {value!r}"
    out[name] = value
    return out, f"{name} = {value!r}"
