"""Prodigy tasks as `db-out` writes them and `db-in` reads them: spans, relations, answers, choices.

Read, by what the task is:
- manual spans (ner.manual, spans.manual): gold spans with token indices, as the annotation;
- relations (rel.manual): `relations: [{head, child, head_span, child_span, label}]`, each end
  matched to the task's span with the same offsets (a labelled end no span has becomes a span;
  an end on bare tokens, with no label, cannot be linked and is reported);
- binary answers (ner.teach's `ner` view, or spans carrying their own `answer`): each span a
  suggestion with the annotator's decision, never gold;
- choice answers (`accept: [option ids]`): document labels, `choice` for plain ids,
  `name:value` ids for named ones (see `choices.py`);
- binary text classification (`label` and an accept/reject answer, no spans): the document label
  named by the task's `label`, valued `accept` or `reject`.
Task keys this tool has no field for (`_input_hash`, `_task_hash`, `_view_id`, `options`,
`priority`, ...) are kept in the document's metadata under `_prodigy` and written back as they
were, so Prodigy's own hashes survive a round trip.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from annotator.formats.base import (
    FormatSpec,
    IncomingRecord,
    Loss,
    RawSpan,
    RawSuggestion,
    ReadProblem,
    register,
)
from annotator.formats.choices import categories_of, doc_labels_of, to_category
from annotator.formats.lines import (
    checked_span,
    from_timestamp,
    read_json_lines,
    write_json_lines,
)
from annotator.records import hashing
from annotator.records.models import ANSWERS, CanonicalRecord, Relation, Span, span_id, token_dicts

TOKEN_KEYS = ("text", "start", "end", "id", "ws")
DEFAULT_CHOICE = "choice"  # the document label plain choice option ids are read into
EXTRAS = "_prodigy"  # metadata key holding the task keys this tool has no field for
BINARY_VIEWS = frozenset({"ner"})  # ner.teach: one suggested span per task, accepted or rejected
DECISIONS = {"accept": "accept", "reject": "reject", "ignore": None}
VERDICTS = ("accept", "reject")  # the values of a binary text classification document label
_VERDICT_VALUES = {(verdict,) for verdict in VERDICTS}
# Task keys read into a field of the record; any other key is kept under EXTRAS.
READ_KEYS = frozenset(
    {
        "text",
        "tokens",
        "spans",
        "relations",
        "answer",
        "meta",
        "accept",
        "_annotator_id",
        "_session_id",
        "_timestamp",
    }
)


# Reading


def _tokens(value: Any) -> tuple[dict[str, Any], ...] | None:
    """Prodigy tokens when each carries text/start/end/id/ws, else None (retokenized on import)."""
    if not isinstance(value, list) or not value:
        return None
    if not all(isinstance(t, dict) and all(k in t for k in TOKEN_KEYS) for t in value):
        return None
    return tuple({k: t[k] for k in TOKEN_KEYS} for t in value)


def _spans(obj: dict[str, Any], text: str) -> list[tuple[RawSpan, dict[str, Any]]] | str:
    """The task's spans with their source objects, or why one is unusable."""
    value = obj.get("spans") or []
    if not isinstance(value, list):
        return "'spans' must be a list of {start, end, label}"
    found = []
    for index, span in enumerate(value):
        if not isinstance(span, dict):
            return f"spans[{index}] must be an object"
        start, end, label = span.get("start"), span.get("end"), span.get("label")
        checked = checked_span(text, start, end, label)
        if isinstance(checked, str):
            return f"spans[{index}]: {checked}"
        attrs = span.get("attrs")
        if attrs is not None and not isinstance(attrs, dict):
            return f"spans[{index}]: 'attrs' must be an object"
        found.append((RawSpan(*checked, dict(attrs or {}), span_id(*checked)), span))
    return found


def _suggestions(
    spans: list[tuple[RawSpan, dict[str, Any]]], answer: Any
) -> tuple[RawSuggestion, ...] | str:
    """Binary answers as suggestions with the annotator's decision (a span's own answer first)."""
    made = []
    for index, (span, source) in enumerate(spans):
        given = source.get("answer", answer)
        if given is not None and given not in DECISIONS:
            return f"spans[{index}]: answer {given!r} must be accept, reject or ignore"
        score = source.get("score")
        origin = source.get("source")
        made.append(
            RawSuggestion(
                span=span,
                source=origin if isinstance(origin, str) and origin else "prodigy",
                score=float(score) if isinstance(score, int | float) and score is not True else 1.0,
                decision=DECISIONS.get(given),  # type: ignore[arg-type]
            )
        )
    return tuple(made)


def _relation_end(given: Any, spans: list[RawSpan], text: str, where: str) -> RawSpan | str | None:
    """The span a relation end names: the task's span with its offsets (and label), a new span for
    a labelled end no span has, None for bare tokens; or why the end is unusable."""
    if not isinstance(given, dict):
        return f"{where} must be an object {{start, end, label}}"
    start, end, label = given.get("start"), given.get("end"), given.get("label")
    same = [s for s in spans if (s.start, s.end) == (start, end)]
    labelled = [s for s in same if s.label == label]
    if labelled or (same and label is None):
        return (labelled or same)[0]
    if label is None:
        token = checked_span(text, start, end, "token")
        return f"{where}: {token}" if isinstance(token, str) else None
    checked = checked_span(text, start, end, label)
    if isinstance(checked, str):
        return f"{where}: {checked}"
    made = RawSpan(*checked, id=span_id(*checked))
    spans.append(made)
    return made


def _relations(
    obj: dict[str, Any], spans: list[RawSpan], text: str
) -> tuple[list[Relation], list[Loss]] | str:
    """rel.manual relations between the task's spans (adding spans for labelled ends), or why not."""
    value = obj.get("relations") or []
    if not isinstance(value, list):
        return "'relations' must be a list of {head_span, child_span, label}"
    relations: list[Relation] = []
    unlinked = 0
    for index, item in enumerate(value):
        if not isinstance(item, dict):
            return f"relations[{index}] must be an object"
        label, attrs = item.get("label"), item.get("attrs") or {}
        if not isinstance(label, str) or not label:
            return f"relations[{index}]: 'label' must be a non-empty string"
        if not isinstance(attrs, dict):
            return f"relations[{index}]: 'attrs' must be an object"
        ends = []
        for role in ("head_span", "child_span"):
            found = _relation_end(item.get(role), spans, text, f"relations[{index}].{role}")
            if isinstance(found, str):
                return found
            ends.append(found)
        if ends[0] is None or ends[1] is None:
            unlinked += 1
            continue
        relations.append(Relation(head=ends[0].id, child=ends[1].id, label=label, attrs=attrs))
    losses = []
    if unlinked:
        detail = "an end on tokens with no span label; label the tokens as a span to keep it"
        losses.append(Loss("Prodigy relation(s) on unlabelled tokens", unlinked, detail))
    return relations, losses


def _choices(obj: dict[str, Any]) -> dict[str, tuple[str, ...]] | str:
    """Document labels from a choice answer's `accept` option ids, or why they are unusable."""
    accepted = obj.get("accept")
    if accepted is None:
        return {}
    if not isinstance(accepted, list) or not all(
        isinstance(a, str | int) and not isinstance(a, bool) for a in accepted
    ):
        return "'accept' must be a list of option ids"
    return doc_labels_of((str(a) for a in accepted), DEFAULT_CHOICE)


def _verdict(obj: dict[str, Any]) -> tuple[str, str] | None:
    """The (label, answer) of a binary text classification task (a `label`, no spans, accepted or
    rejected), None for any other task."""
    label, answer = obj.get("label"), obj.get("answer")
    if (
        isinstance(label, str)
        and label
        and not obj.get("spans")
        and "accept" not in obj
        and answer in VERDICTS
    ):
        return label, answer
    return None


def _view_of(relations: bool, choice: bool, verdict: bool) -> str:
    """The interface a task of this content is shown in (what the writer names it)."""
    if relations:
        return "relations"
    if choice:
        return "choice"
    if verdict:
        return "classification"
    return "spans_manual"


def _unless_derived(
    extras: dict[str, Any], text: str, spans: list[RawSpan], view: str
) -> dict[str, Any]:
    """The task keys, less those the writer derives: hashes and view id equal to the ones it would
    write, and choice options that only repeat their ids (it writes the schema's values then)."""
    input_hash = hashing.input_hash(text)
    derived = {
        "_input_hash": input_hash,
        "_task_hash": hashing.task_hash(input_hash, spans),
        "_view_id": view,
    }
    options = extras.get("options")
    if isinstance(options, list) and all(
        isinstance(o, dict) and o.keys() == {"id", "text"} and o["id"] == o["text"] for o in options
    ):
        derived["options"] = options
    return {k: v for k, v in extras.items() if k not in derived or derived[k] != v}


def _with_extras(meta: dict[str, Any], extras: dict[str, Any]) -> tuple[dict[str, Any], list[Loss]]:
    """The document's metadata with the task keys kept under EXTRAS."""
    if not extras:
        return meta, []
    if EXTRAS in meta:
        return meta, [Loss("Prodigy task key(s)", len(extras), f"its meta already has {EXTRAS!r}")]
    return {**meta, EXTRAS: extras}, []


def _binary_record(
    fields: dict[str, Any],
    found: list[tuple[RawSpan, dict[str, Any]]],
    answer: Any,
    extras: dict[str, Any],
) -> IncomingRecord | ReadProblem:
    """A binary task (ner.teach) as suggestions with decisions on its document, no annotation;
    of the question's own keys only Prodigy's input hash, a property of the text, is kept."""
    suggestions = _suggestions(found, answer)
    if isinstance(suggestions, str):
        return ReadProblem(fields["path"], fields["line"], suggestions)
    text = fields["text"]
    kept = _unless_derived({k: v for k, v in extras.items() if k == "_input_hash"}, text, [], "")
    meta, losses = _with_extras(fields["meta"], kept)
    question = sorted(set(extras) - {"_input_hash"})
    if question:
        detail = (
            f"{', '.join(question)} of the binary question; "
            "a suggestion keeps its span, score and decision"
        )
        losses.append(Loss("Prodigy ner.teach task key(s)", 1, detail))
    return IncomingRecord(**{**fields, "meta": meta}, suggestions=suggestions, losses=tuple(losses))


def task_record(obj: dict[str, Any], where: str, number: int) -> IncomingRecord | ReadProblem:
    """Read one Prodigy task into an IncomingRecord, or say what is wrong with it."""
    text = obj.get("text")
    if not isinstance(text, str) or not text:
        return ReadProblem(where, number, "a Prodigy task needs a non-empty 'text' string")
    answer = obj.get("answer")
    if answer is not None and answer not in ANSWERS:
        return ReadProblem(where, number, f"answer {answer!r} must be accept, reject or ignore")
    found = _spans(obj, text)
    if isinstance(found, str):
        return ReadProblem(where, number, found)
    verdict = _verdict(obj)
    read = READ_KEYS | {"label"} if verdict else READ_KEYS
    if obj.get("accept") == []:  # a choice answered with nothing chosen: no label says so
        read = read - {"accept"}
    meta = obj.get("meta")
    meta = dict(meta) if isinstance(meta, dict) else {}
    extras = {k: v for k, v in obj.items() if k not in read}
    try:
        stamp = from_timestamp(obj.get("_timestamp"))
    except ValueError as exc:
        return ReadProblem(where, number, f"_timestamp: {exc}; fix it or drop the key")
    annotator, session = obj.get("_annotator_id"), obj.get("_session_id")
    fields: dict[str, Any] = {
        "text": text,
        "path": where,
        "line": number,
        "meta": meta,
        "annotator": annotator if isinstance(annotator, str) and annotator else None,
        "created_at": stamp,
        "updated_at": stamp,
        "tokens": _tokens(obj.get("tokens")),
        "session_id": session if isinstance(session, str) and session else None,
    }
    if obj.get("_view_id") in BINARY_VIEWS or any("answer" in s for _, s in found):
        return _binary_record(fields, found, answer, extras)
    spans = [span for span, _ in found]
    linked = _relations(obj, spans, text)
    if isinstance(linked, str):
        return ReadProblem(where, number, linked)
    doc_labels: dict[str, tuple[str, ...]] | str
    doc_labels = {verdict[0]: (verdict[1],)} if verdict else _choices(obj)
    if isinstance(doc_labels, str):
        return ReadProblem(where, number, doc_labels)
    relations, relation_losses = linked
    view = _view_of(bool(relations), "accept" in obj, verdict is not None)
    fields["meta"], losses = _with_extras(meta, _unless_derived(extras, text, spans, view))
    answered = "spans" in obj or answer is not None or bool(relations) or bool(doc_labels)
    return IncomingRecord(
        **fields,
        spans=tuple(spans) if answered else None,
        relations=tuple(relations),
        doc_labels=doc_labels,
        answer="accept" if verdict else answer,
        losses=(*losses, *relation_losses),
    )


def read_prodigy(path: Path) -> Iterator[IncomingRecord | ReadProblem]:
    """Read Prodigy JSONL tasks (a file, or the .jsonl files of a folder)."""
    return read_json_lines(path, task_record)


# Writing


def _span_task(span: Span) -> dict[str, Any]:
    """A span as Prodigy writes it, attributes under `attrs` when it has some."""
    task = {
        "start": span.start,
        "end": span.end,
        "token_start": span.token_start,
        "token_end": span.token_end,
        "label": span.label,
        "text": span.text,
    }
    if span.attrs:
        task["attrs"] = span.attrs
    return task


def _end(span: Span) -> dict[str, Any]:
    """A relation end in rel.manual's shape."""
    return {
        "start": span.start,
        "end": span.end,
        "token_start": span.token_start,
        "token_end": span.token_end,
        "label": span.label,
    }


def _relation_tasks(record: CanonicalRecord) -> list[dict[str, Any]]:
    """Relations in rel.manual's shape: head and child are the ends' last token indices."""
    by_id = {span.id: span for span in record.spans}
    tasks = []
    for relation in record.relations:
        head, child = by_id[relation.head], by_id[relation.child]
        task = {
            "head": head.token_end,
            "child": child.token_end,
            "head_span": _end(head),
            "child_span": _end(child),
            "label": relation.label,
        }
        if relation.attrs:
            task["attrs"] = relation.attrs
        tasks.append(task)
    return tasks


def _options(extras: dict[str, Any], schema: Any) -> list[dict[str, Any]]:
    """The choice options: the task's own when it came from Prodigy, else the schema's values."""
    given = extras.get("options")
    if isinstance(given, list):
        return given
    return [
        {"id": category, "text": category}
        for spec in schema.doc_labels
        for category in (to_category(spec.name, v, DEFAULT_CHOICE) for v in spec.values)
    ]


def _choice_fields(record: CanonicalRecord, extras: dict[str, Any], schema: Any) -> dict[str, Any]:
    """Document labels as a binary text classification answer or as accepted choice options."""
    labels = record.doc_labels
    if not labels:
        return {}
    verdicts = [(name, values[0]) for name, values in labels.items() if values in _VERDICT_VALUES]
    if len(labels) == 1 and verdicts and not record.spans and record.answer == "accept":
        name, verdict = verdicts[0]
        return {"label": name, "answer": verdict}
    options = _options(extras, schema)
    ids = {
        str(option.get("id")): option.get("id") for option in options if isinstance(option, dict)
    }
    accepted = [ids.get(c, c) for c in categories_of(labels, DEFAULT_CHOICE)]
    return {"options": options, "accept": accepted}


def prodigy_task(record: CanonicalRecord, report: Any) -> dict[str, Any]:
    """One Prodigy task for a record, with the task keys it was read with restored."""
    meta = record.meta
    extras = meta.get(EXTRAS)
    if extras is not None:
        meta = {k: v for k, v in meta.items() if k != EXTRAS}
    extras = extras if isinstance(extras, dict) else {}
    if any(span.fragments for span in record.spans):
        report.drop_part(
            "fragments",
            "Prodigy spans are continuous; the whole extent is written",
            sum(1 for span in record.spans if span.fragments),
        )
    task: dict[str, Any] = {
        "text": record.text,
        "meta": meta,
        "tokens": token_dicts(record.tokens),  # the models' own field dicts: no dump per token
        "spans": [_span_task(span) for span in record.spans],
    }
    if record.relations:
        task["relations"] = _relation_tasks(record)
    task.update(_choice_fields(record, extras, report.schema))
    task.setdefault("answer", record.answer)
    input_hash, task_hash = extras.get("_input_hash"), extras.get("_task_hash")
    task["_input_hash"] = input_hash if type(input_hash) is int else record.input_hash
    task["_task_hash"] = task_hash if type(task_hash) is int else record.task_hash
    task["_annotator_id"] = record.annotator
    task["_session_id"] = record.session_id or record.annotator
    task["_timestamp"] = record.timestamp or int(record.updated_at.timestamp())
    for key, value in extras.items():
        task.setdefault(key, value)
    if "accept" in task and "options" not in task:
        task["options"] = _options(extras, report.schema)
    task.setdefault("_view_id", _view_of(bool(record.relations), "accept" in task, "label" in task))
    return task


def write_prodigy(
    records: Iterable[CanonicalRecord], out_dir: Path, split: str, report: Any
) -> list[Path]:
    """Write `<split>.jsonl` of Prodigy tasks, loadable with `prodigy db-in`."""
    report.describe(
        offset_unit="unicode code points, end-exclusive; token indices inclusive",
        span_attrs="'attrs' on each span and relation (Prodigy keeps the key)",
        relations="rel.manual shape; head and child are the last token of each end",
        doc_labels=f"choice options ('{DEFAULT_CHOICE}' values as they are, others 'name:value')",
    )
    return write_json_lines(records, out_dir, split, lambda r: prodigy_task(r, report))


register(
    FormatSpec(
        name="prodigy",
        description="Prodigy tasks (db-out/db-in): spans, relations, binary and choice answers",
        reader=read_prodigy,
        writer=write_prodigy,
        suffixes=(".jsonl",),
    )
)
