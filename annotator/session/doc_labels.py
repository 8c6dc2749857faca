"""Planning the document label commands of an EditSession: pick, toggle and clear values."""

from __future__ import annotations

from annotator.errors import Issue
from annotator.session.plan import Plan
from annotator.validation.rules import rules_of


class DocLabelPlans:
    """Mixin of EditSession: the document-level choices, changed by undoable edits."""

    def plan_doc_label(self, name: str, value: str) -> Plan:
        """Pick `value` for a single choice (again: clear it), or toggle it in a multiple one."""
        spec = self.schema.doc_label_by_name.get(name)
        if spec is None:
            return Plan(None, f"unknown document label {name}")
        if value not in spec.values:
            return Plan(None, f"{name} takes {', '.join(spec.values)}, not {value!r}")
        before = list(self.doc_labels.get(name, ()))
        if spec.multiple:
            after = [v for v in before if v != value] if value in before else [*before, value]
        else:
            after = [] if before == [value] else [value]
        message = f"{name}: {', '.join(after) or 'cleared'}"
        return Plan({"op": "edit", "cmd": "doc_label", "doc": [[name, before, after]]}, message)

    def doc_label_issues(self, answer: str = "accept") -> list[Issue]:
        """Problems of the document labels were the document answered `answer`."""
        rules = rules_of(self.schema).doc_labels
        if not self.doc_labels and not rules.required:
            return []
        if rules.ok(self.doc_labels, answer):
            return []
        return rules.issues(self.doc_labels, answer)
