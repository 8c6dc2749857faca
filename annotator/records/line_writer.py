"""Fast paths for the record models: trusted construction and canonical JSON bytes.

The pydantic models in `records.py` stay the definition of a record. These helpers build
instances of those same models from data that was already checked (rows the store wrote after
validating them, records the exporter has just checked) without running validation again, and
serialise a canonical record straight from its fields. They must give exactly what the models
give: tests compare them with `model_validate` and `to_json_dict()`.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from itertools import count
from typing import Any, TypeVar

import msgspec
import orjson
from pydantic import BaseModel

from annotator.compat import trusted_instance, trusted_instances
from annotator.records import hashing
from annotator.records.mirror import TokenMirror
from annotator.records.models import (
    ANNOTATION_FIELDS,
    DOCUMENT_FIELDS,
    Annotation,
    CanonicalRecord,
    Document,
    Token,
    Tokens,
    token_dicts,
)

Model = TypeVar("Model", bound=BaseModel)

# One shared "fields set" per model: every field is given, and frozen models never change it
# (pydantic copies the set before it updates a copy).
_ALL_FIELDS: dict[type, set[str]] = {}


def _fields_of(cls: type[BaseModel]) -> set[str]:
    """The shared set of all field names of a model."""
    fields = _ALL_FIELDS.get(cls)
    if fields is None:
        fields = _ALL_FIELDS[cls] = set(cls.model_fields)
    return fields


def trusted(cls: type[Model], values: dict[str, Any]) -> Model:
    """An instance of a frozen model from checked values, given for every field in field order."""
    return trusted_instance(cls, values, _fields_of(cls))


def tokens_from_flat(text: str, flat: Sequence[int]) -> Tokens:
    """Tokens from flat (start, end, ws) triples over `text`, as the store keeps them."""
    triples = iter(flat)
    bounds = (array("q", flat[0::3]), array("q", flat[1::3]))
    values = [
        {"text": text[start:end], "start": start, "end": end, "id": index, "ws": ws == 1}
        for index, (start, end, ws) in enumerate(zip(triples, triples, triples, strict=True))
    ]
    tokens = trusted_instances(Token, values, _fields_of(Token))
    return Tokens.of(tuple(tokens), values, bounds)


_encode_tokens = msgspec.json.Encoder().encode


class FlatTokens:
    """A stored document's tokens kept as flat (start, end, ws) triples over its text.

    An export reads a stored document's tokens only to check span offsets and to write them
    out, and building ~100 Token models per document cost more than the rest of the export.
    So a document read for an export keeps them flat: offsets as arrays for the checks, the
    canonical JSON written straight from the triples, Token models built only when asked.
    """

    __slots__ = ("_json", "ends", "flat", "starts", "text")

    def __init__(self, text: str, flat: Sequence[int]) -> None:
        """Keep the text and the triples; ValueError if they are not whole triples."""
        if len(flat) % 3:
            raise ValueError(f"{len(flat)} token numbers are not whole (start, end, ws) triples")
        self.text, self.flat = text, flat
        self.starts, self.ends = array("q", flat[0::3]), array("q", flat[1::3])
        self._json: bytes | None = None

    def __len__(self) -> int:
        """The number of tokens."""
        return len(self.starts)

    def json(self) -> bytes:
        """The tokens' canonical JSON array, as `orjson.dumps` writes the Token models' dicts.

        Made once: a document with several annotators is written once per annotation.
        """
        if self._json is None:
            starts, ends = self.starts, self.ends
            texts = map(self.text.__getitem__, map(slice, starts, ends))
            spaced = map((1).__eq__, self.flat[2::3])
            self._json = _encode_tokens(
                list(map(TokenMirror, texts, starts, ends, count(), spaced))
            )
        return self._json

    def tokens(self) -> Tokens:
        """The Token models."""
        return tokens_from_flat(self.text, self.flat)


class DocumentView:
    """A stored document as an export reads it: a Document's fields, with FlatTokens.

    The exporter reads fields through `__dict__`, as it does for Documents; where it needs the
    model itself (full checks of a record, writers of other formats) it calls `document()`.
    """

    def __init__(
        self,
        doc_id: str,
        text: str,
        sha: str,
        meta: dict[str, Any],
        flat: Sequence[int],
        tokenizer: str,
    ) -> None:
        """Keep the fields under the Document's field names."""
        self.doc_id, self.text, self.text_sha256, self.meta = doc_id, text, sha, meta
        self.tokens, self.tokenizer = FlatTokens(text, flat), tokenizer

    def document(self) -> Document:
        """The Document model, tokens built once (the store hands the same view to each of a
        document's annotations)."""
        built = self.__dict__.get("_document")
        if built is None:
            tokens = self.tokens.tokens()
            built = document(
                self.doc_id, self.text, self.text_sha256, self.meta, tokens, self.tokenizer
            )
            self.__dict__["_document"] = built
        return built


def as_document(doc: Document | DocumentView) -> Document:
    """The Document model of a document or of a stored document's view."""
    return doc.document() if type(doc) is DocumentView else doc  # type: ignore[return-value]


def token_json(tokens: Sequence[Any]) -> Any:
    """What a canonical line holds for its tokens: their dicts, or FlatTokens' ready JSON."""
    if type(tokens) is FlatTokens:
        return orjson.Fragment(tokens.json())
    return token_dicts(tokens)  # type: ignore[arg-type]


def document(
    doc_id: str,
    text: str,
    sha: str,
    meta: dict[str, Any],
    tokens: tuple[Token, ...],
    tokenizer: str,
) -> Document:
    """A Document from checked parts."""
    return trusted(
        Document,
        dict(zip(DOCUMENT_FIELDS, (doc_id, text, sha, meta, tokens, tokenizer), strict=True)),
    )


_ANNOTATION_ONLY = tuple(name for name in ANNOTATION_FIELDS if name not in DOCUMENT_FIELDS)


def canonical_record(
    doc: Document, ann: Annotation, sorted_keys: list[tuple[int, int, str]] | None = None
) -> CanonicalRecord:
    """The canonical line of a checked document and annotation, as `records.canonical` builds it.

    `sorted_keys`, the spans' sorted (start, end, label) keys when the caller has them, saves
    reading every span again for the task hash.
    """
    d, a = doc.__dict__, ann.__dict__  # plain dict reads: pydantic attribute access is slower
    in_hash = hashing.input_hash(d["text"])
    if sorted_keys is None:
        task = hashing.task_hash(in_hash, a["spans"])
    else:
        task = hashing.task_hash_of_keys(in_hash, sorted_keys)
    values = {name: d[name] for name in DOCUMENT_FIELDS}
    for name in _ANNOTATION_ONLY:
        values[name] = a[name]
    values["input_hash"] = in_hash
    values["task_hash"] = task
    values["annotator_id"] = a["annotator"]
    values["timestamp"] = int(a["updated_at"].timestamp())
    return trusted(CanonicalRecord, values)


def canonical_json(record: CanonicalRecord, newline: bool = False) -> bytes:
    """One canonical JSONL line, byte for byte `orjson.dumps(record.to_json_dict())` (+ newline)."""
    f = record.__dict__
    spans = [span.__dict__ for span in f["spans"]]
    ids = (f["input_hash"], f["task_hash"], f["annotator_id"], f["timestamp"])
    return _line(f, f, ids, spans, _NEWLINE if newline else _PLAIN)


def canonical_line(
    doc: dict[str, Any],
    ann: dict[str, Any],
    input_hash: int,
    task_hash: int,
    spans: list[dict[str, Any]],
) -> bytes:
    """The canonical line (newline included) of a checked pair, from the models' field dicts.

    `spans` are the annotation's span field dicts. The line is the one `canonical_json` gives
    for `canonical_record` of the same pair, without building that record.
    """
    ids = (input_hash, task_hash, ann["annotator"], int(ann["updated_at"].timestamp()))
    return _line(doc, ann, ids, spans, _NEWLINE)


_PLAIN = orjson.OPT_UTC_Z
_NEWLINE = orjson.OPT_UTC_Z | orjson.OPT_APPEND_NEWLINE
_PRODIGY_IDS = ("input_hash", "task_hash", "annotator_id", "timestamp")


def _value_source(name: str, annotation: Any) -> str:
    """The expression that reads one canonical field for `orjson.dumps` in the generated writer."""
    if name in _PRODIGY_IDS:
        return f"ids[{_PRODIGY_IDS.index(name)}]"
    holder = "doc" if name in DOCUMENT_FIELDS else "ann"
    read = f"{holder}[{name!r}]"
    if name == "tokens":
        return f"token_json({read})"
    if name == "spans":
        return "spans"
    if annotation is float:
        return f"float({read})"
    args: tuple[Any, ...] = getattr(annotation, "__args__", ())
    if (
        len(args) == 2
        and args[1] is Ellipsis
        and isinstance(args[0], type)
        and issubclass(args[0], BaseModel)
    ):
        return f"[item.__dict__ for item in {read}] if {read} else []"  # often empty
    return read


def _line_writer() -> Any:
    """Generate the canonical line writer from `CanonicalRecord`'s fields (names, order, JSON keys)."""
    entries = ",\n".join(
        f"        {(info.alias or name)!r}: {_value_source(name, info.annotation)}"
        for name, info in CanonicalRecord.model_fields.items()
    )
    source = f"def _line(doc, ann, ids, spans, option):\n    return dumps({{\n{entries},\n    }}, option=option)\n"
    namespace: dict[str, Any] = {"dumps": orjson.dumps, "token_json": token_json}
    exec(
        compile(source, f"<canonical line writer from {CanonicalRecord.__name__}>", "exec"),
        namespace,
    )
    return namespace["_line"]


# _line(doc fields, annotation fields, (input hash, task hash, annotator id, timestamp),
#       span field dicts, orjson option) -> the canonical line's bytes.
_line = _line_writer()
