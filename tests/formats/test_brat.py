"""brat export: file names from doc_id or a sanitised meta name, never outside the output folder."""

from __future__ import annotations

import pytest
from export_helpers import export, record

from annotator.files import safe_child, safe_name
from annotator.formats.base import FormatError


def test_brat_meta_name_cannot_escape_the_output_folder(tmp_path):
    out = tmp_path / "out"
    evil = record("Kenya spoke.", [("Kenya", "COUNTRY")], meta={"name": "../../../etc/passwd"})
    manifest = export([evil], "brat", out)
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert all(out in p.parents for p in written)
    assert "train/etc_passwd.txt" in manifest["files"]


def test_brat_uses_doc_id_without_a_name_and_suffixes_annotators(tmp_path):
    text = "Kenya and Nepal sent men."
    a = record(text, [("Kenya", "COUNTRY")], annotator="ana")
    b = record(text, [("Nepal", "COUNTRY")], annotator="ben/../x")
    manifest = export([a, b], "brat", tmp_path)
    names = sorted(n for n in manifest["files"] if n.endswith(".ann"))
    assert names == [f"train/{a.doc_id}.ana.ann", f"train/{a.doc_id}.ben_.._x.ann"]


@pytest.mark.parametrize("name", ["../x", "/etc/passwd", "a/../../b"])
def test_brat_safe_child_refuses_paths_outside(tmp_path, name):
    with pytest.raises(FormatError, match="outside the output folder"):
        safe_child(tmp_path, name)


@pytest.mark.parametrize(
    ("raw", "clean"), [("../../a b", "a_b"), ("...", "document"), ("ok-1.x", "ok-1.x")]
)
def test_brat_safe_name_has_no_separators(raw, clean):
    assert safe_name(raw) == clean
