"""`export --force` deletes only what a previous export wrote, unchanged; links and leftovers."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

import orjson
import pytest

from .conftest import digest, fill, invoke


@pytest.fixture
def db(tmp_path) -> str:
    """Dataset 'news': 6 documents, two annotators."""
    url = f"sqlite:///{tmp_path / 'a.db'}"
    fill(url, count=6)
    return url


def _export(db: str, out: Path, fmt: str = "jsonl", *more: str):
    return invoke("export", "-f", fmt, "--out", out, "-d", "news", "--db", db, *more)


def _tree(folder: Path) -> dict[str, bytes]:
    """Every file under a folder (following no link) with its bytes."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            found[str(path.relative_to(folder))] = path.read_bytes()
    return found


def test_hostile_force_keeps_files_a_hand_written_manifest_lists(tmp_path, db):
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("my notes", encoding="utf-8")
    (out / "data.csv").write_text("a,b\n", encoding="utf-8")
    fake = {"files": {"notes.txt": {"sha256": "0" * 64}, "data.csv": {}, "../a.db": {}}}
    (out / "manifest.json").write_bytes(orjson.dumps(fake))
    before = digest(tmp_path / "a.db")
    result = _export(db, out, "jsonl", "--force")
    assert result.exit_code == 0, result.output
    assert "kept 1 file(s) the previous manifest.json lists" in result.text
    assert "since that export: notes.txt" in result.text
    assert (out / "notes.txt").read_text(encoding="utf-8") == "my notes"
    assert (out / "data.csv").read_text(encoding="utf-8") == "a,b\n"
    assert sorted(p.name for p in out.iterdir()) == [
        "data.csv",
        "manifest.json",
        "notes.txt",
        "train.jsonl",
    ]
    assert digest(tmp_path / "a.db") == before


@pytest.mark.parametrize(
    "prepare, why",
    [
        (lambda out: (out / "train.jsonl").write_text("mine\n"), "manifest.json does not list it"),
        (
            lambda out: (out / "train.jsonl").write_bytes(b"edited\n"),
            "its content changed since that export",
        ),
        (lambda out: (out / "train.jsonl").mkdir(), "it is a folder"),
    ],
    ids=["unlisted", "edited", "folder"],
)
def test_hostile_force_refuses_to_replace_what_no_export_wrote(tmp_path, db, prepare, why):
    out = tmp_path / "out"
    assert _export(db, out, "hf").exit_code == 0  # train.jsonl, README.md, dataset_info.json
    if why != "its content changed since that export":
        (out / "train.jsonl").unlink()
        manifest = orjson.loads((out / "manifest.json").read_bytes())
        del manifest["files"]["train.jsonl"]
        (out / "manifest.json").write_bytes(orjson.dumps(manifest))
    prepare(out)
    before = _tree(out)
    result = _export(db, out, "jsonl", "--force")
    assert result.exit_code == 2, result.output
    assert f"{out / 'train.jsonl'} would be replaced but is not a file of the previous export" in (
        result.text
    )
    assert why in result.text and "(nothing was deleted)" in result.text
    assert "Traceback" not in result.output
    assert _tree(out) == before
    assert not [p for p in out.iterdir() if p.name.startswith(".export")]


def test_hostile_force_refuses_a_symlinked_split_folder_before_deleting(tmp_path, db):
    """A brat export whose `train/` was replaced by a link: refused, every file still there."""
    out = tmp_path / "out"
    assert _export(db, out, "brat").exit_code == 0
    elsewhere = tmp_path / "elsewhere"
    (out / "train").rename(elsewhere)
    (out / "train").symlink_to(elsewhere, target_is_directory=True)
    before_out, before_elsewhere = _tree(out), _tree(elsewhere)
    result = _export(db, out, "brat", "--force")
    assert result.exit_code == 2, result.output
    assert f"{out / 'train'} is a symbolic link" in result.text
    assert "remove the link or choose another --out (nothing was deleted)" in result.text
    assert "Traceback" not in result.output
    assert _tree(out) == before_out and _tree(elsewhere) == before_elsewhere
    assert (out / "manifest.json").is_file()


def test_hostile_force_refuses_a_symlinked_manifest(tmp_path, db):
    out = tmp_path / "out"
    assert _export(db, out).exit_code == 0
    real = tmp_path / "real.json"
    (out / "manifest.json").rename(real)
    (out / "manifest.json").symlink_to(real)
    result = _export(db, out, "jsonl", "--force")
    assert result.exit_code == 2, result.output
    assert "manifest.json is a symbolic link" in result.text
    assert (out / "train.jsonl").is_file() and real.is_file()


def test_hostile_force_refuses_a_manifest_no_export_wrote(tmp_path, db):
    out = tmp_path / "out"
    out.mkdir()
    (out / "manifest.json").write_text("my own notes, not JSON", encoding="utf-8")
    result = _export(db, out, "jsonl", "--force")
    assert result.exit_code == 2, result.output
    assert "manifest.json is not a manifest an annotator export wrote" in result.text
    assert (out / "manifest.json").read_text(encoding="utf-8") == "my own notes, not JSON"
    assert sorted(p.name for p in out.iterdir()) == ["manifest.json"]


def _staging(out: Path, name: str) -> Path:
    """A staging folder as a killed export leaves it, with a half-written file."""
    folder = out / f".export-staging-{name}"
    folder.mkdir(parents=True)
    (folder / "train.jsonl").write_bytes(b'{"half": ')
    return folder


@pytest.mark.parametrize("force", [False, True])
def test_hostile_stale_staging_is_cleaned_live_staging_is_not(tmp_path, db, force):
    out = tmp_path / "out"
    if force:
        assert _export(db, out).exit_code == 0
    stale = _staging(out, "killed")
    live = _staging(out, "running")
    lock = os.open(live, os.O_RDONLY)
    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as a running export holds it
    try:
        result = _export(db, out, "jsonl", *(["--force"] if force else []))
    finally:
        os.close(lock)
    assert result.exit_code == 0, result.output
    assert not stale.exists()
    assert (live / "train.jsonl").read_bytes() == b'{"half": '
    names = sorted(p.name for p in out.iterdir())
    assert names == [".export-staging-running", "manifest.json", "train.jsonl"]
