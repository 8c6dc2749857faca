"""Planning the suggestion commands of an EditSession: accept, reject, accept all (of a label)."""

from __future__ import annotations

from typing import Any

from annotator.records.models import Suggestion, reading_order
from annotator.session.plan import Plan, SpanKey


class SuggestionPlans:
    """Mixin of EditSession: plans that turn open suggestions into span edits or rejections."""

    def open_suggestions(self) -> list[Suggestion]:
        """Suggestions neither rejected nor already present as spans, in reading order."""
        live = [
            s for k, s in self.suggestions.items() if k not in self.rejected and k not in self.spans
        ]
        return sorted(live, key=lambda s: reading_order(s.span))

    def plan_accept_suggestion(self) -> Plan:
        """Accept the focused suggestion as a span."""
        key = self.suggestion_focus
        if key is None or key not in self.suggestions or key in self.spans:
            return Plan(None, "no suggestion focused (press the next-suggestion key)")
        item = [key[0], key[1], key[2]]
        if self._conflicts(key):
            return Plan(None, f"{self._describe(key)} would overlap a span; not allowed")
        return Plan(
            {"op": "edit", "cmd": "accept", "add": [item]}, f"accepted {self._describe(key)}"
        )

    def plan_reject_suggestion(self) -> Plan:
        """Reject the focused suggestion so it does not come back."""
        key = self.suggestion_focus
        if key is None or key not in self.suggestions:
            return Plan(None, "no suggestion focused")
        op = {"op": "edit", "cmd": "reject", "reject": [list(key)]}
        return Plan(op, f"rejected suggestion {self._describe(key)}")

    def plan_accept_all(self, label: str | None = None) -> Plan:
        """Accept every open suggestion (of one label, if given) that fits the overlap rules."""
        added: list[list[Any]] = []
        keys: list[SpanKey] = []
        for suggestion in self.open_suggestions():
            key = suggestion.span.key
            if label is not None and key[2] != label:
                continue
            clash = self._conflicts(key) or [
                k for k in keys if not self._allowed(k, key) and k[1] > key[0] and key[1] > k[0]
            ]
            if not clash:
                added.append(list(key))
                keys.append(key)
        if not added:
            return Plan(None, "no suggestions to accept")
        return Plan(
            {"op": "edit", "cmd": "accept", "add": added}, f"accepted {len(added)} suggestion(s)"
        )
