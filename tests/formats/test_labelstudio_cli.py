"""`annotator import/export --format labelstudio` as a user runs them: --offsets, and what the
import says about the offset unit and what it could not keep."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from export_helpers import record
from typer.testing import CliRunner

from annotator.cli import app
from annotator.store import open_store

FIXTURES = Path(__file__).parent / "fixtures" / "labelstudio"
runner = CliRunner()


pytestmark = pytest.mark.usefixtures("in_empty_folder")


def _invoke(*args: str):
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, " ".join(result.output.split())


@pytest.fixture
def emoji_db(tmp_path):
    """A store with one document whose spans follow emoji."""
    url = f"sqlite:///{tmp_path / 'a.db'}"
    source = record(
        "🐱 Warning: Kenya sent 😀 200 men.", [("Kenya", "COUNTRY"), ("200 men", "FIGURE")]
    )
    store = open_store(url)
    store.add_documents("news", [source.document])
    store.add_annotation("news", source.annotation)
    store.close()
    return url


def test_labelstudio_cli_export_offsets_flag_and_import_detects_the_unit(tmp_path, emoji_db):
    code, out = _invoke(
        "export",
        "-f",
        "labelstudio",
        "--out",
        tmp_path / "old",
        "--db",
        emoji_db,
        "--dataset",
        "news",
        "--offsets",
        "utf16",
    )
    assert code == 0, out
    manifest = orjson.loads((tmp_path / "old" / "manifest.json").read_bytes())
    assert "--offsets utf16" in manifest["command"]
    (task,) = orjson.loads((tmp_path / "old" / "train.json").read_bytes())
    starts = [item["value"]["start"] for item in task["annotations"][0]["result"]]
    assert starts == [12, 26]  # code points 11 and 24: UTF-16 counts each emoji twice
    back = f"sqlite:///{tmp_path / 'b.db'}"
    code, out = _invoke(
        "import",
        tmp_path / "old" / "train.json",
        "-f",
        "labelstudio",
        "--db",
        back,
        "--dataset",
        "x",
    )
    assert code == 0, out
    assert (
        "note: 1 Label Studio task(s) count offsets in UTF-16 code units (Label Studio 1.x)" in out
    )
    store = open_store(back)
    try:
        ((_, ann),) = list(store.annotations("x"))
    finally:
        store.close()
    assert [s.text for s in ann.spans] == ["Kenya", "200 men"]


def test_labelstudio_cli_import_names_what_it_did_not_keep(tmp_path):
    db = f"sqlite:///{tmp_path / 'c.db'}"
    code, out = _invoke("import", FIXTURES / "converter_csv", "-f", "labelstudio", "--db", db)
    assert code == 0, out
    assert "not kept: 3 rectanglelabels result" in out
    assert "not kept: 2 Label Studio review" in out


def test_labelstudio_cli_bad_offsets_and_wrong_format_exit_2(tmp_path, emoji_db):
    code, out = _invoke("import", FIXTURES / "emoji", "-f", "labelstudio", "--offsets", "bytes")
    assert code == 2 and "--offsets 'bytes': use codepoints or utf16" in out
    jsonl = tmp_path / "a.jsonl"
    jsonl.write_text('{"text": "Kenya"}\n', encoding="utf-8")
    code, out = _invoke("import", jsonl, "--offsets", "utf16")
    assert code == 2 and "--offsets does not apply to the jsonl format" in out
    code, out = _invoke(
        "export",
        "-f",
        "hf",
        "--out",
        tmp_path / "o",
        "--db",
        emoji_db,
        "--dataset",
        "news",
        "--offsets",
        "utf16",
    )
    assert code == 2 and "--offsets does not apply to the hf format" in out
