"""The export runner: splits, merge policies, validation before writing, atomic files, manifest."""

from __future__ import annotations

import hashlib
from pathlib import Path

import orjson
import pytest
from formats.export_helpers import corpus, export, record, small_corpus

from annotator.exporting import (
    ExportError,
    MergePolicyError,
    SplitSpecError,
    parse_merge,
    parse_split_spec,
)
from annotator.formats import load_all
from annotator.formats.base import REGISTRY, FormatSpec


def _lines(path: Path) -> list[dict]:
    return [orjson.loads(x) for x in path.read_bytes().splitlines()]


def test_export_splits_are_deterministic_and_stable_as_the_corpus_grows():
    plan = parse_split_spec("train=0.8,dev=0.1,test=0.1", seed=7)
    ids = [f"{i:016x}" for i in range(2000)]
    first = {d: plan.split_of(d) for d in ids[:1000]}
    grown = {d: plan.split_of(d) for d in reversed(ids)}
    assert all(grown[d] == split for d, split in first.items())
    shares = {name: sum(1 for s in grown.values() if s == name) / 2000 for name in plan.names}
    assert shares["train"] == pytest.approx(0.8, abs=0.04)
    assert shares["test"] == pytest.approx(0.1, abs=0.03)
    other_seed = parse_split_spec("train=0.8,dev=0.1,test=0.1", seed=8)
    assert any(other_seed.split_of(d) != s for d, s in first.items())


def test_export_splits_keep_all_annotators_of_a_document_together(tmp_path):
    text = "Kenya and Nepal sent men."
    records = [*small_corpus(20)]
    records += [record(text, [("Kenya", "COUNTRY")], annotator=n) for n in ("ana", "ben", "cy")]
    manifest = export(records, "prodigy", tmp_path, split="train=0.5,test=0.5", seed=2)
    where = [
        s for s in ("train", "test") for r in _lines(tmp_path / f"{s}.jsonl") if r["text"] == text
    ]
    assert len(where) == 3 and len(set(where)) == 1
    assert manifest["splits"]["train"]["documents"] + manifest["splits"]["test"]["documents"] == 21


@pytest.mark.parametrize(
    "spec", ["train=0.8,dev=0.1", "train=0.5,train=0.5", "train", "train=x,dev=1", "1a=1"]
)
def test_export_bad_split_spec_is_explained(spec):
    with pytest.raises(SplitSpecError):
        parse_split_spec(spec)


def _votes():
    text = "Kenya and Nepal sent men to Russia."
    spans = {
        "ana": [("Kenya", "COUNTRY"), ("Nepal", "COUNTRY")],
        "ben": [("Kenya", "COUNTRY"), ("Russia", "COUNTRY")],
        "cy": [("Kenya", "COUNTRY"), ("Nepal", "COUNTRY"), ("Russia", "COUNTRY")],
        "dee": [("Kenya", "COUNTRY")],
    }
    records = [record(text, s, annotator=n, minutes=i) for i, (n, s) in enumerate(spans.items())]
    return text, records


def test_export_merge_majority_keeps_spans_most_annotators_gave(tmp_path):
    _, records = _votes()
    export(records, "doccano", tmp_path, merge=parse_merge("majority"))
    (line,) = _lines(tmp_path / "train.jsonl")
    assert [lab[2] for lab in line["label"]] == ["COUNTRY"]
    assert line["text"][slice(*line["label"][0][:2])] == "Kenya"
    assert line["annotator"] == "majority"


def test_export_merge_annotator_and_all(tmp_path):
    _, records = _votes()
    export(records, "doccano", tmp_path / "one", merge=parse_merge("annotator:cy"))
    (line,) = _lines(tmp_path / "one" / "train.jsonl")
    assert line["annotator"] == "cy" and len(line["label"]) == 3
    export(records, "doccano", tmp_path / "all", merge=parse_merge("all"))
    assert [r["annotator"] for r in _lines(tmp_path / "all" / "train.jsonl")] == [
        "ana",
        "ben",
        "cy",
        "dee",
    ]


def test_export_merge_reviewed_writes_the_reviewer_revision(tmp_path):
    text, records = _votes()
    review = record(text, [("Russia", "COUNTRY")], annotator="lead", sources=("ana", "ben"))
    unreviewed = small_corpus(1)
    manifest = export(
        [*records, review, *unreviewed], "doccano", tmp_path, merge=parse_merge("reviewed")
    )
    (line,) = _lines(tmp_path / "train.jsonl")
    assert line["annotator"] == "lead" and len(line["label"]) == 1
    assert manifest["merge_skipped"] == {"not reviewed": 1}


@pytest.mark.parametrize("value", ["any", "annotator:", "vote"])
def test_export_unknown_merge_policy(value):
    with pytest.raises(MergePolicyError, match="annotator:NAME"):
        parse_merge(value)


def test_export_rejected_and_ignored_answers_are_left_out_unless_asked(tmp_path):
    records = [
        record("Kenya sent men.", [("Kenya", "COUNTRY")], answer="accept"),
        record("Nepal sent men.", [("Nepal", "COUNTRY")], answer="reject"),
        record("Cuba sent men.", [], answer="ignore"),
    ]
    export(records, "prodigy", tmp_path / "a")
    assert [r["answer"] for r in _lines(tmp_path / "a" / "train.jsonl")] == ["accept"]
    export(records, "prodigy", tmp_path / "b", answers=("accept", "reject", "ignore"))
    assert len(_lines(tmp_path / "b" / "train.jsonl")) == 3


def test_export_no_accepted_answers_is_an_error_and_writes_nothing(tmp_path):
    records = [record("Nepal sent men.", [("Nepal", "COUNTRY")], answer="reject")]
    with pytest.raises(ExportError, match="no accept answers") as caught:
        export(records, "prodigy", tmp_path)
    assert caught.value.code == 1
    assert list(tmp_path.iterdir()) == []


def test_export_finding_nothing_creates_no_out_folder(tmp_path):
    records = [record("Nepal sent men.", [("Nepal", "COUNTRY")], answer="reject")]
    out = tmp_path / "exports" / "run1"
    with pytest.raises(ExportError, match="no accept answers"):
        export(records, "prodigy", out)
    assert list(tmp_path.iterdir()) == []


def test_export_merge_reviewed_with_nothing_reviewed_points_to_review(tmp_path):
    with pytest.raises(ExportError) as caught:
        export(small_corpus(2), "jsonl", tmp_path / "out", merge=parse_merge("reviewed"))
    message = str(caught.value)
    assert "2 document(s) not reviewed" in message and "annotator review" in message
    assert "annotate some documents" not in message
    assert not (tmp_path / "out").exists()


def test_export_refuses_a_non_empty_folder_unless_forced(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(ExportError, match="--force") as caught:
        export(small_corpus(2), "prodigy", tmp_path)
    assert caught.value.code == 2
    export(small_corpus(2), "hf", tmp_path, force=True)
    export(small_corpus(3), "prodigy", tmp_path, force=True)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["manifest.json", "notes.txt", "train.jsonl"]
    assert len(_lines(tmp_path / "train.jsonl")) == 3


def test_export_unknown_format(tmp_path):
    with pytest.raises(ExportError, match="unknown format 'xml'") as caught:
        export(small_corpus(1), "xml", tmp_path)
    assert caught.value.code == 2


@pytest.mark.parametrize("fmt", ["hf", "jsonl"])  # a writer, and the exporter's own line path
def test_export_schema_errors_stop_the_export_with_located_issues(tmp_path, fmt):
    good = small_corpus(2)
    bad = record("Kenya sent 12 men.", [("Kenya", "COUNTRY"), ("men", "FIGURE")])
    with pytest.raises(ExportError, match="nothing was written") as caught:
        export([*good, bad, *small_corpus(2)], fmt, tmp_path)
    (issue,) = caught.value.issues
    assert issue.code == "E301" and issue.span_text == "men" and bad.doc_id in issue.path
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("fmt", ["hf", "jsonl"])
def test_export_skip_invalid_writes_the_rest_and_lists_what_it_left_out(tmp_path, fmt):
    """With skip_invalid an answer with a schema error is left out, listed and counted; the
    valid answers are all written."""
    bad = record("Kenya sent 12 men.", [("Kenya", "COUNTRY"), ("men", "FIGURE")])
    manifest = export(
        [*small_corpus(2), bad, *small_corpus(3)[2:]], fmt, tmp_path, skip_invalid=True
    )
    assert manifest["totals"]["records"] == 3
    skipped = manifest["skipped_invalid"]
    assert skipped["count"] == 1
    (entry,) = skipped["answers"]
    assert entry["doc_id"] == bad.doc_id and entry["errors"][0].startswith("E301")
    on_disk = orjson.loads((tmp_path / "manifest.json").read_bytes())
    assert on_disk["skipped_invalid"] == skipped


def test_export_interrupted_writer_leaves_no_file(tmp_path, monkeypatch):
    def crashing_writer(records, out_dir, split, report):
        with (out_dir / "train.jsonl").open("wb") as handle:
            for i, _ in enumerate(records):
                handle.write(b"{}\n")
                if i == 2:
                    raise KeyboardInterrupt
        return []

    load_all()
    monkeypatch.setitem(
        REGISTRY, "prodigy", FormatSpec("prodigy", "crashes", writer=crashing_writer)
    )
    with pytest.raises(KeyboardInterrupt):
        export(small_corpus(5), "prodigy", tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_export_manifest_lists_counts_checksums_and_provenance(tmp_path):
    records = [*corpus(), *small_corpus(20)]
    manifest = export(records, "gliner", tmp_path, split="train=0.6,dev=0.2,test=0.2", seed=5)
    on_disk = orjson.loads((tmp_path / "manifest.json").read_bytes())
    assert on_disk["files"] == manifest["files"]
    for rel, entry in manifest["files"].items():
        assert hashlib.sha256((tmp_path / rel).read_bytes()).hexdigest() == entry["sha256"]
    assert manifest["schema"] == "foreign-fighters@1.0.0"
    assert manifest["tokenizer"] == sorted({r.tokenizer for r in records})
    assert manifest["offset_unit"].startswith("token indices, both ends inclusive")
    assert manifest["split"] == {
        "seed": 5,
        "ratios": {"train": 0.6, "dev": 0.2, "test": 0.2},
        "unit": "document",
    }
    splits = manifest["splits"]
    assert sum(s["documents"] for s in splits.values()) == len(records)
    assert sum(s["spans"] for s in splits.values()) == sum(len(r.spans) for r in records)
    labels = {}
    for s in splits.values():
        for label, n in s["labels"].items():
            labels[label] = labels.get(label, 0) + n
    assert labels["QUOTE"] == sum(1 for r in records for s in r.spans if s.label == "QUOTE")
    stats = splits["train"]["span_tokens"]
    assert stats["min"] >= 1 and stats["max"] >= stats["p90"] >= stats["p50"] >= stats["min"]
    leak = manifest["leakage"]
    assert 0 < leak["test_span_texts_in_train"] <= leak["test_span_texts"]


def test_export_refuses_spans_with_wrong_token_indices_or_repeated_ids(tmp_path):
    good = record("Kenya and Nepal sent men.", [("Kenya", "COUNTRY"), ("Nepal", "COUNTRY")])
    kenya, nepal = good.spans
    shifted = kenya.model_copy(update={"token_start": 1, "token_end": 1})  # offsets still align
    twin = nepal.model_copy(update={"id": kenya.id})
    for spans, code in (((shifted, nepal), "E203"), ((kenya, twin), "E211")):
        bad = good.model_construct(**{**dict(good), "spans": spans})
        with pytest.raises(ExportError) as caught:
            export([bad], "jsonl", tmp_path / code)
        found = [i for i in caught.value.issues if i.code == code]
        assert found and found[0].where().startswith(f"doc {good.doc_id}"), caught.value.issues
        assert not (tmp_path / code / "train.jsonl").exists()


def test_export_counts_do_not_depend_on_the_counting_batch(tmp_path, monkeypatch):
    """Labels and span lengths are counted in batches; a batch of 3 spans counts the same."""
    from collections import Counter

    from annotator.exporting import report

    records = [*corpus(), *small_corpus(30)]
    split = "train=0.6,dev=0.2,test=0.2"
    whole = export(records, "jsonl", tmp_path / "whole", split=split)
    monkeypatch.setattr(report, "COUNT_EVERY", 3)
    batched = export(records, "jsonl", tmp_path / "batched", split=split)
    assert batched["splits"] == whole["splits"] and batched["totals"] == whole["totals"]
    labels: Counter[str] = Counter()
    for stats in whole["splits"].values():
        labels.update(stats["labels"])
    assert labels == Counter(s.label for r in records for s in r.spans)
    leak = whole["leakage"]
    assert 0 < leak["test_span_texts_in_train"] <= leak["test_span_texts"]
