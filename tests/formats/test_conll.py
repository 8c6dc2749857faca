"""CoNLL: export writes -DOCSTART- and IOB2 layers; the reader takes real CoNLL/IOB files."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from annotated import SCHEMA as ANNOTATED
from annotated import annotated_records
from export_helpers import corpus, export, record, small_corpus
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_budget import examples

from annotator.exporting import ExportOptions, parse_split_spec, run_export
from annotator.formats.base import IncomingRecord, ReadProblem
from annotator.formats.conll import TOKENIZER, columns_option, read_conll, scheme_option
from annotator.formats.iob import decode_tags
from annotator.formats.parts import DOC_LABELS, FRAGMENTS, RELATIONS, SPAN_ATTRIBUTES
from annotator.importing.run import import_paths
from annotator.schema.model import parse_schema
from annotator.store import open_store


def _documents(path):
    """Per document: the (token, tags...) rows, blank lines dropped."""
    docs: list[list[list[str]]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("-DOCSTART-"):
            docs.append([])
        elif line:
            docs[-1].append(line.split(" "))
    return docs


def test_conll_columns_decode_back_to_each_layer(tmp_path):
    records = [*corpus(), *small_corpus(3)]
    manifest = export(records, "conll", tmp_path)
    assert manifest["format_details"]["columns"] == ["token", "ner_tags", "quote_tags"]
    docs = _documents(tmp_path / "train.conll")
    assert len(docs) == len(records)
    for rows, source in zip(docs, records, strict=True):
        assert [r[0] for r in rows] == [t.text for t in source.tokens]
        assert {len(r) for r in rows} == {3}
        main = decode_tags([r[1] for r in rows])
        quotes = decode_tags([r[2] for r in rows])
        want = sorted((s.token_start, s.token_end, s.label) for s in source.spans)
        assert sorted(main + quotes) == want


def test_conll_sample_corpus_names_every_part_it_cannot_hold(tmp_path):
    """The seed article's relations, attributes and document labels have no CoNLL column: the
    manifest counts each kind."""
    (source,) = corpus()
    manifest = export([source], "conll", tmp_path)
    counted = {kind: entry["count"] for kind, entry in manifest["dropped_parts"].items()}
    assert counted == {
        RELATIONS: 17,
        SPAN_ATTRIBUTES: sum(len(s.attrs) for s in source.spans),
        DOC_LABELS: 2,
    }
    assert all("CoNLL cannot hold them" in e["reason"] for e in manifest["dropped_parts"].values())


def test_conll_docstart_line_then_blank_line(tmp_path):
    export(small_corpus(2), "conll", tmp_path)
    lines = (tmp_path / "train.conll").read_text(encoding="utf-8").split("\n")
    starts = [i for i, line in enumerate(lines) if line.startswith("-DOCSTART-")]
    assert len(starts) == 2
    assert all(lines[i] == "-DOCSTART- O O" and lines[i + 1] == "" for i in starts)
    assert lines[starts[1] - 1] == ""


def _blocks(path) -> list[list[str]]:
    """The token column of each block of rows between blank lines (DOCSTART lines left out)."""
    blocks: list[list[str]] = [[]]
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line.startswith("-DOCSTART-"):
            continue
        if line:
            blocks[-1].append(line.split(" ")[0])
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def test_conll_blank_lines_split_sentences_and_paragraphs_but_never_a_span(tmp_path):
    """A blank line follows each sentence end and precedes each paragraph, except where a
    span runs on across that point (a QUOTE of two sentences stays one block)."""
    text = "Kenya sent men. Nepal sent 200!\nThey left\n“We left. They stayed.” Oman said."
    source = record(text, [("We left. They stayed.", "QUOTE"), ("Oman", "COUNTRY")])
    export([source], "conll", tmp_path)
    assert _blocks(tmp_path / "train.conll") == [
        ["Kenya", "sent", "men", "."],
        ["Nepal", "sent", "200", "!"],
        ["They", "left"],
        ["“", "We", "left", ".", "They", "stayed", "."],  # no break inside the QUOTE
        ["”", "Oman", "said", "."],
    ]


def test_conll_whitespace_inside_a_token_becomes_underscore_and_is_reported(tmp_path):
    """A token holding whitespace (possible in imported token lists) is written with "_" so the
    columns stay aligned, and the spans over it are listed as converted in the manifest."""
    from annotator.records.models import Annotation, canonical, make_document, make_span

    text = "New York sent 200 men."
    tokens = [
        {"text": "New York", "start": 0, "end": 8, "id": 0, "ws": True},
        *(
            {
                "text": w,
                "start": text.index(w),
                "end": text.index(w) + len(w),
                "id": i,
                "ws": w != "men",
            }
            for i, w in enumerate(["sent", "200", "men", "."], start=1)
        ),
    ]
    doc = make_document(text, tokens, "custom")
    ann = Annotation(
        doc_id=doc.doc_id,
        annotator="ann",
        answer="accept",
        spans=(make_span(doc, 0, 8, "ACTOR"), make_span(doc, 14, 17, "FIGURE")),
        schema=small_corpus(1)[0].schema_,
        created_at=small_corpus(1)[0].created_at,
        updated_at=small_corpus(1)[0].updated_at,
    )
    manifest = export([canonical(doc, ann)], "conll", tmp_path)
    (rows,) = _documents(tmp_path / "train.conll")
    assert [r[0] for r in rows] == ["New_York", "sent", "200", "men", "."]
    assert [(c["label"], c["reason"]) for c in manifest["converted"]] == [
        ("ACTOR", "token 0 'New York' written as 'New_York'")
    ]


# ---- reading CoNLL files other tools wrote ----------------------------------------------------

FIXTURES = Path(__file__).parent / "fixtures" / "conll"
CONLL_SCHEMA = parse_schema(
    """
name = "conll2003"
version = "1.0.0"
[[labels]]
name = "PER"
[[labels]]
name = "ORG"
[[labels]]
name = "LOC"
[[labels]]
name = "MISC"
"""
)


def _read(name: str, **options) -> tuple[list, list]:
    """Records and problems read from a fixture."""
    items = list(read_conll(FIXTURES / name, **options))
    return (
        [i for i in items if isinstance(i, IncomingRecord)],
        [i for i in items if isinstance(i, ReadProblem)],
    )


def _spans(record) -> list[tuple[str, str]]:
    """(text, label) of a record's spans in reading order."""
    ordered = sorted(record.spans, key=lambda s: (s.start, -s.end, s.label))
    return [(record.text[s.start : s.end], s.label) for s in ordered]


def test_conll_reads_conll2003_iob1_found_from_the_tags():
    """OpenNLP's CoNLL-2003 sample is IOB1 (spans open with I-): read without being told so."""
    (record,), problems = _read("opennlp-conll2003-en.sample")
    assert problems == []
    assert record.text == "EU rejects German call to boycott British lamb .\nPeter Blackburn"
    assert _spans(record) == [
        ("EU", "ORG"),
        ("German", "MISC"),
        ("British", "MISC"),
        ("Peter Blackburn", "PER"),
    ]
    assert record.line == 1
    assert [t["text"] for t in record.tokens][:3] == ["EU", "rejects", "German"]
    (loss,) = record.losses
    assert (loss.kind, loss.count) == ("CoNLL column value", 22)  # POS and chunk cells


def test_conll_tokens_are_kept_as_given_with_their_offsets():
    (record,), _ = _read("opennlp-conll2003-en.sample")
    for token in record.tokens:
        assert record.text[token["start"] : token["end"]] == token["text"]
    lamb, period, peter = record.tokens[7:10]
    assert (lamb["ws"], period["ws"], peter["start"]) == (True, True, period["end"] + 1)
    assert record.text[period["end"]] == "\n"  # sentences on lines of their own
    assert record.tokenizer == TOKENIZER


def test_conll_docstart_line_without_blank_line_starts_a_document():
    """CoNLL-2002 Dutch: '-DOCSTART- -DOCSTART- O' directly followed by tokens; IOB2."""
    (record,), problems = _read("opennlp-conll2002-nl.sample")
    assert problems == []
    assert record.text.count("\n") == 1  # two sentences
    assert _spans(record) == [("Floralux", "ORG"), ("Vlaamse", "MISC"), ("BPA", "MISC")]


def test_conll_file_without_docstart_is_one_document_per_sentence():
    """CoNLL-2002 Spanish has no -DOCSTART- lines: each sentence becomes a document."""
    records, problems = _read("opennlp-conll2002-es.sample")
    assert problems == []
    assert [r.text for r in records] == [
        "Abogado General del Estado .",
        "Melbourne ( Australia ) , 25 may ( EFE ) .",
    ]
    assert [r.line for r in records] == [1, 7]
    assert _spans(records[0]) == [("Abogado General del Estado", "PER")]
    assert [label for _, label in _spans(records[1])] == ["LOC", "LOC", "ORG"]


def test_conll_reads_bioes_and_text_before_the_first_docstart_is_a_document():
    """NCRFpp's sample is BIOES (S-, B-...E-), with -DOCSTART- lines only between documents."""
    records, problems = _read("ncrfpp-dev.bmes")
    assert problems == []
    assert len(records) == 2
    first, second = records
    assert first.text.startswith("CRICKET - LEICESTERSHIRE TAKE OVER")
    assert ("LEICESTERSHIRE", "ORG") in _spans(first)
    assert ("West Indian", "MISC") in _spans(first)
    assert ("Phil Simmons", "PER") in _spans(first)
    assert len(first.spans) == 49
    assert _spans(second) == [("ENGLISH COUNTY CHAMPIONSHIP", "MISC"), ("LONDON", "LOC")]
    assert second.line == 457  # its -DOCSTART- line


def test_conll_tag_column_chooses_which_column_holds_the_tags():
    """Flair's fixture keeps tags in column 1 and a whitespace marker (+/-) in the last one."""
    records, problems = _read("flair-column_with_whitespaces.train", tag_column=(1,))
    assert problems == []
    assert _spans(records[0]) == [("German", "LOC")]
    _, problems = _read("flair-column_with_whitespaces.train")
    (problem,) = problems
    assert problem.line == 1
    assert "tag '+' is not O or B-/I-/E-/S- and a label" in problem.message
    assert "--tag-column N" in problem.message


def test_conll_malformed_iob2_is_reported_with_file_and_line():
    """seqeval's conlleval data: the last column opens chunks with I- after B- chunks of other
    types; read as IOB2 (most spans open with B-) each I- opening is an error, located."""
    records, problems = _read("seqeval-ground_truth.txt")
    assert records == []
    assert [(p.line, p.path.endswith("seqeval-ground_truth.txt")) for p in problems] == [
        (1, True),
        (30, True),
    ]
    assert problems[0].message.startswith("tag 'I-NP' continues no NP span (B-NP opens one)")
    assert "(and 4 more in this document)" in problems[0].message
    assert "--scheme iob1" in problems[0].message


def test_conll_scheme_option_accepts_what_iob1_allows():
    records, problems = _read("seqeval-ground_truth.txt", scheme="iob1")
    assert problems == []
    first = _spans(records[0])
    assert first[:3] == [
        ("Rockwell International Corp.", "NP"),
        ("'s Tulsa unit", "NP"),
        ("said", "VP"),
    ]
    assert ("Boeing Co.", "NP") in first  # "I-NP" after "B-PP" opens a span in IOB1


def test_conll_several_tag_columns_read_as_layers():
    """Columns 2 (gold, IOB2) and 3 together: a span in both is kept once."""
    (gold, _), _ = _read("seqeval-ground_truth.txt", tag_column=(2,))
    (both, _), problems = _read("seqeval-ground_truth.txt", tag_column=(2, 3), scheme="iob1")
    assert problems == []
    assert set(_spans(gold)) <= set(_spans(both))
    assert len(both.spans) == len(set(_spans(both)))


def test_conll_placeholder_columns_are_not_losses_and_labels_keep_their_case():
    """Flair's fashion sample: '_ _' columns hold nothing; mixed-case labels read as written."""
    (record,), problems = _read("flair-fashion.testa")
    assert problems == []
    assert record.losses == ()
    assert _spans(record) == [
        ("wedding", "Occasion"),
        ("dresses", "NominalProduct"),
        ("DIY dyeing", "ProductDesign"),
    ]


@pytest.mark.parametrize(
    ("content", "scheme", "line", "message"),
    [
        ("a B-X\nb E-X\nc B-X\nd O\n", "auto", 3, "the X span opened here has no E-X"),
        ("a B-X\nb O\nc I-X\n", "auto", 3, "tag 'I-X' continues no X span"),
        ("a O\nb I-X\n", "iob2", 2, "tag 'I-X' continues no X span"),
        ("a B-X\nb\n", "auto", 2, "1 column(s): tag column -1 is missing"),
        ("a S-X\nb E-Y\n", "auto", 2, "tag 'E-Y' continues no Y span"),
        ("a B-X\nb E-X\n", "iob2", 2, "tag 'E-X' is BIOES, not IOB2"),
    ],
)
def test_conll_broken_sequences_name_their_line(tmp_path, content, scheme, line, message):
    path = tmp_path / "bad.conll"
    path.write_text(content, encoding="utf-8")
    items = list(read_conll(path, scheme=scheme))
    (problem,) = items
    assert isinstance(problem, ReadProblem)
    assert (problem.path, problem.line) == (str(path), line)
    assert message in problem.message


def test_conll_invalid_utf8_and_empty_files_are_reported(tmp_path):
    bad = tmp_path / "bad.conll"
    bad.write_bytes(b"a O\n\xff B-X\n")
    problems = [i for i in read_conll(bad) if isinstance(i, ReadProblem)]
    assert problems[0].line == 2 and "UTF-8" in problems[0].message
    empty = tmp_path / "empty.conll"
    empty.write_text("\n\n-DOCSTART- -X- O O\n\n", encoding="utf-8")
    (problem,) = read_conll(empty)
    assert "no token lines" in problem.message


@pytest.mark.parametrize(
    ("parse", "value", "expected"),
    [
        (scheme_option, "IOB1", "iob1"),
        (scheme_option, "auto", "auto"),
        (columns_option, "1,-1", (1, -1)),
        (columns_option, "3", (3,)),
    ],
)
def test_conll_options_parse(parse, value, expected):
    assert parse(value) == expected


@pytest.mark.parametrize(
    ("parse", "value"),
    [
        (scheme_option, "bilou"),
        (columns_option, "0"),
        (columns_option, "x"),
        (columns_option, "2,2"),
    ],
)
def test_conll_bad_options_say_what_is_allowed(parse, value):
    with pytest.raises(ValueError, match=r"use one of|column"):
        parse(value)


def _import_then_export(tmp_path, path, schema, fmt="conll"):
    """Import a file into a fresh SQLite store, export it again; the summary and export dir."""
    store = open_store(f"sqlite:///{tmp_path / 'conll.db'}")
    try:
        summary = import_paths(store, "d", [path], fmt, schema=schema)
        out = tmp_path / "out"
        opts = ExportOptions(format=fmt, out_dir=out, schema=schema, plan=parse_split_spec(None, 0))
        manifest = run_export(lambda keep=None: store.annotations("d", keep=keep), opts)
    finally:
        store.close()
    return summary, manifest, out


def test_conll_import_then_export_gives_back_the_same_spans(tmp_path):
    """NCRFpp's BIOES file through the store and out as IOB2 CoNLL: the same spans on the same
    tokens, document by document (ids are remapped; sentence breaks may be added)."""
    source, _ = _read("ncrfpp-dev.bmes")
    summary, manifest, out = _import_then_export(
        tmp_path, FIXTURES / "ncrfpp-dev.bmes", CONLL_SCHEMA
    )
    assert (summary.added, summary.annotations, summary.skipped) == (2, 2, 0)
    assert manifest["totals"]["spans_dropped"] == 0
    back, problems = [], []
    for item in read_conll(out / "train.conll"):
        (back if isinstance(item, IncomingRecord) else problems).append(item)
    assert problems == []

    def by_tokens(records):
        return {
            tuple(t["text"] for t in r.tokens): sorted(
                (r.text[s.start : s.end], s.label) for s in r.spans
            )
            for r in records
        }

    assert by_tokens(back) == by_tokens(source)


def test_conll_import_reports_losses_and_skips_broken_documents(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'c.db'}")
    try:
        summary = import_paths(
            store,
            "d",
            [FIXTURES / "opennlp-conll2003-en.sample", FIXTURES / "seqeval-ground_truth.txt"],
            "conll",
            schema=CONLL_SCHEMA,
        )
    finally:
        store.close()
    assert (summary.added, summary.annotations) == (1, 1)
    assert [(p.line, "I-NP" in p.message) for p in summary.problems] == [(1, True), (30, True)]
    assert summary.losses == {"CoNLL column value": 22}


def test_conll_import_option_from_the_command_line(tmp_path):
    from typer.testing import CliRunner

    from annotator.cli import app

    schema_path = tmp_path / "chunks.toml"
    schema_path.write_text(
        'name = "chunks"\nversion = "1.0.0"\n'
        + "".join(
            f'[[labels]]\nname = "{label}"\nseverity = {{ overlap = "warning" }}\n'
            for label in ("NP", "VP", "PP", "SBAR")
        ),
        encoding="utf-8",
    )
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    fixture = str(FIXTURES / "seqeval-ground_truth.txt")
    base = ["import", fixture, "--format", "conll", "--db", db, "--schema", str(schema_path)]
    runner = CliRunner()
    refused = runner.invoke(app, [*base, "--scheme", "bilou"])
    assert refused.exit_code == 2
    assert "--scheme 'bilou': use one of: auto, iob1, iob2, bioes" in refused.output
    columns = runner.invoke(app, [*base, "--tag-column", "0"])
    assert columns.exit_code == 2 and "column 0 is the token" in columns.output
    other = tmp_path / "plain.jsonl"
    other.write_text('{"text": "Kenya"}\n', encoding="utf-8")
    elsewhere = runner.invoke(app, ["import", str(other), "--db", db, "--scheme", "iob1"])
    assert elsewhere.exit_code == 2
    assert "--scheme does not apply to the jsonl format" in elsewhere.output
    strict = runner.invoke(app, base)
    assert strict.exit_code == 1
    assert f"{fixture}:1: tag 'I-NP' continues no NP span" in strict.output
    loose = runner.invoke(app, [*base, "--scheme", "iob1", "--tag-column", "-1"])
    assert loose.exit_code == 0, loose.output
    assert "2 annotation(s) stored" in loose.output
    assert "not kept: 90 CoNLL column value" in loose.output


def _unheld_counts(source) -> dict[str, int]:
    """What a format holding no relations, attributes, doc labels or fragments must count."""
    counts = {
        RELATIONS: len(source.relations),
        SPAN_ATTRIBUTES: sum(len(s.attrs) for s in source.spans),
        DOC_LABELS: sum(len(v) for v in source.doc_labels.values()),
        FRAGMENTS: sum(1 for s in source.spans if s.fragments),
    }
    return {kind: count for kind, count in counts.items() if count}


@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(annotated_records())
def test_conll_hypothesis_round_trip_keeps_layers_and_counts_the_rest(source):
    """Write then read (both tag columns) any fully annotated record: the same tokens and every
    span a layer held on the same tokens; relations, attributes, document labels and fragments
    are counted in dropped_parts, exactly."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        manifest = export([source], "conll", out, schema=ANNOTATED)
        (back,) = read_conll(out / "train.conll", tag_column=(1, 2))
    assert [t["text"] for t in back.tokens] == [t.text for t in source.tokens]
    dropped = {(d["start"], d["end"], d["label"]) for d in manifest["dropped"]}
    held = sorted(
        (s.token_start, s.token_end, s.label) for s in source.spans if s.key not in dropped
    )
    starts = [t["start"] for t in back.tokens]
    ends = [t["end"] for t in back.tokens]
    read = sorted((starts.index(s.start), ends.index(s.end), s.label) for s in back.spans)
    assert read == held
    counted = {kind: entry["count"] for kind, entry in manifest["dropped_parts"].items()}
    assert counted == _unheld_counts(source)


def test_conll_files_are_found_by_suffix_in_a_folder_and_on_their_own(tmp_path):
    """A .conll file needs no --format; a folder given with --format conll reads its CoNLL files."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in ("opennlp-conll2003-en.sample", "opennlp-conll2002-es.sample"):
        (folder / f"{name}.conll").write_bytes((FIXTURES / name).read_bytes())
    (folder / "notes.md").write_text("not CoNLL", encoding="utf-8")
    store = open_store(f"sqlite:///{tmp_path / 'f.db'}")
    try:
        single = import_paths(
            store, "one", [folder / "opennlp-conll2003-en.sample.conll"], schema=CONLL_SCHEMA
        )
        whole = import_paths(store, "all", [folder], "conll", schema=CONLL_SCHEMA)
    finally:
        store.close()
    assert (single.added, single.annotations) == (1, 1)
    assert (whole.files, whole.added, whole.annotations, whole.skipped) == (1, 3, 3, 0)


TAGS = ["O", "B-X", "I-X", "E-X", "S-X", "B-Y", "I-Y", "L-Y", "U-Y", "X", "B-", "I-Y-Z", "o"]
ROWS = st.one_of(
    st.just(""),
    st.just("-DOCSTART- -X- O O"),
    st.builds(
        lambda word, middle, tag, tab: ("\t" if tab else " ").join([word, *middle, tag]),
        st.text(
            st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n\t "),
            min_size=1,
            max_size=6,
        ),
        st.lists(st.sampled_from(["NNP", "_", "I-NP", "-X-"]), max_size=2),
        st.sampled_from(TAGS),
        st.booleans(),
    ),
)


@settings(max_examples=examples(300), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    content=st.lists(ROWS, max_size=25).map(lambda rows: "\n".join(rows).encode())
    | st.binary(max_size=200),
    scheme=st.sampled_from(["auto", "iob1", "iob2", "bioes"]),
    columns=st.sampled_from([(-1,), (1,), (1, -1), (3,)]),
)
def test_conll_any_input_gives_aligned_records_or_located_problems(content, scheme, columns):
    """Whatever the bytes: records whose tokens and spans sit on their text, or problems that
    name the file (and a line inside it)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "in.conll"
        path.write_bytes(content)
        items = list(read_conll(path, scheme=scheme, tag_column=columns))
    lines = content.count(b"\n") + 1
    for item in items:
        if isinstance(item, ReadProblem):
            assert item.path == str(path) and item.message
            assert item.line is None or 1 <= item.line <= lines
            continue
        assert isinstance(item, IncomingRecord)
        starts = {t["start"] for t in item.tokens}
        ends = {t["end"] for t in item.tokens}
        for token in item.tokens:
            assert item.text[token["start"] : token["end"]] == token["text"] != ""
        for span in item.spans:
            assert span.start in starts and span.end in ends and span.start < span.end
