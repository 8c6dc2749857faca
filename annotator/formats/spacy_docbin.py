"""spaCy DocBin per split: every span in doc.spans["sc"], non-overlapping ones also in doc.ents."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from annotator.formats.base import FormatError, FormatSpec, register
from annotator.records import CanonicalRecord, Span
from annotator.text import blank_pipeline

SPANS_KEY = "sc"


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
        made = doc.char_span(span.start, span.end, label=span.label, alignment_mode="strict")
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
    doc.user_data["doc_id"] = record.doc_id
    doc.user_data["annotator"] = record.annotator
    return doc


def write_spacy(
    records: Iterable[CanonicalRecord], out_dir: Path, split: str, report: Any
) -> list[Path]:
    """Write `<split>.spacy`, a DocBin that `spacy train` and `spacy debug data` read."""
    from spacy.tokens import DocBin

    report.describe(
        offset_unit="unicode code points in the Doc text; spaCy tokens",
        tag_scheme='doc.spans["sc"] (all spans) and doc.ents (non-overlapping, shorter first)',
        spans_key=SPANS_KEY,
    )
    vocab = None
    docs = DocBin(store_user_data=True)
    with _msgpack_encoders_looked_up_once():
        for record in records:
            if vocab is None:
                vocab = blank_pipeline(report.schema.language).vocab
            docs.add(record_doc(record, vocab, report))
        path = Path(f"{split}.spacy")
        docs.to_disk(out_dir / path)
    return [path]


_LOOKUP_LOCK = threading.Lock()
_lookup_users = 0
_shadowed: list[Any] = []  # what `get_all` was on the registry instance before (if anything)


@contextmanager
def _msgpack_encoders_looked_up_once() -> Iterator[None]:
    """Look srsly's msgpack encoders up once while a DocBin is filled, not once per Doc.

    srsly makes a packer for every Doc that DocBin.add serialises, and each packer lists the
    registered msgpack encoders: a scan of the installed packages' entry points and of every
    function spaCy registered, about 85% of this export's time. Nothing registers encoders
    while an export runs, so the list found once is handed out again. Overlapping exports
    share the shortcut; the last one to finish puts back exactly what was there before.
    """
    global _lookup_users
    from srsly.msgpack import msgpack_encoders

    with _LOOKUP_LOCK:
        if _lookup_users == 0:
            _shadowed[:] = [vars(msgpack_encoders).get("get_all", _NOTHING)]
            encoders = msgpack_encoders.get_all()
            msgpack_encoders.get_all = lambda: dict(encoders)  # shadows the method
        _lookup_users += 1
    try:
        yield
    finally:
        with _LOOKUP_LOCK:
            _lookup_users -= 1
            if _lookup_users == 0:
                previous = _shadowed.pop()
                if previous is _NOTHING:
                    del msgpack_encoders.get_all
                else:
                    msgpack_encoders.get_all = previous


_NOTHING = object()


register(
    FormatSpec(
        name="spacy",
        description='spaCy DocBin per split: doc.spans["sc"] plus non-overlapping doc.ents',
        writer=write_spacy,
        suffixes=(".spacy",),
    )
)
