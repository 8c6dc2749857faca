"""Planning the attribute commands of an EditSession: set, clear and accept suggested attributes."""

from __future__ import annotations

from typing import Any

from annotator.schema.model import AttributeSpec
from annotator.session.plan import Plan, SpanKey, encode
from annotator.suggest.attributes import ATTRIBUTE_SUGGESTERS
from annotator.validation.rules import attribute_problem


class AttributePlans:
    """Mixin of EditSession: a span's typed attributes, changed by replacing it under its id."""

    def attribute_specs(self, key: SpanKey | None = None) -> tuple[AttributeSpec, ...]:
        """The attributes the label of span `key` (default: the acted-on span) declares."""
        key = key or self.acted_on()
        spec = self.schema.by_name.get(key[2]) if key else None
        return spec.attributes if spec is not None else ()

    def missing_attributes(self, key: SpanKey) -> list[str]:
        """Names of the required attributes span `key` lacks."""
        attrs = self.spans[key].attrs
        return [a.name for a in self.attribute_specs(key) if a.required and a.name not in attrs]

    def attribute_suggestions(self, key: SpanKey | None = None) -> dict[str, Any]:
        """Attributes the label's `suggest`-named suggesters read from the span's text, only the
        names the label declares under that suggester, and only values that differ from the span's."""
        key = key or self.acted_on()
        if key is None or key not in self.spans:
            return {}
        span = self.spans[key]
        out: dict[str, Any] = {}
        read: dict[str, dict[str, Any]] = {}
        for spec in self.attribute_specs(key):
            suggester = ATTRIBUTE_SUGGESTERS.get(spec.suggest or "")
            if suggester is None or spec.name not in suggester.outputs:
                continue
            if spec.suggest not in read:
                read[spec.suggest] = suggester(span.text, spec.aliases)
            value = read[spec.suggest].get(spec.name)
            if value is not None and span.attrs.get(spec.name) != value:
                out[spec.name] = value
        return out

    def _with_attrs(self, cmd: str, key: SpanKey, attrs: dict[str, Any], message: str) -> Plan:
        """Plan replacing span `key` by the same span (same id) with other attributes."""
        span = self.spans[key]
        before = encode(span)
        after = [span.start, span.end, span.label, attrs, *before[4:]]
        op = {"op": "edit", "cmd": cmd, "remove": [before], "add": [after]}
        return Plan(op, message)

    def plan_set_attribute(self, name: str, value: Any) -> Plan:
        """Set (value None: clear) one attribute of the focused span, checked against its type."""
        key = self.acted_on()
        if key is None:
            return Plan(None, "no span focused to set an attribute on")
        specs = {a.name: a for a in self.attribute_specs(key)}
        spec = specs.get(name)
        if spec is None:
            declared = ", ".join(specs) or "none"
            return Plan(None, f"{key[2]} has no attribute {name} (declared: {declared})")
        attrs = dict(self.spans[key].attrs)
        if value is None:
            if name not in attrs:
                return Plan(None, f"{name} is not set")
            del attrs[name]
            return self._with_attrs("attribute", key, attrs, f"cleared {name}")
        value = spec.from_text(value)
        expected = attribute_problem(spec, value)
        if expected is not None:
            return Plan(None, f"{name} must be {expected}, not {value!r}")
        if attrs.get(name) == value and type(attrs.get(name)) is type(value):
            return Plan(None, f"{name} is already {value!r}")
        attrs[name] = value
        return self._with_attrs("attribute", key, attrs, f"{name} = {value!r}")

    def plan_accept_attributes(self) -> Plan:
        """Set every suggested attribute of the focused span in one edit."""
        key = self.acted_on()
        if key is None:
            return Plan(None, "no span focused")
        suggested = self.attribute_suggestions(key)
        if not suggested:
            return Plan(None, f"no attribute suggestions for {self._describe(key)}")
        attrs = {**self.spans[key].attrs, **suggested}
        shown = ", ".join(f"{k}={v!r}" for k, v in suggested.items())
        return self._with_attrs("attributes", key, attrs, f"accepted {shown}")
