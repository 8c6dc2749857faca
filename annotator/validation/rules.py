"""Every rule a record obeys, each one object that answers "clean?" quickly and names every problem.

A rule is written once and used by `validate`, import, export and the editing session alike:
its `condition` is the one expression its `ok`, its label's predicate and the schema's one-pass
check are compiled from (`predicates.py`), and the located issues the full checks report are
made exactly where `ok` says no, so the two cannot drift.

Span rules read a span's fields as one tuple in `Span`'s field order (`span_values` for models
and msgspec mirrors, `span_items` for field dicts), derived from the model's own field list.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from functools import cached_property
from operator import attrgetter, itemgetter, le, sub
from typing import TYPE_CHECKING, Any

from annotator.errors import Errors, Issue, Severity, make_issue
from annotator.records import hashing
from annotator.records.models import INT64_MAX
from annotator.records.tokenization import TokenIndex, doc_id_from_sha256, text_sha256
from annotator.schema.model import (
    AttributeSpec,
    LabelSchema,
    LabelSpec,
    RelationSpec,
    normalise_name,
)
from annotator.validation.predicates import SPAN_FIELDS, span_check, span_predicate

if TYPE_CHECKING:
    from annotator.records.models import CanonicalRecord

span_values = attrgetter(*SPAN_FIELDS)  # a span model or mirror -> its fields in order
span_items = itemgetter(*SPAN_FIELDS)  # a span's field dict -> its fields in order
SpanFields = tuple[int, int, int, int, str, str, dict[str, Any], str, Sequence[Sequence[int]]]
REMEMBERED_TEXTS = 1 << 16  # per text rule: span texts already seen to pass it (bounded)
OVERLAP_SCAN = 256  # overlapping partners examined per span: the report stays linear in spans


def in_reading_order(spans: Iterable[Any]) -> list[SpanFields]:
    """Spans (models or mirrors) as field tuples sorted by start, longer first: what the
    one-pass checks read; spans with the same offsets keep their order."""
    fields = list(map(span_values, spans))
    fields.sort(key=_END, reverse=True)  # two stable sorts on C keys: by end, longer first,
    fields.sort(key=_START)  # then by start
    return fields


_START = itemgetter(0)
_END = itemgetter(1)


def _where(i: int, fields: SpanFields) -> dict[str, Any]:
    """Location fields of a span issue."""
    return {"span_index": i, "label": fields[4], "span_text": fields[5]}


# ---- structure of one record, without a schema ---------------------------------------------


def fragments_ok(
    fragments: Sequence[Sequence[int]],
    start: int,
    end: int,
    starts: Sequence[int],
    ends: Sequence[int],
) -> bool:
    """Whether a discontinuous span's pieces are ordered, token-aligned and fill its extent's ends."""
    if len(fragments) < 2 or fragments[0][0] != start or fragments[-1][1] != end:
        return False
    previous_end = start
    for piece in fragments:
        if len(piece) != 2:
            return False
        a, b = piece
        if not previous_end <= a < b:
            return False
        i = bisect_left(starts, a)
        j = bisect_left(ends, b)
        if i == len(starts) or starts[i] != a or j == len(ends) or ends[j] != b:
            return False
        previous_end = b
    return True


class SpanShape:
    """A span's offsets, text, token indices and fragments agree with the text and its tokens."""

    # well formed: two offset reads when the span has no fragments
    condition = (
        "0 <= start < end <= length"
        " and 0 <= token_start <= token_end < token_count"
        " and starts[token_start] == start and ends[token_end] == end"
        " and text[start:end] == span_text"
        " and (not fragments or {fragments_ok}(fragments, start, end, starts, ends))"
    )
    fragments_ok = staticmethod(fragments_ok)

    @cached_property
    def ok(self) -> Callable[[str, Sequence[int], Sequence[int], SpanFields], bool]:
        """ok(text, starts, ends, span fields): whether the span is well formed."""
        return span_predicate("span_shape_ok", ("text", "starts", "ends", "f"), (self,))

    def issues(self, text: str, index: TokenIndex, i: int, f: SpanFields) -> list[Issue]:
        """Every shape problem of a span `ok` refused."""
        start, end, first, last, _label, span_text, _attrs, _id, fragments = f
        where = _where(i, f)
        if start >= end:
            return [make_issue(Errors.E200, start=start, end=end, **where)]
        if end > len(text):
            return [make_issue(Errors.E201, start=start, end=end, length=len(text), **where)]
        issues: list[Issue] = []
        actual = text[start:end]
        if actual != span_text:
            issues.append(
                make_issue(
                    Errors.E202, given=span_text, actual=actual, start=start, end=end, **where
                )
            )
        aligned = index.char_span_to_tokens(start, end)
        if aligned is None:
            issues.append(make_issue(Errors.E204, start=start, end=end, **where))
        elif aligned != (first, last):
            issues.append(
                make_issue(
                    Errors.E203, token_start=first, token_end=last, start=start, end=end, **where
                )
            )
        if fragments and not fragments_ok(fragments, start, end, index.starts, index.ends):
            shown = ";".join(" ".join(map(str, piece)) for piece in fragments)
            issues.append(make_issue(Errors.E212, fragments=shown, start=start, end=end, **where))
        return issues


SPAN_SHAPE = SpanShape()


def span_issues(
    text: str, spans: Sequence[Any], starts: Sequence[int], ends: Sequence[int]
) -> list[Issue]:
    """Shape, duplicates and repeated ids of a record's spans (models or mirrors)."""
    issues: list[Issue] = []
    seen: set[tuple[int, int, str]] = set()
    ids: set[str] = set()
    index: TokenIndex | None = None
    ok = SPAN_SHAPE.ok
    for i, span in enumerate(spans):
        f = span_values(span)
        key = (f[0], f[1], f[4])
        span_id = f[7]
        if ok(text, starts, ends, f) and key not in seen and span_id not in ids:
            seen.add(key)
            if span_id:
                ids.add(span_id)
            continue
        if index is None:
            index = TokenIndex(starts, ends)
        issues.extend(SPAN_SHAPE.issues(text, index, i, f))
        if key in seen:
            issues.append(make_issue(Errors.E205, start=f[0], end=f[1], **_where(i, f)))
        if span_id and span_id in ids:
            issues.append(make_issue(Errors.E211, id=span_id, **_where(i, f)))
        seen.add(key)
        if span_id:
            ids.add(span_id)
    return issues


class RelationLinks:
    """Each relation names two different spans of its record, and no relation is repeated."""

    def ok(self, relations: Sequence[Any], span_ids: set[str]) -> bool:
        """Whether every relation links two distinct existing spans, each relation once."""
        seen: set[tuple[str, str, str]] = set()
        for relation in relations:
            head, child, label = relation_key(relation)
            key = (head, child, label)
            if head not in span_ids or child not in span_ids or head == child or key in seen:
                return False
            seen.add(key)
        return True

    def issues(self, relations: Sequence[Any], span_ids: set[str]) -> list[Issue]:
        """Every dangling, self-linking or repeated relation."""
        issues: list[Issue] = []
        seen: set[tuple[str, str, str]] = set()
        for i, relation in enumerate(relations):
            head, child, label = key = relation_key(relation)
            where = {"label": label, "field": f"relations[{i}]"}
            for role, span_id in (("head", head), ("child", child)):
                if span_id not in span_ids:
                    issues.append(make_issue(Errors.E213, index=i, role=role, id=span_id, **where))
            if head == child:
                issues.append(make_issue(Errors.E214, index=i, id=head, **where))
            if key in seen:
                issues.append(make_issue(Errors.E215, index=i, head=head, child=child, **where))
            seen.add(key)
        return issues


RELATION_LINKS = RelationLinks()
relation_key = attrgetter("head", "child", "label")


def token_list_issues(
    text: str,
    texts: Sequence[str],
    starts: Sequence[int],
    ends: Sequence[int],
    ids: Sequence[int],
) -> list[Issue]:
    """Token checks on parallel sequences: a fast whole-list pass, then the first problem located."""
    count = len(starts)
    if (
        list(ids) == list(range(count))
        and all(texts)  # no empty token: with the lengths below, every start < end
        and list(map(len, texts)) == list(map(sub, ends, starts))
        and (not count or (starts[0] >= 0 and ends[-1] <= len(text)))
        and all(map(le, ends, starts[1:]))
        and all(map(text.startswith, texts, starts))
    ):
        return []
    prev_end = 0
    for i in range(count):
        start, end = starts[i], ends[i]
        problem = None
        if ids[i] != i:
            problem = f"id is {ids[i]}, expected {i}"
        elif start < prev_end or end <= start or end > len(text):
            problem = f"offsets [{start}, {end}) overlap, are empty or leave the text"
        elif text[start:end] != texts[i]:
            problem = f"text {texts[i]!r} differs from the slice {text[start:end]!r}"
        if problem:
            return [make_issue(Errors.E208, index=i, detail=problem, field=f"tokens[{i}]")]
        prev_end = end
    return []


TokenColumns = tuple[Sequence[str], Sequence[int], Sequence[int], Sequence[int]]


def token_columns(tokens: Sequence[Any]) -> TokenColumns:
    """The tokens' texts, starts, ends and ids as parallel lists (models or mirrors)."""
    return (
        [t.text for t in tokens],
        [t.start for t in tokens],
        [t.end for t in tokens],
        [t.id for t in tokens],
    )


def record_issues(
    record: Any,
    tokens: TokenColumns | None = None,
    tokens_checked: bool = False,
    clean_keys: list[tuple[int, int, str]] | None = None,
) -> list[Issue]:
    """Every problem one canonical line (model or mirror) has on its own, without a schema.

    `tokens` are the record's token columns when the caller has them; `tokens_checked` skips
    the token checks when the caller already ran `token_list_issues`; `clean_keys`, the span
    keys `RuleSet.clean_span_keys` gave for the record, skips the span checks it already made.
    """
    issues: list[Issue] = []
    text = record.text
    digest = text_sha256(text)
    if digest != record.text_sha256:
        issues.append(make_issue(Errors.E206, field="text_sha256"))
    expected_id = doc_id_from_sha256(digest)
    if record.doc_id != expected_id:
        issues.append(
            make_issue(Errors.E207, given=record.doc_id, expected=expected_id, field="doc_id")
        )
    texts, starts, ends, ids = token_columns(record.tokens) if tokens is None else tokens
    if not tokens_checked:
        issues.extend(token_list_issues(text, texts, starts, ends, ids))
    issues.extend(annotation_issues(text, starts, ends, record, clean_keys is not None))
    if record.input_hash is not None:
        expected = hashing.input_hash(text)
        if record.input_hash != expected:
            issues.append(
                make_issue(
                    Errors.E210,
                    "warning",
                    field="_input_hash",
                    given=record.input_hash,
                    expected=expected,
                )
            )
        if record.task_hash is not None:
            if clean_keys is None:
                task = hashing.task_hash(expected, record.spans)
            else:
                task = hashing.task_hash_of_keys(expected, sorted(clean_keys))
            if record.task_hash != task:
                issues.append(
                    make_issue(
                        Errors.E210,
                        "warning",
                        field="_task_hash",
                        given=record.task_hash,
                        expected=task,
                    )
                )
    return issues


def annotation_issues(
    text: str, starts: Sequence[int], ends: Sequence[int], ann: Any, spans_clean: bool = False
) -> list[Issue]:
    """An annotation's own problems against its document: spans, relation links, timestamps.

    `spans_clean` says `RuleSet.clean_span_keys` already found the spans well formed.
    """
    issues = span_issues(text, ann.spans, starts, ends) if ann.spans and not spans_clean else []
    if ann.relations:
        span_ids = {span.id for span in ann.spans if span.id}
        issues.extend(RELATION_LINKS.issues(ann.relations, span_ids))
    if ann.updated_at < ann.created_at:
        issues.append(make_issue(Errors.E209, field="updated_at"))
    return issues


# ---- schema rules over one span --------------------------------------------------------------


class LabelRule:
    """A rule of one label over one span: `ok` answers quickly, `issues` says what is wrong."""

    rule = ""  # the name a schema's `severity` table uses
    condition = ""  # the span obeys the rule: an expression, see `predicates.py`

    def __init__(self, spec: LabelSpec) -> None:
        """Bind the rule to its label."""
        self.spec = spec
        self.severity: Severity = spec.severity_of(self.rule)

    @cached_property
    def ok(self) -> Callable[[str, SpanFields], bool]:
        """ok(text, span fields): whether the span obeys the rule, compiled from `condition`."""
        return span_predicate(f"{type(self).__name__.lower()}_ok", ("text", "f"), (self,))

    def issues(self, text: str, i: int, f: SpanFields) -> list[Issue]:
        """The rule's problems with a span `ok` refused."""
        raise NotImplementedError


class TextRule(LabelRule):
    """A rule that reads only the span's text; texts seen to pass are remembered (bounded)."""

    condition = "span_text in {passed} or {remember}(span_text)"

    def __init__(self, spec: LabelSpec) -> None:
        """Bind the rule and start an empty memory of passing texts."""
        super().__init__(spec)
        self.passed: set[str] = set()

    def remember(self, span_text: str) -> bool:
        """Whether a span text not seen before passes (remembered when it does)."""
        if not self.text_ok(span_text):
            return False
        if len(self.passed) < REMEMBERED_TEXTS:
            self.passed.add(span_text)
        return True

    def text_ok(self, span_text: str) -> bool:
        """Whether a span text passes the rule."""
        raise NotImplementedError


class MustMatch(TextRule):
    """The span text matches the label's `must_match` regex (each match time-limited)."""

    rule = "must_match"

    def text_ok(self, span_text: str) -> bool:
        """Whether the regex finds a match in the text within its time limit."""
        return self.spec.pattern.test(span_text) is True  # type: ignore[union-attr]

    def issues(self, text: str, i: int, f: SpanFields) -> list[Issue]:
        """The text and the pattern it misses, or that it could not be checked in time."""
        spec = self.spec
        pattern = spec.pattern
        if pattern.test(f[5]) is None:  # type: ignore[union-attr]
            shown = f[5] if len(f[5]) <= 60 else f[5][:57] + "..."
            return [
                make_issue(
                    Errors.E308,
                    self.severity,
                    text=shown,
                    pattern=spec.must_match,
                    detail=pattern.out_of_time_reason(),  # type: ignore[union-attr]
                    **_where(i, f),
                )
            ]
        return [
            make_issue(
                Errors.E301,
                self.severity,
                text=f[5],
                pattern=spec.must_match,
                description=f"{spec.name}: {spec.description.split('.')[0]}",
                **_where(i, f),
            )
        ]


class AllowedValues(TextRule):
    """The span text is one of the label's `values`."""

    rule = "values"

    @cached_property
    def allowed(self) -> frozenset[str]:
        """The allowed texts."""
        return frozenset(self.spec.values)

    def text_ok(self, span_text: str) -> bool:
        """Whether the text is allowed."""
        return span_text in self.allowed

    def issues(self, text: str, i: int, f: SpanFields) -> list[Issue]:
        """The text that is not an allowed value."""
        return [make_issue(Errors.E305, self.severity, text=f[5], **_where(i, f))]


class Gazetteer(TextRule):
    """The span text is a known name (inline gazetteer plus built-in sources)."""

    rule = "gazetteer"

    def text_ok(self, span_text: str) -> bool:
        """Whether the normalised text is a known name."""
        return normalise_name(span_text) in self.spec.gazetteer_names

    def issues(self, text: str, i: int, f: SpanFields) -> list[Issue]:
        """The unknown name."""
        return [make_issue(Errors.E306, self.severity, text=f[5], **_where(i, f))]


class MaxTokens(LabelRule):
    """The span is at most `max_tokens` tokens long."""

    rule = "max_tokens"
    condition = "token_end - token_start <= {longest}"

    def __init__(self, spec: LabelSpec) -> None:
        """Keep the widest token_end - token_start allowed."""
        super().__init__(spec)
        self.longest = (spec.max_tokens or 1) - 1

    def issues(self, text: str, i: int, f: SpanFields) -> list[Issue]:
        """The span's length and the limit."""
        count = f[3] - f[2] + 1
        return [
            make_issue(
                Errors.E302, self.severity, count=count, limit=self.spec.max_tokens, **_where(i, f)
            )
        ]


class EnclosedBy(LabelRule):
    """The span sits just inside one of the label's pairs of marks."""

    rule = "enclosed_by"
    # the characters around the span form one of the pairs
    condition = "text[start - 1 : start] + text[end : end + 1] in {pairs}"

    def __init__(self, spec: LabelSpec) -> None:
        """Keep the pairs as a set of two-character strings."""
        super().__init__(spec)
        self.pairs = frozenset(spec.enclosed_by)

    def issues(self, text: str, i: int, f: SpanFields) -> list[Issue]:
        """The span and the marks it should sit inside."""
        pairs = " ".join(self.spec.enclosed_by)
        return [make_issue(Errors.E303, self.severity, text=f[5], pairs=pairs, **_where(i, f))]


def attribute_problem(spec: AttributeSpec, value: Any) -> str | None:
    """Why a value does not fit an attribute's declared type, or None when it does."""
    kind = spec.type
    if kind == "bool":
        return None if type(value) is bool else "true or false"
    if kind == "int":
        return None if type(value) is int and -INT64_MAX - 1 <= value <= INT64_MAX else "an integer"
    if kind == "float":
        good = type(value) in (int, float) and math.isfinite(value)
        return None if good else "a number"
    if kind == "str":
        return None if type(value) is str else "a string"
    if type(value) is not str or value not in spec.values:
        return "one of " + ", ".join(spec.values)
    return None


class Attributes:
    """The attributes on a span or relation are declared, typed and complete for its label."""

    def __init__(self, owner: str, specs: tuple[AttributeSpec, ...], severity: Severity) -> None:
        """Index the owner's attribute specs."""
        self.owner = owner
        self.specs = {spec.name: spec for spec in specs}
        self.required = tuple(spec.name for spec in specs if spec.required)
        self.severity = severity

    def attrs_ok(self, attrs: dict[str, Any]) -> bool:
        """Whether every attribute is declared and well typed, and every required one is there."""
        specs = self.specs
        for name, value in attrs.items():
            spec = specs.get(name)
            if spec is None or attribute_problem(spec, value) is not None:
                return False
        return all(name in attrs for name in self.required)

    def attrs_issues(self, attrs: dict[str, Any], where: dict[str, Any]) -> list[Issue]:
        """Every undeclared, mistyped or missing attribute."""
        issues: list[Issue] = []
        for name, value in attrs.items():
            spec = self.specs.get(name)
            if spec is None:
                declared = ", ".join(self.specs) or "none"
                issues.append(
                    make_issue(
                        Errors.E310,
                        "warning",
                        name=name,
                        owner=self.owner,
                        declared=declared,
                        **where,
                    )
                )
                continue
            expected = attribute_problem(spec, value)
            if expected is not None:
                issues.append(
                    make_issue(
                        Errors.E311,
                        self.severity,
                        owner=self.owner,
                        name=name,
                        value=value,
                        expected=expected,
                        **where,
                    )
                )
        for name in self.required:
            if name not in attrs:
                issues.append(
                    make_issue(Errors.E312, self.severity, owner=self.owner, name=name, **where)
                )
        return issues


class SpanAttributes(LabelRule):
    """A span's attributes follow its label's `[[labels.attributes]]`."""

    rule = "attributes"
    condition = "(not attrs and {optional}) or {attrs_ok}(attrs)"

    def __init__(self, spec: LabelSpec) -> None:
        """Index the label's attribute specs."""
        super().__init__(spec)
        self.attributes = Attributes(spec.name, spec.attributes, self.severity)
        self.optional = not self.attributes.required  # no attributes at all is then in order
        self.attrs_ok = self.attributes.attrs_ok

    def issues(self, text: str, i: int, f: SpanFields) -> list[Issue]:
        """Every attribute problem of the span."""
        return self.attributes.attrs_issues(f[6], _where(i, f))


def label_rules(spec: LabelSpec) -> tuple[LabelRule, ...]:
    """The rules a label's spans obey, only those its schema entry sets."""
    rules: list[LabelRule] = []
    if spec.must_match:
        rules.append(MustMatch(spec))
    if spec.max_tokens is not None:
        rules.append(MaxTokens(spec))
    if spec.enclosed_by:
        rules.append(EnclosedBy(spec))
    if spec.values:
        rules.append(AllowedValues(spec))
    if spec.gazetteer_names:
        rules.append(Gazetteer(spec))
    rules.append(SpanAttributes(spec))
    return tuple(rules)


# ---- schema rules over a record's spans together ----------------------------------------------


class Overlaps:
    """Spans overlap only where the outer label's `may_contain` lets the inner one sit inside."""

    def __init__(self, schema: LabelSchema) -> None:
        """Index the labels' containment policies."""
        self.labels = schema.by_name

    def pair_allowed(self, outer: SpanFields, inner: SpanFields) -> bool:
        """Whether two overlapping spans may overlap (one inside the other, as a policy allows)."""
        labels = self.labels
        outer_spec, inner_spec = labels.get(outer[4]), labels.get(inner[4])
        if outer_spec is None or inner_spec is None:
            return True  # an unknown label is its own problem (E300)
        if outer[0] <= inner[0] and inner[1] <= outer[1] and outer_spec.allows_inside(inner[4]):
            return True
        return inner[0] <= outer[0] and outer[1] <= inner[1] and inner_spec.allows_inside(outer[4])

    def ok(self, ordered: Sequence[SpanFields]) -> bool:
        """Whether spans given in reading order overlap nothing or only as policies allow.

        One pass keeps the top-level span each span starts in; a span may sit only inside that
        span, one level deep. Anything deeper or crossing answers no, and the full check decides.
        """
        reach = inner_reach = -1
        outer: SpanFields | None = None
        for f in ordered:
            start, end = f[0], f[1]
            if start >= reach:
                reach, inner_reach, outer = end, -1, f
            elif end > reach or start < inner_reach or not self.pair_allowed(outer, f):  # type: ignore[arg-type]
                return False
            else:
                inner_reach = end
        return True

    def issues(self, spans: Sequence[SpanFields]) -> list[Issue]:
        """One issue per span that overlaps an earlier one no policy allows, naming the first.

        Each span looks at up to OVERLAP_SCAN earlier spans still open where it starts, so the
        report grows with the number of spans, not with the number of overlapping pairs.
        """
        issues: list[Issue] = []
        if len(spans) < 2:
            return issues
        active: list[int] = []
        reach = -1
        for start, neg_end, j in sorted((f[0], -f[1], i) for i, f in enumerate(spans)):
            if start >= reach:
                active = [j]
                reach = -neg_end
                continue
            active = [i for i in active if spans[i][1] > start]
            inner = spans[j]
            clashes = [i for i in active[-OVERLAP_SCAN:] if not self.pair_allowed(spans[i], inner)]
            if clashes:
                issues.append(
                    self._issue(
                        j, inner, spans[clashes[0]], len(clashes) - 1, len(active) > OVERLAP_SCAN
                    )
                )
            active.append(j)
            reach = max(reach, -neg_end)
        return issues

    def _issue(
        self, j: int, inner: SpanFields, first: SpanFields, more: int, capped: bool
    ) -> Issue:
        """The issue of one span and the first span it may not overlap."""
        spec = self.labels[inner[4]]
        extra = ""
        if more or capped:
            extra = f" and {more}{'+' if capped else ''} more span(s)"
        return make_issue(
            Errors.E304,
            spec.severity_of("overlap"),
            start=inner[0],
            end=inner[1],
            other=first[4],
            ostart=first[0],
            oend=first[1],
            more=extra,
            **_where(j, inner),
        )


class RelationRules:
    """Relations use the schema's types, link labels their type takes, and keep `max_per_head`."""

    def __init__(self, schema: LabelSchema) -> None:
        """Index the relation types and their attribute rules."""
        self.schema = schema
        self.types = schema.relation_by_name
        self.attributes = {
            spec.name: Attributes(spec.name, spec.attributes, "error") for spec in schema.relations
        }
        self.limited = any(spec.max_per_head for spec in schema.relations)

    def ok(self, relations: Sequence[Any], labels_by_id: dict[str, str]) -> bool:
        """Whether every relation is of a known type over labels it takes, attributes in order."""
        for relation in relations:
            spec = self.types.get(relation.label)
            if spec is None or not spec.takes(
                labels_by_id.get(relation.head, ""), labels_by_id.get(relation.child, "")
            ):
                return False
            attrs = relation.attrs
            if (attrs or spec.attributes) and not self.attributes[spec.name].attrs_ok(attrs):
                return False
        return not self.limited or not self._over_limit(relations)

    def _over_limit(self, relations: Sequence[Any]) -> list[tuple[str, str, int, RelationSpec]]:
        """(head id, relation label, count, type) of each head with more relations than allowed."""
        counts = Counter((r.head, r.label) for r in relations if r.label in self.types)
        over = []
        for (head, label), count in counts.items():
            spec = self.types[label]
            if spec.max_per_head is not None and count > spec.max_per_head:
                over.append((head, label, count, spec))
        return over

    def issues(self, relations: Sequence[Any], labels_by_id: dict[str, str]) -> list[Issue]:
        """Every unknown type, wrong argument label, attribute problem and head over its limit."""
        issues: list[Issue] = []
        known = ", ".join(self.types) or "none"
        for i, relation in enumerate(relations):
            where = {"label": relation.label, "field": f"relations[{i}]"}
            spec = self.types.get(relation.label)
            if spec is None:
                issues.append(make_issue(Errors.E320, schema=self.schema.ref, known=known, **where))
                continue
            head_label = labels_by_id.get(relation.head)
            child_label = labels_by_id.get(relation.child)
            if (
                head_label is not None
                and child_label is not None
                and not spec.takes(head_label, child_label)
            ):
                for role, found, allowed in (
                    ("head", head_label, spec.head),
                    ("child", child_label, spec.child),
                ):
                    if "*" not in allowed and found not in allowed:
                        issues.append(
                            make_issue(
                                Errors.E321,
                                relation=spec.name,
                                role=role,
                                found=found,
                                allowed=", ".join(allowed),
                                **where,
                            )
                        )
            issues.extend(self.attributes[spec.name].attrs_issues(relation.attrs, where))
        for head, label, count, spec in self._over_limit(relations):
            issues.append(
                make_issue(
                    Errors.E322,
                    relation=label,
                    head=head,
                    count=count,
                    limit=spec.max_per_head,
                    label=label,
                    field="relations",
                )
            )
        return issues


class DocLabelRules:
    """Document labels are the schema's, with its values, one value where the choice is single."""

    def __init__(self, schema: LabelSchema) -> None:
        """Index the schema's document labels."""
        self.schema = schema
        self.specs = schema.doc_label_by_name
        self.required = tuple(spec.name for spec in schema.doc_labels if spec.required)

    def ok(self, doc_labels: dict[str, Sequence[str]], answer: str) -> bool:
        """Whether the document labels are all in order."""
        for name, values in doc_labels.items():
            spec = self.specs.get(name)
            if spec is None or (len(values) > 1 and not spec.multiple):
                return False
            if any(value not in spec.values for value in values) or len(set(values)) != len(values):
                return False
        return answer != "accept" or all(doc_labels.get(name) for name in self.required)

    def issues(self, doc_labels: dict[str, Sequence[str]], answer: str) -> list[Issue]:
        """Every unknown label or value, extra value on a single choice, and missing required one."""
        issues: list[Issue] = []
        for name, values in doc_labels.items():
            where = f"doc_labels.{name}"
            spec = self.specs.get(name)
            if spec is None:
                known = ", ".join(self.specs) or "none"
                issues.append(
                    make_issue(
                        Errors.E323, name=name, schema=self.schema.ref, known=known, field=where
                    )
                )
                continue
            for value in dict.fromkeys(values):
                if value not in spec.values:
                    allowed = ", ".join(spec.values)
                    issues.append(
                        make_issue(
                            Errors.E324, name=name, value=value, allowed=allowed, field=where
                        )
                    )
            if len(set(values)) != len(values) or (len(values) > 1 and not spec.multiple):
                issues.append(make_issue(Errors.E325, name=name, count=len(values), field=where))
        if answer == "accept":
            for name in self.required:
                if not doc_labels.get(name):
                    issues.append(make_issue(Errors.E326, name=name, field=f"doc_labels.{name}"))
        return issues


class RuleSet:
    """A schema's rules, compiled once: full located checks and the one-pass "clean?" answer."""

    def __init__(self, schema: LabelSchema) -> None:
        """Compile each label's span rules and the record-wide rules."""
        self.schema = schema
        self.ref = schema.ref
        self.by_label = {spec.name: label_rules(spec) for spec in schema.labels}
        # each label's rules as one predicate, compiled from the same rule objects
        self.ok_by_label = {
            name: span_predicate("label_ok", ("text", "f"), rules)
            for name, rules in self.by_label.items()
        }
        self.overlaps = Overlaps(schema)
        # clean_span_keys(text, starts, ends, spans in reading order) -> the spans' (start, end,
        # label) keys when every span is clean, else None: shape, each label's rules, repeated
        # keys and ids, and overlaps in one generated pass (see `predicates.span_check`)
        self.clean_span_keys = span_check(SPAN_SHAPE, self.by_label, self.overlaps.ok)
        # the same pass over Span models: (keys, the spans' field dicts) or None
        self.clean_span_models = span_check(
            SPAN_SHAPE, self.by_label, self.overlaps.ok, reads="models"
        )
        self.relations = RelationRules(schema)
        self.doc_labels = DocLabelRules(schema)

    # ---- full checks ----
    def span_rule_issues(self, text: str, spans: Iterable[Any]) -> list[Issue]:
        """Per-span rule problems (known label and the label's rules), without overlaps."""
        return self._span_rule_issues(text, map(span_values, spans))

    def _span_rule_issues(self, text: str, fields: Iterable[SpanFields]) -> list[Issue]:
        """`span_rule_issues` of spans given as field tuples."""
        issues: list[Issue] = []
        by_label = self.by_label
        for i, f in enumerate(fields):
            rules = by_label.get(f[4])
            if rules is None:
                labels = ", ".join(self.schema.label_names)
                issues.append(
                    make_issue(Errors.E300, schema=self.ref, labels=labels, **_where(i, f))
                )
                continue
            for rule in rules:
                if not rule.ok(text, f):
                    issues.extend(rule.issues(text, i, f))
        return issues

    def overlap_issues(self, spans: Iterable[Any]) -> list[Issue]:
        """One issue per span overlapping another where no `may_contain` allows it."""
        return self.overlaps.issues([span_values(span) for span in spans])

    def issues(self, text: str, ann: Any, spans_clean: bool = False) -> list[Issue]:
        """Every schema problem of an annotation (or record; model or mirror) over a text.

        The spans' one-pass check runs first and the located span checks only where it says
        no; `spans_clean` says the caller's `clean_span_keys` already said yes.
        """
        issues: list[Issue] = []
        if (
            ann.spans
            and not spans_clean
            and not self.spans_clean(text, in_reading_order(ann.spans))
        ):
            fields = list(map(span_values, ann.spans))
            issues = self._span_rule_issues(text, fields)
            issues.extend(self.overlaps.issues(fields))
        if ann.relations or ann.doc_labels or self.doc_labels.required:
            issues.extend(self.annotation_extras_issues(ann))
        name, _, version = ann.schema_.partition("@")
        if name != self.schema.name or version != self.schema.version:
            issues.append(
                make_issue(
                    Errors.E307, "warning", given=ann.schema_, expected=self.ref, field="schema"
                )
            )
        return issues

    def annotation_extras_issues(self, ann: Any) -> list[Issue]:
        """Problems of an annotation's relations and document labels."""
        issues: list[Issue] = []
        if ann.relations:
            labels_by_id = {span.id: span.label for span in ann.spans if span.id}
            issues.extend(self.relations.issues(ann.relations, labels_by_id))
        if ann.doc_labels or self.doc_labels.required:
            issues.extend(self.doc_labels.issues(ann.doc_labels, ann.answer))
        return issues

    # ---- the one-pass check ----
    def spans_clean(self, text: str, spans: Sequence[SpanFields]) -> bool:
        """Whether spans (field tuples) in reading order have known labels, pass their labels'
        rules and overlap only as policies allow; anything unusual answers no."""
        ok_by_label = self.ok_by_label
        previous = (-1, 0)
        for f in spans:
            here = (f[0], -f[1])
            if here < previous:
                return False
            previous = here
            ok = ok_by_label.get(f[4])
            if ok is None or not ok(text, f):
                return False
        return self.overlaps.ok(spans)

    def clean_fields(
        self, doc: dict[str, Any], ann: dict[str, Any]
    ) -> tuple[list[tuple[int, int, str]], list[dict[str, Any]]] | None:
        """From a pair's field dicts: (sorted span keys, span field dicts) if clean, else None."""
        if ann["schema_"] != self.ref or ann["updated_at"] < ann["created_at"]:
            return None
        tokens = doc["tokens"]
        starts = getattr(tokens, "starts", None)
        if starts is None:
            starts, ends = [t.start for t in tokens], [t.end for t in tokens]
        else:
            ends = tokens.ends
        checked = self.clean_span_models(doc["text"], starts, ends, ann["spans"])
        if checked is None:
            return None
        keys, spans = checked
        relations, doc_labels = ann["relations"], ann["doc_labels"]
        if relations:
            span_ids = {s["id"]: s["label"] for s in spans if s["id"]}
            if not RELATION_LINKS.ok(relations, span_ids.keys()) or not self.relations.ok(  # type: ignore[arg-type]
                relations, span_ids
            ):
                return None
        if (doc_labels or self.doc_labels.required) and not self.doc_labels.ok(
            doc_labels, ann["answer"]
        ):
            return None
        keys.sort()
        return keys, spans


def rules_of(schema: LabelSchema) -> RuleSet:
    """The schema's compiled rules (made once per schema object)."""
    return schema.rules


def schema_issues(record: CanonicalRecord | Any, schema: LabelSchema) -> list[Issue]:
    """Every schema problem of one record (labels, rules, overlaps, relations, doc labels, name)."""
    return rules_of(schema).issues(record.text, record)
