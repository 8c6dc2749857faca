"""spaCy DocBin: read docs' entities, span groups and categories; write every span, relation,
attribute and document label so a spaCy user reads them back.

Written: every span in `doc.spans["sc"]` with its id as `span.id_`, the non-overlapping ones
(shorter first) also in `doc.ents`, a span whose `spans_key` attribute names another group also in
that group; `doc.user_data` holds relations (by span id), span attributes, fragments, document
labels and meta; `doc.cats` holds each chosen document label as `name=value` 1.0 (the schema's
other values of that label 0.0). Read: those docs back exactly; any other DocBin's `doc.ents`, each
`doc.spans[key]` (the key kept in the span's `spans_key` attribute) and `doc.cats` (1.0 is a chosen
document label, other scores go to meta).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import orjson
from pydantic import BaseModel, ConfigDict, Field, JsonValue, ValidationError

from annotator.compat import msgpack_encoders_looked_up_once
from annotator.formats.base import (
    FormatError,
    FormatSpec,
    IncomingRecord,
    Loss,
    RawSpan,
    ReadProblem,
    register,
)
from annotator.formats.lines import input_files
from annotator.records.models import CanonicalRecord, Relation, Span
from annotator.records.tokenization import blank_pipeline
from annotator.schema.model import LabelSchema

SPANS_KEY = "sc"
GROUP_ATTR = "spans_key"  # span attribute naming the doc.spans group a span was read from
CATS_LABEL = "cats"  # the document label that holds categories named without "name="
TOKENIZER = "spacy Doc (tokens as given)"
TOKEN_LAYERS = ("TAG", "POS", "MORPH", "LEMMA", "DEP", "SENT_START")  # not kept when read
# doc.user_data keys this writer fills; "spans_key" marks a Doc as written by it.
OWN_KEYS = (
    "doc_id",
    "annotator",
    "spans_key",
    "relations",
    "span_attrs",
    "fragments",
    "doc_labels",
    "meta",
)


def words_and_spaces(record: CanonicalRecord) -> tuple[list[str], list[bool]]:
    """spaCy words and trailing-space flags that rebuild the text exactly from the tokens."""
    words: list[str] = []
    spaces: list[bool] = []
    text = record.text
    position = 0
    for tok in [*record.tokens, None]:
        stop = tok.start if tok is not None else len(text)
        gap = text[position:stop]
        if gap.startswith(" ") and words and not spaces[-1]:
            spaces[-1] = True
            gap = gap[1:]
        if gap:
            words.append(gap)
            spaces.append(False)
        if tok is not None:
            words.append(tok.text)
            spaces.append(False)
            position = tok.end
    return words, spaces


def entity_spans(spans: tuple[Span, ...]) -> tuple[list[Span], list[Span]]:
    """Split spans into non-overlapping entities (shorter first) and those left out of ents."""
    kept: list[Span] = []
    left: list[Span] = []
    taken: set[int] = set()
    for span in sorted(spans, key=lambda s: (s.token_end - s.token_start, s.start, s.label)):
        covered = range(span.token_start, span.token_end + 1)
        if any(i in taken for i in covered):
            left.append(span)
        else:
            taken.update(covered)
            kept.append(span)
    return sorted(kept, key=lambda s: s.start), left


def record_doc(record: CanonicalRecord, vocab: Any, report: Any) -> Any:
    """Build the spaCy Doc of a record; FormatError names a span that does not align."""
    from spacy.tokens import Doc

    words, spaces = words_and_spaces(record)
    doc = Doc(vocab, words=words, spaces=spaces)
    if doc.text != record.text:
        raise FormatError(f"doc {record.doc_id}: tokens do not rebuild the text; re-tokenize it")

    def char_span(span: Span) -> Any:
        made = doc.char_span(
            span.start, span.end, label=span.label, alignment_mode="strict", span_id=span.id
        )
        if made is None:
            raise FormatError(
                f"doc {record.doc_id} ({record.annotator}): span [{span.start}, {span.end}) "
                f"{span.label} {span.text!r} does not align to spaCy tokens; move its edges "
                "to token boundaries"
            )
        return made

    doc.spans[SPANS_KEY] = [char_span(s) for s in record.spans]
    ents, left = entity_spans(record.spans)
    doc.ents = [char_span(s) for s in ents]
    for span in left:
        report.convert(record, span, 'kept in spans["sc"], left out of doc.ents (overlap)')
    groups: dict[str, list[Any]] = {}
    for span in record.spans:
        group = span.attrs.get(GROUP_ATTR)
        if isinstance(group, str) and group and group != SPANS_KEY:
            groups.setdefault(group, []).append(char_span(span))
        if span.fragments:
            report.convert(
                record, span, "discontinuous: written as its extent, fragments in user_data"
            )
    for group, members in groups.items():
        doc.spans[group] = members
    return doc


def carry_annotation(doc: Any, record: CanonicalRecord, schema: LabelSchema) -> Any:
    """Put what spans and groups cannot say into the Doc: document labels as cats, and relations,
    span attributes, fragments, document labels and meta in user_data (spans named by id)."""
    doc.cats = doc_label_cats(record.doc_labels, schema)
    data = doc.user_data
    data["doc_id"] = record.doc_id
    data["annotator"] = record.annotator
    data["spans_key"] = SPANS_KEY
    data["relations"] = [r.model_dump(mode="json") for r in record.relations]
    data["span_attrs"] = {s.id: dict(s.attrs) for s in record.spans if s.attrs}
    data["fragments"] = {s.id: [list(f) for f in s.fragments] for s in record.spans if s.fragments}
    data["doc_labels"] = {name: list(values) for name, values in record.doc_labels.items()}
    data["meta"] = dict(record.meta)
    return doc


def doc_label_cats(doc_labels: dict[str, tuple[str, ...]], schema: LabelSchema) -> dict[str, float]:
    """`doc.cats` for the document labels the schema closes: each value as `name=value`, 1.0 when
    chosen, 0.0 when not (labels with no choice on this document are left out)."""
    cats: dict[str, float] = {}
    for spec in schema.doc_labels:
        chosen = doc_labels.get(spec.name)
        if chosen:
            cats.update((f"{spec.name}={value}", float(value in chosen)) for value in spec.values)
    return cats


def write_spacy(
    records: Iterable[CanonicalRecord], out_dir: Path, split: str, report: Any
) -> list[Path]:
    """Write `<split>.spacy`, a DocBin that `spacy train` and `spacy debug data` read."""
    from spacy.tokens import DocBin

    report.describe(
        offset_unit="unicode code points in the Doc text; spaCy tokens",
        tag_scheme='doc.spans["sc"] (all spans) and doc.ents (non-overlapping, shorter first)',
        spans_key=SPANS_KEY,
        user_data=list(OWN_KEYS[1:]),
        cats="chosen document labels as name=value: 1.0 (the label's other values 0.0)",
    )
    vocab = None
    docs = DocBin(store_user_data=True)
    with msgpack_encoders_looked_up_once():
        for record in records:
            if vocab is None:
                vocab = blank_pipeline(report.schema.language).vocab
            docs.add(carry_annotation(record_doc(record, vocab, report), record, report.schema))
        path = Path(f"{split}.spacy")
        docs.to_disk(out_dir / path)
    return [path]


def read_spacy(path: Path) -> Iterator[IncomingRecord | ReadProblem]:
    """Read spaCy DocBin files (a file, or the .spacy files of a folder), one record per Doc;
    a record's line is the Doc's number in its file."""
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    for file in input_files(path, (".spacy",)):
        where = str(file)
        try:
            docs = list(DocBin(store_user_data=True).from_disk(file).get_docs(Vocab()))
        except Exception as exc:  # spaCy raises many kinds on a file that is not a DocBin
            yield ReadProblem(where, None, f"not a spaCy DocBin ({type(exc).__name__}: {exc})")
            continue
        for number, doc in enumerate(docs, start=1):
            yield doc_record(doc, where, number)


class _Written(BaseModel):
    """What `carry_annotation` puts in doc.user_data, as read back (other keys are ignored)."""

    model_config = ConfigDict(extra="ignore")
    annotator: str | None = None
    relations: list[Relation] = Field(default_factory=list)
    span_attrs: dict[str, dict[str, JsonValue]] = Field(default_factory=dict)
    fragments: dict[str, list[tuple[int, int]]] = Field(default_factory=dict)
    doc_labels: dict[str, list[str]] = Field(default_factory=dict)
    meta: dict[str, JsonValue] = Field(default_factory=dict)


def _written(data: dict[Any, Any]) -> _Written | str:
    """The user_data this writer left on a Doc, or why it cannot be read."""
    try:  # msgpack gives lists back as tuples: one JSON pass makes them lists again
        plain = orjson.loads(orjson.dumps({key: data[key] for key in OWN_KEYS if key in data}))
        return _Written.model_validate(plain)
    except TypeError as exc:
        return f"holds a value JSON cannot hold ({exc})"
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        where = ".".join(map(str, error["loc"]))
        return f"{where}: {error['msg']}"


def doc_record(doc: Any, where: str, number: int) -> IncomingRecord | ReadProblem:
    """One Doc as a record: spans from doc.ents and every doc.spans group, tokens from the Doc;
    a Doc this writer made also gives back what it put in user_data."""
    data = doc.user_data
    own = data.get("spans_key") if isinstance(data.get("spans_key"), str) else None
    written = _written(data) if own is not None else _Written()
    if isinstance(written, str):
        return ReadProblem(
            where, number, f"doc.user_data {written}; remove the entry or write the DocBin again"
        )
    reader = _SpanReader(written.span_attrs, written.fragments)
    if own is not None and own in doc.spans:
        reader.add_all(doc.spans[own], None, own=True)
    reader.add_all(doc.ents, None)
    for key, group in doc.spans.items():
        if key != own:
            reader.add_all(group, key)
    meta: dict[str, Any] = dict(written.meta)
    if own is not None:
        doc_labels = {name: tuple(values) for name, values in written.doc_labels.items()}
    else:
        doc_labels, scores = cat_labels(doc.cats)
        if scores:
            meta["cats"] = scores
    return IncomingRecord(
        text=doc.text,
        path=where,
        line=number,
        meta=meta,
        spans=tuple(reader.spans.values()),
        relations=tuple(written.relations),
        doc_labels=doc_labels,
        annotator=written.annotator or None,
        tokens=tuple(_token_dicts(doc)),
        tokenizer=TOKENIZER,
        losses=(*reader.losses(), *_unread(doc, own)),
    )


class _SpanReader:
    """Collects a Doc's spans once each, with the attributes, ids and fragments this format keeps."""

    def __init__(self, attrs: dict[str, Any], fragments: dict[str, Any]) -> None:
        """Start with the writer's per-span attributes and fragments (empty for other DocBins)."""
        self.attrs = attrs
        self.fragments = fragments
        self.spans: dict[tuple[int, int, str], RawSpan] = {}
        self.repeated = 0  # spans found again in another place
        self.identified = 0  # spans of other DocBins with a span id_ or kb_id_ (not kept)

    def add_all(self, spans: Iterable[Any], group: str | None, own: bool = False) -> None:
        """Add spans of doc.ents (group None) or of a doc.spans group."""
        for span in spans:
            key = (span.start_char, span.end_char, span.label_)
            found = self.spans.get(key)
            if found is not None:
                if found.attrs.get(GROUP_ATTR) != group and not (group is None and found.id):
                    self.repeated += 1
                continue
            span_id = span.id_ if own else ""
            if not own and (span.id_ or span.kb_id_):
                self.identified += 1
            attrs = dict(self.attrs.get(span_id) or {}) if own else {}
            if group is not None:
                attrs[GROUP_ATTR] = group
            pieces = tuple((a, b) for a, b in self.fragments.get(span_id) or ()) if own else ()
            self.spans[key] = RawSpan(*key, attrs, span_id, pieces)

    def losses(self) -> list[Loss]:
        """What the spans read could not keep."""
        found: list[Loss] = []
        if self.repeated:
            found.append(
                Loss(
                    "spaCy span in more than one place",
                    self.repeated,
                    "a span in doc.ents and a doc.spans group, or in two groups, is kept once; its "
                    f"{GROUP_ATTR} attribute names the first group it was found in",
                )
            )
        if self.identified:
            found.append(
                Loss(
                    "spaCy span id_/kb_id_",
                    self.identified,
                    "span and knowledge-base ids of other DocBins are not kept (spans get their own)",
                )
            )
        return found


def cat_labels(cats: dict[str, float]) -> tuple[dict[str, tuple[str, ...]], dict[str, float]]:
    """Document labels from doc.cats (a category scored 1.0 is chosen; `name=value` names its
    label, any other name is a value of the label "cats"), and the scores that are neither 0 nor 1."""
    labels: dict[str, list[str]] = {}
    scores: dict[str, float] = {}
    for category, score in cats.items():
        if score == 1.0:
            name, sep, value = category.partition("=")
            name, value = (name, value) if sep and name and value else (CATS_LABEL, category)
            labels.setdefault(name, []).append(value)
        elif score != 0.0:
            scores[category] = float(score)
    return {name: tuple(values) for name, values in labels.items()}, scores


def _unread(doc: Any, own: str | None) -> list[Loss]:
    """What a Doc holds that no record part takes: token layers and other user_data entries."""
    losses: list[Loss] = []
    layers = [name for name in TOKEN_LAYERS if name != "SENT_START" and doc.has_annotation(name)]
    if any(token.is_sent_start is not None for token in doc[1:]):  # the first token always is
        layers.append("SENT_START")
    if layers:
        losses.append(
            Loss(
                "spaCy token layer",
                len(layers),
                f"{', '.join(layers)} are not kept; spans, categories and span groups are",
            )
        )
    kept = set(OWN_KEYS) if own is not None else set()
    other = [key for key in doc.user_data if key not in kept]
    if other:
        losses.append(
            Loss(
                "spaCy user_data entry",
                len(other),
                "doc.user_data entries (custom extension values included) are not kept",
            )
        )
    return losses


def _token_dicts(doc: Any) -> list[dict[str, Any]]:
    """The Doc's tokens as token dicts, whitespace tokens left out as the tokenizer does."""
    tokens: list[dict[str, Any]] = []
    for token in doc:
        if token.text.isspace():  # the Doc's vocab may lack the lexeme flags behind is_space
            continue
        start = token.idx
        tokens.append(
            {"text": token.text, "start": start, "end": start + len(token), "id": len(tokens)}
        )
    text_length = len(doc.text)
    for i, token in enumerate(tokens):
        following = tokens[i + 1]["start"] if i + 1 < len(tokens) else text_length
        token["ws"] = following > token["end"]
    return tokens


register(
    FormatSpec(
        name="spacy",
        description='spaCy DocBin: read ents, span groups and cats; write spans["sc"], ents, cats and user_data',
        reader=read_spacy,
        writer=write_spacy,
        suffixes=(".spacy",),
        default_for=(".spacy",),
    )
)
