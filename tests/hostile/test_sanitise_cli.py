"""Every CLI message that shows data: labels, span texts, names, titles and paths come out safe."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from .conftest import ESCAPES, assert_clean_exit, assert_no_controls, run_cli, write_jsonl

TEXT = f"Nearly 200 fighters came from Kenya{ESCAPES} today."
DATASET = "news\x1b[2J"
AMY, BOB = "amy\x1b]0;pwned\x07", "bob\u200b"


@pytest.fixture(scope="module")
def team(tmp_path_factory) -> tuple[Path, str]:
    """A database where two hostile-named annotators tagged a hostile-titled document."""
    work = tmp_path_factory.mktemp("team")
    db = f"sqlite:///{work / 'team.db'}"
    spans = [{"start": 0, "end": 10, "label": "FIGURE"}]
    for name, given in (
        (AMY, spans),
        (BOB, [*spans, {"start": 11, "end": 19, "label": "TACTIC"}]),
    ):
        path = write_jsonl(
            work / "in.jsonl", {"text": TEXT, "meta": {"title": f"T{ESCAPES}"}, "spans": given}
        )
        out = assert_clean_exit(
            run_cli("import", str(path), "--db", db, "-d", DATASET, "--annotator", name, cwd=work),
            0,
        )
        assert_no_controls(out)
    return work, db


def test_validate_messages_show_labels_texts_and_paths_safely(work):
    from record_helpers import build_record

    record = build_record()
    record["spans"][0]["label"] = f"EVIL{ESCAPES}"
    path = work / f"corpus{ESCAPES}.jsonl"
    path.write_bytes(orjson.dumps(record) + b"\n")
    out = assert_clean_exit(run_cli("validate", str(path), cwd=work), 1)
    assert "E300" in out and "EVIL␛[2J" in out and "corpus␛[2J" in out
    assert_no_controls(out)


def test_import_messages_show_labels_and_paths_safely(work):
    path = write_jsonl(
        work / f"in{ESCAPES}.jsonl",
        {"text": TEXT, "spans": [{"start": 0, "end": 10, "label": f"X{ESCAPES}"}]},
    )
    out = assert_clean_exit(
        run_cli("import", str(path), "--db", "sqlite:///a.db", "-d", DATASET, cwd=work), 1
    )
    assert "X␛[2J" in out and "in␛[2J" in out and "news␛[2J" in out
    assert_no_controls(out)


def test_stats_shows_dataset_and_annotators_safely(team):
    work, db = team
    out = assert_clean_exit(run_cli("stats", "--db", db, "-d", DATASET, cwd=work), 0)
    assert "news␛[2J" in out and "amy␛]0;pwned␇" in out
    assert_no_controls(out)


def test_agreement_shows_names_and_titles_safely(team):
    work, db = team
    out = assert_clean_exit(run_cli("agreement", "--db", db, "-d", DATASET, cwd=work), 0)
    assert "news␛[2J" in out and "amy␛]0;pwned" in out and "T␛[2J" in out
    assert_no_controls(out)


def test_review_shows_dataset_and_reviewer_safely(team):
    work, db = team
    out = assert_clean_exit(
        run_cli(
            "review",
            "--db",
            db,
            "-d",
            DATASET,
            "-r",
            "lead\x1b[2J",
            "--auto-accept-unanimous",
            cwd=work,
        ),
        0,
    )
    assert "as reviewer 'lead" in out
    assert_no_controls(out)


def test_db_info_shows_datasets_and_annotators_safely(team):
    work, db = team
    out = assert_clean_exit(run_cli("db", "info", "--db", db, cwd=work), 0)
    assert "news␛[2J" in out
    assert_no_controls(out)


@pytest.mark.parametrize("dataset", [DATASET, "missing\x1b]0;pwned\x07"])
def test_export_messages_show_dataset_and_paths_safely(team, dataset):
    work, db = team
    out_dir = work / f"out{ESCAPES}{len(dataset)}"
    proc = run_cli("export", "--db", db, "-d", dataset, "-f", "jsonl", "-o", str(out_dir), cwd=work)
    out = assert_clean_exit(proc, 0 if dataset == DATASET else 2)
    assert "out␛[2J" in out if dataset == DATASET else "no dataset 'missing" in out
    assert_no_controls(out)
