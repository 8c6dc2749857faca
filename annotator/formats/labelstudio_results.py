"""The `result` list of one Label Studio annotation or prediction, read into spans, relations,
span attributes, document labels and document values, with every part not kept counted."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from annotator.formats.base import RawSpan
from annotator.records.models import Relation
from annotator.records.tokenization import Utf16Map

# Result types that carry one value a span attribute or a document value can hold, and its key.
VALUE_KEYS = {
    "choices": "choices",
    "textarea": "text",
    "number": "number",
    "rating": "rating",
    "datetime": "datetime",
    "taxonomy": "taxonomy",
}
KEPT_TYPES = "labels, relations, choices, textarea, number, rating, datetime and taxonomy results"


@dataclass(slots=True)
class Results:
    """What one result list holds, in the document's code point offsets."""

    spans: list[RawSpan] = field(default_factory=list)
    scores: list[float | None] = field(default_factory=list)  # each span's own score, if given
    relations: list[Relation] = field(default_factory=list)
    doc_labels: dict[str, tuple[str, ...]] = field(default_factory=dict)
    doc_values: dict[str, Any] = field(default_factory=dict)  # document-level textarea, number...
    losses: Counter[str] = field(default_factory=Counter)
    details: dict[str, str] = field(default_factory=dict)
    span_at: dict[tuple[int, int, str], int] = field(default_factory=dict)  # key -> index
    span_ids: set[str] = field(default_factory=set)

    def lose(self, kind: str, detail: str, count: int = 1) -> None:
        """Count a part that cannot be kept, with why (the first reason given for a kind)."""
        self.losses[kind] += count
        self.details.setdefault(kind, detail)


@dataclass(frozen=True, slots=True)
class Document:
    """The task's text and how to read its results: the field, the unit of offsets."""

    text: str
    key: str  # the data key holding the text
    on_document: Callable[[Any], bool]  # whether a result's to_name is this text
    offsets: Utf16Map
    unit: str  # "codepoints" or "utf16": how this task's offsets count


def same_text(given: str, covered: str) -> bool:
    """Whether a result's value.text names the covered text: exactly, or as Label Studio writes
    it (newlines escaped as backslash-n, or whitespace dropped by some 1.x versions)."""
    if given == covered or given.replace("\\n", "\n") == covered:
        return True
    return "".join(given.replace("\\n", "\n").split()) == "".join(covered.split())


def labels_items(result: list[Any]) -> list[tuple[int, dict[str, Any], Any]]:
    """(index, value, to_name) of each text span result (a labels result with integer offsets)."""
    found = []
    for j, item in enumerate(result):
        if isinstance(item, dict) and _is_labels(item):
            value = item["value"]
            if type(value.get("start")) is int and type(value.get("end")) is int:
                found.append((j, value, item.get("to_name")))
    return found


def _is_labels(item: dict[str, Any]) -> bool:
    """A text span result: type labels, or (hand-written pre-annotations) no type and labels."""
    value = item.get("value")
    kind = item.get("type")
    return isinstance(value, dict) and (kind == "labels" or (kind is None and "labels" in value))


def read_results(doc: Document, result: Any) -> Results | str:
    """Read one result list, or a message naming the first unusable item and how to fix it."""
    if not isinstance(result, list):
        return f"result must be a list of result objects, not {type(result).__name__}"
    read = Results()
    regions: dict[str, list[int]] = {}  # region id -> indexes of its spans
    lost_regions: set[str] = set()
    for j, item in enumerate(result):
        if not isinstance(item, dict):
            return f"result[{j}] must be an object"
        if _is_labels(item):
            problem = _read_region(doc, j, item, read, regions, lost_regions)
            if problem is not None:
                return problem
        elif isinstance(item.get("id"), str) and item.get("type") not in VALUE_KEYS:
            lost_regions.add(item["id"])
    for item in result:
        kind = item.get("type")
        if _is_labels(item):
            continue
        if kind == "relation":
            _read_relation(item, read, regions)
        elif kind not in VALUE_KEYS:
            read.lose(f"{kind} result", f"the import keeps {KEPT_TYPES} on the text")
        elif item.get("id") in regions:
            _read_region_value(item, read, regions[item["id"]])
        elif item.get("id") in lost_regions or _is_per_region(item):
            read.lose(
                f"per-region {kind} result on a region not kept",
                "its region is not a text span of the document",
            )
        elif not doc.on_document(item.get("to_name")):
            read.lose(
                "result on another data field",
                f"only data.{doc.key} is read as the document's text",
            )
        else:
            _read_document_value(item, read)
    return read


def _read_region(
    doc: Document,
    j: int,
    item: dict[str, Any],
    read: Results,
    regions: dict[str, list[int]],
    lost_regions: set[str],
) -> str | None:
    """Add the spans of one labels result (one per label), or say why the result is unusable."""
    given_id = item.get("id")
    region = given_id if isinstance(given_id, str) else ""
    value = item["value"]
    if not doc.on_document(item.get("to_name")):
        lost_regions.add(region)
        read.lose(
            "result on another data field", f"only data.{doc.key} is read as the document's text"
        )
        return None
    labels = value.get("labels")
    labels = [x for x in labels if isinstance(x, str) and x] if isinstance(labels, list) else []
    if not labels:
        lost_regions.add(region)
        read.lose("text region without a label", "give the region a label in Label Studio")
        return None
    start, end = value.get("start"), value.get("end")
    if type(start) is not int or type(end) is not int:  # true/false are not offsets
        return f"result[{j}]: value.start/end must be integers (character offsets)"
    try:
        first, last = doc.offsets.from_unit(start, doc.unit), doc.offsets.from_unit(end, doc.unit)
    except ValueError as exc:
        return f"result[{j}]: {exc}"
    if not 0 <= first < last <= len(doc.text):
        return (
            f"result[{j}]: span [{start}, {end}) is empty or outside the text "
            f"({len(doc.text)} characters)"
        )
    given = value.get("text")
    covered = doc.text[first:last]
    if isinstance(given, str) and not same_text(given, covered):
        return (
            f"result[{j}]: value.text {given!r} differs from the text at [{start}, {end}) "
            f"counted in {_unit_name(doc.unit)}, {covered!r}; check that the task's data is the "
            "text that was annotated"
        )
    score = _score(item.get("score"), value.get("score"))
    indexes = regions.setdefault(region, [])
    for label in dict.fromkeys(labels):
        same = read.span_at.get((first, last, label))
        if same is not None:  # the same span given twice: one span, both ids lead to it
            indexes.append(same)
            continue
        span_id = _unique(region, read.span_ids) if region else ""
        read.span_ids.add(span_id)
        read.span_at[(first, last, label)] = len(read.spans)
        indexes.append(len(read.spans))
        read.spans.append(RawSpan(first, last, label, id=span_id))
        read.scores.append(score)
    return None


def _unique(region: str, taken: set[str]) -> str:
    """A span id for a region: the region's id, suffixed when a label of it already took that."""
    if region not in taken:
        return region
    return next(f"{region}-{n}" for n in range(2, len(taken) + 3) if f"{region}-{n}" not in taken)


def _unit_name(unit: str) -> str:
    """How an offset unit reads in a message."""
    return "UTF-16 code units" if unit == "utf16" else "code points"


def _score(*candidates: Any) -> float | None:
    """The first number among a result's score fields."""
    for value in candidates:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
    return None


def _is_per_region(item: dict[str, Any]) -> bool:
    """A classification result tied to a text region (its value repeats the region's offsets)."""
    value = item.get("value")
    return isinstance(value, dict) and "start" in value and "end" in value


def _read_relation(item: dict[str, Any], read: Results, regions: dict[str, list[int]]) -> None:
    """Add one relation per label of a relation result between two kept regions."""
    head, child = item.get("from_id"), item.get("to_id")
    if head not in regions or child not in regions:
        read.lose("relation to a region not kept", "both ends must be text spans of the document")
        return
    labels = item.get("labels")
    labels = [x for x in labels if isinstance(x, str) and x] if isinstance(labels, list) else []
    if not labels:
        read.lose(
            "relation without a label",
            "the schema's relations have names: label it (a <Relations> tag in Label Studio)",
        )
        return
    if item.get("direction") == "left":
        head, child = child, head
    notes = item.get("notes")
    attrs = {"notes": notes} if isinstance(notes, str) and notes else {}
    first_head = read.spans[regions[head][0]].id
    first_child = read.spans[regions[child][0]].id
    if not first_head or not first_child:
        read.lose("relation to a region not kept", "both regions need an id")
        return
    for label in dict.fromkeys(labels):
        read.relations.append(
            Relation(head=first_head, child=first_child, label=label, attrs=attrs)
        )


def _value_of(item: dict[str, Any]) -> Any:
    """The value a classification result holds; a one-element list as its element, and a
    choice "true"/"false" as a boolean. None when the result carries no value."""
    value = item.get("value")
    found = value.get(VALUE_KEYS[item["type"]]) if isinstance(value, dict) else None
    if isinstance(found, list) and len(found) == 1:
        found = found[0]
    if item["type"] == "choices" and found in ("true", "false"):
        return found == "true"
    return found


def _read_region_value(item: dict[str, Any], read: Results, indexes: list[int]) -> None:
    """Set a per-region result as an attribute, named by its control, of its region's spans."""
    name, found = item.get("from_name"), _value_of(item)
    if not isinstance(name, str) or not name or found is None:
        read.lose(f"per-region {item['type']} result without a name or value", "")
        return
    for index in indexes:
        span = read.spans[index]
        read.spans[index] = replace(span, attrs={**span.attrs, name: found})


def _read_document_value(item: dict[str, Any], read: Results) -> None:
    """A document-level result: choices become document labels, other values document meta."""
    name, found = item.get("from_name"), _value_of(item)
    kind = item["type"]
    if not isinstance(name, str) or not name or found is None:
        read.lose(f"{kind} result without a name or value", "")
        return
    if kind != "choices":
        read.doc_values.setdefault(name, found)
        return
    value = item["value"].get("choices")
    choices = [c for c in value if isinstance(c, str)] if isinstance(value, list) else []
    if not choices:
        read.lose("choices result without a name or value", "")
        return
    read.doc_labels[name] = tuple(dict.fromkeys([*read.doc_labels.get(name, ()), *choices]))
