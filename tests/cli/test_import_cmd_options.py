"""`import --label-map`, `--report`, `--strict` and answers replaced, on real brat files."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from typer.testing import CliRunner

from annotator.cli import app
from annotator.store import open_store

BRAT = Path(__file__).resolve().parents[1] / "formats" / "fixtures" / "brat"
NEWS = BRAT / "news-110-note_annotation.txt"  # GPE, Organization, Merge-org, Person; Family
runner = CliRunner()


def _schema(tmp_path: Path, *extra: str) -> str:
    """The schema `schema infer` writes for the news file, through the same options."""
    result = runner.invoke(app, ["schema", "infer", "-f", "brat", str(NEWS), *extra])
    assert result.exit_code == 0, result.output
    path = tmp_path / "news.toml"
    path.write_text(result.stdout, encoding="utf-8")
    return str(path)


def _import(*args: str):
    return runner.invoke(app, ["import", "--db", "sqlite:///t.db", "-d", "news", *args])


def test_import_label_map_renames_and_drops_and_the_report_says_so(tmp_path):
    """Spans and relation types are renamed, a label mapped to nothing is dropped, and both the
    summary and the JSON report count it."""
    mapping = "Person=PER,GPE=,Family=KIN"
    schema = _schema(tmp_path, "--label-map", mapping)
    result = _import(
        str(NEWS), "-f", "brat", "-s", schema, "--label-map", mapping, "--report", "r.json"
    )
    assert result.exit_code == 0, result.output
    assert "--label-map: 4 Person renamed to PER" in result.output
    assert "--label-map: 2 GPE span(s) dropped" in result.output
    report = orjson.loads((tmp_path / "r.json").read_bytes())
    assert report["counts"]["annotations"] == 1 and report["problems"] == []
    assert {(r["from"], r["to"], r["count"]) for r in report["label_map"]["renamed"]} == {
        ("Person", "PER", 4),
        ("Family", "KIN", 2),
    }
    assert report["label_map"]["dropped"] == {"GPE": 2}
    store = open_store("sqlite:///t.db")
    ((_, ann),) = list(store.annotations("news"))
    store.close()
    labels = {s.label for s in ann.spans}
    assert "PER" in labels and not labels & {"Person", "GPE"}
    assert {r.label for r in ann.relations} == {"KIN"}


def test_import_label_map_file_and_strict_turn_a_loss_into_exit_1(tmp_path):
    """Dropping the spans relations link loses those relations: named in the summary and the
    report, and --strict makes it exit 1 (the rest is still stored)."""
    (tmp_path / "map.txt").write_text("# people are out of scope\nPerson=\n", encoding="utf-8")
    schema = _schema(tmp_path, "--label-map", "map.txt")
    args = (str(NEWS), "-f", "brat", "-s", schema, "--label-map", "map.txt")
    lenient = _import(*args, "--report", "r.json")
    assert lenient.exit_code == 0, lenient.output
    assert "not kept: 2 relation to a span --label-map dropped" in lenient.output
    report = orjson.loads((tmp_path / "r.json").read_bytes())
    assert {"kind": "relation to a span --label-map dropped", "count": 2}.items() <= (
        next(x for x in report["losses"] if x["kind"].startswith("relation to")).items()
    )
    strict = _import(*args, "--strict", "-d", "strict")
    assert strict.exit_code == 1
    assert "not kept: 2 relation to a span" in strict.output


@pytest.mark.parametrize(
    ("value", "message"),
    [("Person PER", "not a file of OLD=NEW lines"), ("Person=PER,=X", "is not OLD=NEW")],
)
def test_import_label_map_bad_values_are_usage_errors(tmp_path, value, message):
    result = _import(str(NEWS), "-f", "brat", "--label-map", value)
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output
    assert not (tmp_path / "t.db").exists()


def test_import_a_changed_answer_of_the_same_annotator_is_counted_as_replaced(tmp_path):
    """The same text imported again with other spans replaces the shared annotator's answer, and
    the summary says how many and how to keep both."""
    text = "Kenya sent 17 men to Chad."
    first = {"text": text, "spans": [{"start": 0, "end": 5, "label": "COUNTRY"}]}
    second = {"text": text, "spans": [{"start": 21, "end": 25, "label": "COUNTRY"}]}
    for name, line in (("a.jsonl", first), ("b.jsonl", second)):
        (tmp_path / name).write_bytes(orjson.dumps(line) + b"\n")
    assert _import("a.jsonl").exit_code == 0
    again = _import("a.jsonl", "--report", "same.json")
    assert "replaced" not in again.output
    other = _import("b.jsonl", "--report", "other.json")
    assert other.exit_code == 0
    assert "1 answer(s) replaced earlier ones by the same annotator" in other.output
    assert "--annotator" in other.output
    assert orjson.loads((tmp_path / "other.json").read_bytes())["counts"]["replaced"] == 1
    assert orjson.loads((tmp_path / "same.json").read_bytes())["counts"]["unchanged"] == 1
    kept = _import("b.jsonl", "--annotator", "second")
    assert "replaced" not in kept.output


def test_import_the_same_text_without_its_trailing_newline_is_the_same_document(tmp_path):
    """A brat .txt ends with a newline; the same text from a JSONL tool without it joins the
    stored document, keeping its spans, and the summary says so."""
    txt = BRAT / "NCBI-disease-PMID-1248000.txt"
    text = txt.read_text(encoding="utf-8")
    assert text.endswith("\n") and not text.endswith("\n\n")
    schema = tmp_path / "disease.toml"
    inferred = runner.invoke(app, ["schema", "infer", "-f", "brat", str(txt)])
    schema.write_text(inferred.stdout, encoding="utf-8")
    bare = text[:-1]
    lines = [
        {"text": bare, "spans": [{"start": 0, "end": 19, "label": "Disease"}]},
        {"text": bare + "\n\n"},  # two newlines more: another text
    ]
    (tmp_path / "a.jsonl").write_bytes(b"".join(orjson.dumps(x) + b"\n" for x in lines))
    assert _import(str(txt), "-f", "brat", "-s", str(schema)).exit_code == 0
    joined = _import("a.jsonl", "-s", str(schema), "--annotator", "other")
    assert joined.exit_code == 0, joined.output
    assert "1 record(s) differed from a document only by a trailing newline" in joined.output
    store = open_store("sqlite:///t.db")
    try:
        ids = store.document_ids("news")
        texts = [store.get_document(i).text for i in ids]
        answers = {a.annotator: a for _, a in store.annotations("news")}
    finally:
        store.close()
    assert texts == [text, bare + "\n\n"]
    assert answers["other"].doc_id == ids[0]
    assert [(s.start, s.end, s.text) for s in answers["other"].spans] == [
        (0, 19, "Malignant neoplasms")
    ]


def test_import_newline_twins_within_one_file_are_one_document(tmp_path):
    """Within one file too, the first text of a newline pair is the document both join."""
    lines = [{"text": "Kenya sent 17 men."}, {"text": "Kenya sent 17 men.\n"}]
    (tmp_path / "a.jsonl").write_bytes(b"".join(orjson.dumps(x) + b"\n" for x in lines))
    result = _import("a.jsonl", "--report", "r.json")
    assert result.exit_code == 0, result.output
    counts = orjson.loads((tmp_path / "r.json").read_bytes())["counts"]
    assert (counts["added"], counts["duplicates"], counts["newline_twins"]) == (1, 1, 1)
