"""brat standoff: a `.txt` and `.ann` pair per document, every brat annotation kind read and written.

Where each kind of `.ann` line lands in the model, and comes back from on export:

- `T` text-bound: a Span whose id is the brat id (`T1`, kept on export). Pieces that brat split
  only at line breaks join again into one span; other pieces stay as its `fragments`.
- `R` relation: a Relation from Arg1 (head) to Arg2 (child); role names other than Arg1/Arg2 go
  to the relation's attrs as `roles`.
- `*` equivalence: Relations of its type linking each member to the next. A relation type the
  schema declares undirected is written back as `*` groups.
- `E` event: an entry of its trigger span's attrs `events`, `{"id": "E1", "args": [[role, id]]}`,
  each id naming a span or another event (a trigger shared by several events holds them all).
- `A` / `M` attribute: an attr of the span, relation or event it names (an event's go under its
  `attrs`): true when binary, else the value's text (the import reads it as the schema's type).
- `N` normalization: `norm`, a list of `{"db", "id", "text"}` (and `"type"` when not Reference).
- `#` AnnotatorNotes: `notes`, a list of texts, on the span, relation or event.

The `.ann` file is read by `\\n` only, and no written line holds another line break.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import groupby, pairwise
from pathlib import Path
from typing import Any, TypeGuard

import orjson

from annotator.files import safe_child, safe_name
from annotator.formats.base import (
    FormatSpec,
    IncomingRecord,
    Loss,
    RawSpan,
    ReadProblem,
    register,
)
from annotator.formats.brat_conf import CONF_NAME, BratConf
from annotator.formats.lines import checked_span
from annotator.records.models import CanonicalRecord, Relation

NOTE_TYPE = "AnnotatorNotes"
NORM_TYPE = "Reference"
NOTES = "notes"
NORM = "norm"
EVENTS = "events"
ROLES = "roles"
DEFAULT_ROLES = ("Arg1", "Arg2")
RESERVED = frozenset({NOTES, NORM, EVENTS})  # span and relation attrs that are not brat attributes
# Characters that end a line for str.splitlines, and for brat reading its own .ann files.
LINE_BREAK = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_BREAK_RUN = re.compile(r"\s*[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]\s*")
_OFFSETS = re.compile(r"\d+ \d+(?:;\d+ \d+)*")
_NUMBERED = re.compile(r"([A-Za-z#*]+)(\d+)$")
# BioNLP Shared Task 2013 normalizations, which brat also reads: (pattern, groups in brat order)
_BIONLP_NORM = (
    (re.compile(r"(\S+) Annotation:(\S+) Referent:(\S+)"), (1, 2, 3)),
    (re.compile(r"(\S+) Referent:(\S+) Annotation:(\S+)"), (1, 3, 2)),
)


# ---- pieces of a span across lines ------------------------------------------------------------


def line_pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """[start, end) cut at each run of whitespace holding a line break, as brat writes a span
    across lines (its text field holds no line break)."""
    pieces: list[tuple[int, int]] = []
    at = start
    for found in _BREAK_RUN.finditer(text, start, end):
        if found.start() > at:
            pieces.append((at, found.start()))
        at = found.end()
    if at < end:
        pieces.append((at, end))
    return pieces or [(start, end)]


def joined_pieces(text: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """brat pieces with those apart only by line-breaking whitespace joined again."""
    joined = [pieces[0]]
    for start, end in pieces[1:]:
        gap = text[joined[-1][1] : start]
        if gap and _BREAK_RUN.fullmatch(gap):
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined


# ---- reading ------------------------------------------------------------------------------


@dataclass(slots=True)
class _Line:
    """One .ann line cut at its tabs: id, the annotation, and the text after a second tab."""

    number: int
    id: str
    data: str
    tail: str | None


@dataclass(slots=True)
class _Owner:
    """Where attributes, notes and normalizations naming one brat id are kept."""

    attrs: dict[str, Any]  # named attributes
    extras: dict[str, Any]  # notes and norm
    reserved: frozenset[str]  # names in `attrs` that are not brat attributes


@dataclass
class _AnnReader:
    """Reads one .ann file against its text into spans and relations, with problems and losses."""

    text: str
    where: str
    problems: list[ReadProblem] = field(default_factory=list)
    losses: Counter[str] = field(default_factory=Counter)
    loss_details: dict[str, str] = field(default_factory=dict)
    spans: dict[str, dict[str, Any]] = field(default_factory=dict)  # T id -> span fields
    alias: dict[str, str] = field(default_factory=dict)  # repeated T id -> the first one
    by_key: dict[tuple[int, int, str], str] = field(default_factory=dict)  # span -> its T id
    events: dict[str, dict[str, Any]] = field(default_factory=dict)  # E id -> event entry
    relations: list[dict[str, Any]] = field(default_factory=list)
    relation_ids: dict[str, dict[str, Any]] = field(default_factory=dict)  # R id -> relation
    lost_ids: set[str] = field(default_factory=set)  # R ids whose relation was not kept
    equivalence_types: dict[str, None] = field(default_factory=dict)  # types of * lines

    def problem(self, line: _Line, message: str) -> None:
        """Refuse the document for a line that cannot be read, saying how to fix it."""
        self.problems.append(ReadProblem(self.where, line.number, f"{line.id}: {message}"))

    def lose(self, kind: str, detail: str, count: int = 1) -> None:
        """Count a part of the file that cannot be kept, by kind."""
        self.losses[kind] += count
        self.loss_details.setdefault(kind, detail)

    def read(self, ann: str) -> None:
        """Parse every line, text-bound ones first so that others may name them in any order."""
        lines = list(self._lines(ann))
        first = [x for x in lines if x.id[0] == "T"]
        events = [x for x in lines if x.id[0] == "E"]
        relations = [x for x in lines if x.id[0] in "R*"]
        others = [x for x in lines if x.id[0] not in "TER*"]
        for line in first:
            self._textbound(line)
        for line in events:
            self._event_line(line)
        for line in events:
            self._event_args(line)
        for line in relations:
            (self._relation if line.id[0] == "R" else self._equivalence)(line)
        readers = {"A": self._attribute, "M": self._attribute, "N": self._norm, "#": self._note}
        for line in others:
            reader = readers.get(line.id[0])
            if reader is None:
                self.problem(
                    line, "unknown annotation kind; brat lines start with T, R, E, A, M, N, * or #"
                )
            else:
                reader(line)

    def _lines(self, ann: str) -> Iterator[_Line]:
        """Non-blank lines of the file, split at '\\n' only (a CR before it is dropped)."""
        for number, raw in enumerate(ann.removeprefix("\ufeff").split("\n"), start=1):
            line = raw.removesuffix("\r")
            if not line.strip():
                continue
            key, tab, rest = line.partition("\t")
            if not tab or not key:
                self.problems.append(
                    ReadProblem(
                        self.where,
                        number,
                        "expected an id, a tab, then the annotation (brat standoff: "
                        "'T1<TAB>LABEL start end<TAB>text')",
                    )
                )
                continue
            data, tab, tail = rest.partition("\t")
            yield _Line(number, key, data, tail if tab else None)

    # -- text-bound

    def _textbound(self, line: _Line) -> None:
        """A T line: label, pieces, and the text they cover."""
        label, _, offsets = line.data.partition(" ")
        offsets = offsets.strip()
        if not label or not _OFFSETS.fullmatch(offsets):
            self.problem(line, "expected 'T1<TAB>LABEL start end<TAB>text'")
            return
        pieces = sorted(tuple(int(x) for x in part.split()) for part in offsets.split(";"))
        for start, end in pieces:
            checked = checked_span(self.text, start, end, label)
            if isinstance(checked, str):
                self.problem(line, checked)
                return
        if any(a[1] > b[0] for a, b in pairwise(pieces)):
            self.problem(line, f"its pieces {offsets} overlap; give each character once")
            return
        shown = " ".join(self.text[a:b] for a, b in pieces)
        if line.tail is not None and line.tail != shown:
            self.problem(line, f"text {line.tail!r} differs from the .txt at {offsets}")
            return
        joined = joined_pieces(self.text, pieces)  # type: ignore[arg-type]
        start, end = joined[0][0], joined[-1][1]
        first = self.by_key.get((start, end, label))
        if first is not None:
            self.alias[line.id] = first
            self.lose(
                "repeated brat text span",
                "same offsets and type as an earlier T line: kept once, and what named it "
                "names the first",
            )
            return
        if line.id in self.spans:
            self.problem(line, "this id is used twice; give each annotation its own id")
            return
        self.by_key[(start, end, label)] = line.id
        self.spans[line.id] = {
            "start": start,
            "end": end,
            "label": label,
            "fragments": tuple(joined) if len(joined) > 1 else (),
            "attrs": {},
        }

    def _span_id(self, brat_id: str) -> str | None:
        """The kept span a T id names (following a repeated span to its first), or None."""
        brat_id = self.alias.get(brat_id, brat_id)
        return brat_id if brat_id in self.spans else None

    # -- events

    def _event_line(self, line: _Line) -> None:
        """An E line's type and trigger, registered so that other events may name it."""
        parts = line.data.split()
        kind, _, trigger = parts[0].rpartition(":") if parts else ("", "", "")
        if not kind or not trigger:
            self.problem(line, "expected 'E1<TAB>TYPE:TRIGGER ROLE:ID ...'")
            return
        if line.id in self.events:
            self.problem(line, "this id is used twice; give each annotation its own id")
            return
        trigger_id = self._span_id(trigger)
        if trigger_id is None:
            self.problem(line, f"its trigger {trigger} is not a T line of this file")
            return
        label = self.spans[trigger_id]["label"]
        if label != kind:
            self.problem(line, f"a {kind} event needs a {kind} trigger, but {trigger} is a {label}")
            return
        self.events[line.id] = {"trigger": trigger_id, "entry": {"id": line.id, "args": []}}

    def _event_args(self, line: _Line) -> None:
        """An E line's arguments, each naming a span or an event, onto its trigger span."""
        event = self.events.get(line.id)
        if event is None:
            return
        args = event["entry"]["args"]
        for part in line.data.split()[1:]:
            role, _, target = part.rpartition(":")
            if not role or not target:
                self.problem(line, f"argument {part!r} should be ROLE:ID")
                return
            found = self._span_id(target) or (target if target in self.events else None)
            if found is None:
                self.problem(line, f"argument {part} names {target}, which no T or E line defines")
                return
            args.append([role, found])
        self.spans[event["trigger"]]["attrs"].setdefault(EVENTS, []).append(event["entry"])

    # -- relations and equivalences

    def _relation(self, line: _Line) -> None:
        """An R line: a relation from Arg1 to Arg2."""
        parts = line.data.split()
        args = [part.rpartition(":") for part in parts[1:]]
        if len(parts) != 3 or any(not role or not target for role, _, target in args):
            self.problem(line, "expected 'R1<TAB>TYPE Arg1:ID Arg2:ID'")
            return
        if line.id in self.relation_ids or line.id in self.lost_ids:
            self.problem(line, "this id is used twice; give each annotation its own id")
            return
        (role1, _, first), (role2, _, second) = args
        head, child = self._span_id(first), self._span_id(second)
        for target, found in ((first, head), (second, child)):
            if found is None and target not in self.events:
                self.problem(line, f"it names {target}, which no T or E line defines")
                return
        if head is None or child is None:
            self.lost_ids.add(line.id)
            self.lose(
                "brat relation with an event argument",
                "relations link spans here; an event is not a span",
            )
            return
        attrs: dict[str, Any] = {}
        if (role1, role2) != DEFAULT_ROLES:
            attrs[ROLES] = [role1, role2]
        relation = {"head": head, "child": child, "label": parts[0], "attrs": attrs}
        self.relations.append(relation)
        self.relation_ids[line.id] = relation

    def _equivalence(self, line: _Line) -> None:
        """A * line: its members linked in a chain by relations of its type."""
        parts = line.data.split()
        if len(parts) < 2:
            self.problem(line, "expected '*<TAB>TYPE ID ID ...'")
            return
        members = []
        for target in parts[1:]:
            found = self._span_id(target)
            if found is None:
                self.problem(line, f"member {target} is not a T line of this file")
                return
            if found not in members:
                members.append(found)
        if len(members) < 2:
            self.lose("brat equivalence of one span", "an equivalence needs two spans")
        self.equivalence_types.setdefault(parts[0])
        for head, child in pairwise(members):
            self.relations.append({"head": head, "child": child, "label": parts[0], "attrs": {}})

    # -- attributes, normalizations and notes

    def _owner(self, line: _Line, target: str) -> _Owner | None:
        """Where what this line says of `target` is kept; None (reported) when it cannot be."""
        span_id = self._span_id(target)
        if span_id is not None:
            attrs = self.spans[span_id]["attrs"]
            return _Owner(attrs, attrs, RESERVED)
        if target in self.relation_ids:
            attrs = self.relation_ids[target]["attrs"]
            return _Owner(attrs, attrs, RESERVED | {ROLES})
        if target in self.events:
            entry = self.events[target]["entry"]
            return _Owner(entry.setdefault("attrs", {}), entry, frozenset())
        if target in self.lost_ids:
            self.lose(f"brat {line.id[0]} line on a relation not kept", "its relation was not kept")
            return None
        self.problem(line, f"it names {target}, which no T, R or E line defines")
        return None

    def _attribute(self, line: _Line) -> None:
        """An A (or old M) line: a binary flag, or a value, of a span, relation or event."""
        parts = line.data.rstrip().split(" ", 2)
        if len(parts) < 2 or not parts[0] or not parts[1] or (line.id[0] == "M" and len(parts) > 2):
            self.problem(line, "expected 'A1<TAB>NAME ID' or 'A1<TAB>NAME ID VALUE'")
            return
        name, target = parts[0], parts[1]
        value: bool | str = parts[2] if len(parts) == 3 else True
        owner = self._owner(line, target)
        if owner is None:
            return
        if name in owner.reserved:
            self.lose(
                "brat attribute with a reserved name",
                f"{', '.join(sorted(RESERVED | {ROLES}))} hold notes, normalizations, events "
                "and relation roles",
            )
            return
        if name in owner.attrs:
            self.lose("repeated brat attribute", "a second value of one attribute: the last kept")
        owner.attrs[name] = value

    def _norm(self, line: _Line) -> None:
        """An N line: a reference to an entry of an external resource."""
        data = line.data.strip()
        for pattern, order in _BIONLP_NORM:
            found = pattern.fullmatch(data)
            if found:
                data = " ".join(found.group(i) for i in order)
        parts = data.split()
        db, _, entry = parts[2].partition(":") if len(parts) == 3 else ("", "", "")
        if not db or not entry:
            self.problem(line, "expected 'N1<TAB>Reference ID DB:ENTRY<TAB>text'")
            return
        owner = self._owner(line, parts[1])
        if owner is None:
            return
        norm: dict[str, str] = {"db": db, "id": entry, "text": line.tail or ""}
        if parts[0] != NORM_TYPE:
            norm["type"] = parts[0]
        owner.extras.setdefault(NORM, []).append(norm)

    def _note(self, line: _Line) -> None:
        """A # line: an AnnotatorNotes text on a span, relation or event."""
        parts = line.data.split()
        if len(parts) != 2:
            self.problem(line, "expected '#1<TAB>AnnotatorNotes ID<TAB>text'")
            return
        if parts[0] != NOTE_TYPE:
            self.lose(f"brat {parts[0]} comment", f"only {NOTE_TYPE} notes are kept")
            return
        owner = self._owner(line, parts[1])
        if owner is not None:
            owner.extras.setdefault(NOTES, []).append(line.tail or "")

    # -- the result

    def result(self) -> tuple[tuple[RawSpan, ...], tuple[Relation, ...], tuple[Loss, ...]]:
        """The spans, the relations (each link once) and what could not be kept."""
        for event in self.events.values():
            if event["entry"].get("attrs") == {}:
                del event["entry"]["attrs"]
        spans = tuple(
            RawSpan(s["start"], s["end"], s["label"], s["attrs"], key, s["fragments"])
            for key, s in self.spans.items()
        )
        relations: list[Relation] = []
        seen: set[tuple[str, str, str]] = set()
        for found in self.relations:
            key = (found["head"], found["child"], found["label"])
            if found["head"] == found["child"]:
                self.lose("brat relation of a span to itself", "a relation links two spans")
            elif key in seen:
                self.lose("repeated brat relation", "the same type between the same spans twice")
            else:
                seen.add(key)
                relations.append(Relation(**found))
        losses = tuple(
            Loss(kind, count, self.loss_details[kind]) for kind, count in self.losses.items()
        )
        return spans, tuple(relations), losses


def parse_ann(
    text: str, ann: str, where: str, meta: dict[str, Any] | None = None
) -> tuple[IncomingRecord | None, list[ReadProblem]]:
    """Read one .ann file against its text: the record (None if refused) and the problems."""
    reader = _AnnReader(text, where)
    reader.read(ann)
    if reader.problems:
        return None, reader.problems
    spans, relations, losses = reader.result()
    record = IncomingRecord(
        text=text,
        path=where,
        meta=meta or {},
        spans=spans,
        relations=relations,
        losses=losses,
        undirected=tuple(reader.equivalence_types),
    )
    return record, []


def _pairs(path: Path) -> list[tuple[Path, Path]]:
    """(.txt, .ann) pairs named by a folder, a .txt or an .ann file."""
    if path.is_dir():
        texts = sorted(p for p in path.rglob("*.txt") if p.is_file())
    else:
        texts = [path.with_suffix(".txt")]
    return [(t, t.with_suffix(".ann")) for t in texts]


def _read_exactly(path: Path) -> str:
    """A UTF-8 file's text with every line break as written."""
    with path.open(encoding="utf-8", newline="") as handle:
        return handle.read()


def read_brat(path: Path) -> Iterator[IncomingRecord | ReadProblem]:
    """Read brat .txt/.ann pairs; a .txt without .ann is a document without annotation."""
    for txt, ann in _pairs(path):
        try:
            text = _read_exactly(txt)
        except (OSError, UnicodeDecodeError) as exc:
            yield ReadProblem(str(txt), None, f"cannot read the text file: {exc}")
            continue
        meta = {"name": txt.stem}
        if not ann.exists():
            yield IncomingRecord(text=text, path=str(txt), meta=meta)
            continue
        try:
            data = ann.read_bytes()
        except OSError as exc:
            yield ReadProblem(str(ann), None, f"cannot read the .ann file: {exc.strerror or exc}")
            continue
        try:
            content = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            yield ReadProblem(str(ann), line, f"invalid UTF-8 ({exc.reason}); re-save as UTF-8")
            continue
        record, problems = parse_ann(text, content, str(ann), meta)
        yield from problems
        if record is not None:
            yield record


# ---- writing ------------------------------------------------------------------------------


def _number(brat_id: str, prefix: str) -> int | None:
    """The number of an id like T12 with this prefix, else None."""
    found = _NUMBERED.fullmatch(brat_id)
    return int(found.group(2)) if found and found.group(1) == prefix else None


class _Ids:
    """Ids of one .ann file: given ones kept where they fit, the rest numbered after them."""

    def __init__(self, prefix: str, wanted: Iterable[str]) -> None:
        """Reserve the wanted ids that are well formed and unique."""
        self.prefix = prefix
        self.kept: set[str] = set()
        for brat_id in wanted:
            if _number(brat_id, prefix) is not None:
                self.kept.add(brat_id)
        self.next = max((_number(i, prefix) or 0 for i in self.kept), default=0) + 1
        self.given: set[str] = set()

    def take(self, wanted: str = "") -> str:
        """`wanted` when reserved and not yet given, else the next free id."""
        if wanted in self.kept and wanted not in self.given:
            self.given.add(wanted)
            return wanted
        brat_id = f"{self.prefix}{self.next}"
        self.next += 1
        return brat_id


def _brat_word(value: Any) -> TypeGuard[str]:
    """Whether a value can stand as one whitespace-free word of a brat line."""
    return isinstance(value, str) and bool(value) and not re.search(r"\s", value)


def _clean_line_text(value: str) -> bool:
    """Whether a text can sit on one .ann line as written."""
    return not any(c in LINE_BREAK for c in value)


def _value_text(value: Any) -> str | None:
    """An attribute value as brat's value text, or None when brat cannot hold it."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return orjson.dumps(value).decode()
    if isinstance(value, str) and value and value == value.rstrip() and _clean_line_text(value):
        return value if "\t" not in value else None
    return None


@dataclass
class _AnnWriter:
    """Builds the .ann lines of one record, reporting what brat cannot hold."""

    record: CanonicalRecord
    report: Any
    conf: BratConf
    lines: list[str] = field(default_factory=list)
    tails: list[str] = field(default_factory=list)  # A, N and # lines, after the others
    counters: dict[str, int] = field(default_factory=lambda: Counter())
    triggers: set[str] = field(default_factory=set)  # ids of spans that trigger events

    def next_id(self, prefix: str) -> str:
        """The next id of a kind that is never kept from the source (A, N, #, R)."""
        self.counters[prefix] += 1
        return f"{prefix}{self.counters[prefix]}"

    def drop(self, kind: str, reason: str) -> None:
        """Name a part brat cannot hold in the manifest."""
        self.report.drop_part(kind, reason)

    def text(self) -> str:
        """Every line of the record's .ann file."""
        record = self.record
        spans = record.spans
        t_ids = _Ids("T", (s.id for s in spans))
        written = [t_ids.take(span.id) for span in spans]
        brat_of = {span.id: t for span, t in zip(spans, written, strict=True) if span.id}
        labels = {span.id: span.label for span in spans}
        events = [(span, entry) for span in spans for entry in _events_of(span.attrs)]
        self.triggers = {span.id for span, _ in events}
        e_ids = _Ids("E", (str(entry.get("id", "")) for _, entry in events))
        event_ids = [e_ids.take(str(entry.get("id", ""))) for _, entry in events]
        event_of: dict[str, str] = {}
        for (_, entry), event_id in zip(events, event_ids, strict=True):
            event_of.setdefault(str(entry.get("id", "")), event_id)
        for span, brat_id in zip(spans, written, strict=True):
            self._textbound(span, brat_id)
        for (span, entry), event_id in zip(events, event_ids, strict=True):
            self._event(span, entry, event_id, brat_of, event_of, labels)
        self._relations(brat_of, labels)
        if record.doc_labels:
            self.report.drop_part(
                "document labels",
                "brat has no document-level annotation",
                sum(len(v) for v in record.doc_labels.values()),
            )
        return "".join(line + "\n" for line in [*self.lines, *self.tails])

    def _textbound(self, span: Any, brat_id: str) -> None:
        """A span's T line and the lines of its attributes, notes and normalizations."""
        label = span.label
        if re.search(r"\s", label):
            label = re.sub(r"\s", "_", label)
            self.report.convert(
                self.record, span, f"label written as {label!r} (brat labels hold no spaces)"
            )
        text = self.record.text
        pieces = [
            piece
            for start, end in (span.fragments or ((span.start, span.end),))
            for piece in line_pieces(text, start, end)
        ]
        offsets = ";".join(f"{a} {b}" for a, b in pieces)
        shown = " ".join(text[a:b] for a, b in pieces)
        self.lines.append(f"{brat_id}\t{label} {offsets}\t{shown}")
        self.conf.entity(label)
        if span.attrs.get(EVENTS) and not _events_of(span.attrs):
            self.drop("events", "an event is an object with an id and [role, id] arguments")
        if span.id in self.triggers:
            others = [name for name in span.attrs if name != EVENTS]
            self.report.drop_part(
                "event trigger attributes",
                "brat refuses attributes, notes and normalizations on an event's trigger; "
                "they belong to the event",
                len(others),
            )
            return
        self._about(brat_id, label, span.attrs, skip=RESERVED)
        self._extras(brat_id, span.attrs)

    def _about(self, brat_id: str, owner: str, attrs: dict[str, Any], skip: frozenset) -> None:
        """A lines for the named attributes of a span, relation or event."""
        for name, value in attrs.items():
            if name in skip:
                continue
            if not name or re.search(r"\s", name):
                self.drop("attributes", "brat attribute names hold no whitespace")
                continue
            if value is True:
                self.tails.append(f"{self.next_id('A')}\t{name} {brat_id}")
                self.conf.attribute(name, owner, None)
                continue
            if value is False:
                self.drop("false attributes", "brat attributes are binary: false is left out")
                continue
            shown = _value_text(value)
            if shown is None:
                self.drop(
                    "attributes",
                    "brat attribute values are one line of text, a number or true/false",
                )
                continue
            self.tails.append(f"{self.next_id('A')}\t{name} {brat_id} {shown}")
            self.conf.attribute(name, owner, shown)

    def _extras(self, brat_id: str, holder: dict[str, Any]) -> None:
        """# lines for notes and N lines for normalizations held by a span, relation or event."""
        notes = holder.get(NOTES)
        for note in notes if isinstance(notes, list) else ([notes] if notes else []):
            if isinstance(note, str) and _clean_line_text(note):
                self.tails.append(f"{self.next_id('#')}\t{NOTE_TYPE} {brat_id}\t{note}")
            else:
                self.drop("notes", "a brat note is one line of text")
        norms = holder.get(NORM)
        for norm in norms if isinstance(norms, list) else ([norms] if norms else []):
            line = _norm_line(norm, brat_id)
            if line is None:
                self.drop(
                    "normalizations",
                    "a brat normalization is {db, id, text} with no spaces in db and id",
                )
            else:
                self.tails.append(f"{self.next_id('N')}\t{line}")

    def _event(
        self,
        trigger: Any,
        entry: dict[str, Any],
        event_id: str,
        brat_of: dict[str, str],
        event_of: dict[str, str],
        labels: dict[str, str],
    ) -> None:
        """An E line from an event entry of its trigger span, with its attributes and notes."""
        args = entry.get("args", [])
        written: list[str] = []
        roles: list[tuple[str, str]] = []
        for arg in args if isinstance(args, list) else [None]:
            role, target = "", ""
            if isinstance(arg, list | tuple) and len(arg) == 2:
                role, target = str(arg[0]), str(arg[1])
            target_id = brat_of.get(target) or event_of.get(target)
            if not role or re.search(r"[\s:]", role) or target_id is None:
                self.drop("events", "an event argument names no span or event of the record")
                return
            written.append(f"{role}:{target_id}")
            roles.append((role, labels.get(target, "<EVENT>")))
        label = re.sub(r"\s", "_", trigger.label)
        self.lines.append(f"{event_id}\t{label}:{brat_of[trigger.id]} {' '.join(written)}".rstrip())
        self.conf.event(label, roles)
        attrs = entry.get("attrs")
        self._about(event_id, label, attrs if isinstance(attrs, dict) else {}, frozenset())
        self._extras(event_id, entry)

    def _relations(self, brat_of: dict[str, str], labels: dict[str, str]) -> None:
        """R lines for directed relations, * groups for the schema's undirected types."""
        specs = self.report.schema.relation_by_name
        groups: dict[str, list[list[str]]] = {}
        for relation in self.record.relations:
            head, child = brat_of.get(relation.head), brat_of.get(relation.child)
            if head is None or child is None:
                self.drop("relations", "a relation names a span that is not in the record")
                continue
            label = re.sub(r"\s", "_", relation.label)
            spec = specs.get(relation.label)
            pair = (labels[relation.head], labels[relation.child])
            if spec is not None and not spec.directed:
                if relation.head in self.triggers or relation.child in self.triggers:
                    self.drop("relations", "a brat equivalence (*) links no event trigger")
                    continue
                _join(groups.setdefault(label, []), head, child)
                self.conf.relation(label, DEFAULT_ROLES, pair, symmetric=True)
                if relation.attrs:
                    self.drop("relation attributes", "a brat equivalence (*) has no attributes")
                continue
            roles = _roles(relation.attrs.get(ROLES))
            relation_id = self.next_id("R")
            self.lines.append(f"{relation_id}\t{label} {roles[0]}:{head} {roles[1]}:{child}")
            self.conf.relation(label, roles, pair, symmetric=False)
            self._about(relation_id, label, relation.attrs, skip=RESERVED | {ROLES})
            self._extras(relation_id, relation.attrs)
        for label, members in groups.items():
            for group in members:
                self.lines.append(f"*\t{label} {' '.join(group)}")


def _events_of(attrs: dict[str, Any]) -> list[dict[str, Any]]:
    """The event entries a span's attrs hold (objects only)."""
    found = attrs.get(EVENTS)
    return [e for e in found if isinstance(e, dict)] if isinstance(found, list) else []


def _roles(given: Any) -> tuple[str, str]:
    """A relation's two role names from its `roles` attr, else Arg1 and Arg2."""
    if (
        isinstance(given, list)
        and len(given) == 2
        and all(isinstance(r, str) and r and not re.search(r"[\s:]", r) for r in given)
        and given[0] != given[1]
    ):
        return given[0], given[1]
    return DEFAULT_ROLES


def _join(groups: list[list[str]], head: str, child: str) -> None:
    """Add a link to equivalence groups, merging the groups it joins (members in first-seen order)."""
    touched = [g for g in groups if head in g or child in g]
    merged: list[str] = []
    for group in touched:
        merged.extend(m for m in group if m not in merged)
        groups.remove(group)
    merged.extend(m for m in (head, child) if m not in merged)
    groups.append(merged)


def _norm_line(norm: Any, brat_id: str) -> str | None:
    """An N line's content (after its id) from a `norm` entry, or None when brat cannot hold it."""
    if not isinstance(norm, dict):
        return None
    kind, db, entry, text = (norm.get(k) for k in ("type", "db", "id", "text"))
    kind = NORM_TYPE if kind is None else kind
    text = "" if text is None else text
    if not (_brat_word(kind) and _brat_word(db) and _brat_word(entry)):
        return None
    if ":" in db or not isinstance(text, str) or not _clean_line_text(text):
        return None
    return f"{kind} {brat_id} {db}:{entry}\t{text}"


def ann_text(record: CanonicalRecord, report: Any, conf: BratConf | None = None) -> str:
    """The .ann content of a record, reporting what brat cannot hold."""
    return _AnnWriter(record, report, conf or BratConf()).text()


def _base_name(record: CanonicalRecord) -> str:
    """File name stem: a sanitised meta name when the document has one, else its doc_id."""
    name = record.meta.get("name")
    return safe_name(name) if isinstance(name, str) and name.strip() else record.doc_id


def write_brat(
    records: Iterable[CanonicalRecord], out_dir: Path, split: str, report: Any
) -> list[Path]:
    """Write `<split>/<name>.txt` and `.ann` per document and annotator, plus annotation.conf."""
    report.describe(offset_unit="unicode code points, end-exclusive (brat standoff)")
    conf = BratConf.of_schema(report.schema)
    files: list[Path] = []
    used: set[str] = set()
    for _, group in groupby(records, key=lambda r: r.doc_id):
        batch = list(group)
        for record in batch:
            stem = _base_name(record)
            if len(batch) > 1:
                stem = f"{stem}.{safe_name(record.annotator, 40)}"
            if stem in used:
                stem = f"{stem}.{record.doc_id[:8]}"
            used.add(stem)
            for suffix, content in (
                (".txt", record.text),
                (".ann", ann_text(record, report, conf)),
            ):
                rel = Path(split) / f"{stem}{suffix}"
                target = safe_child(out_dir, rel)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(content, encoding="utf-8", newline="")
                files.append(rel)
    conf_path = Path(split) / CONF_NAME
    (out_dir / split).mkdir(parents=True, exist_ok=True)
    (out_dir / conf_path).write_text(conf.text(), encoding="utf-8")
    return [*files, conf_path]


register(
    FormatSpec(
        name="brat",
        description="brat standoff .txt/.ann pairs with relations, events, attributes, notes: "
        "read and write",
        reader=read_brat,
        writer=write_brat,
        suffixes=(".ann", ".txt"),
    )
)
