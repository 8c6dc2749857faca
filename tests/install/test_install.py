"""A real non-editable `pip install .` runs from any folder with the schema, sample and patterns it ships."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import orjson
import pytest

from annotator.bundled import DATA_DIR

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def _run(args: list[str | Path], cwd: Path) -> subprocess.CompletedProcess:
    """Run a command as a user would: no PYTHONPATH, no terminal, in the given folder."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def venv(tmp_path_factory) -> Path:
    """A fresh venv holding `pip install .` of a copy of this checkout's package sources.

    Dependencies are not downloaded again: a .pth file puts the running interpreter's
    site-packages after the new venv's own, so `annotator` itself resolves to the new install.
    """
    base = tmp_path_factory.mktemp("install")
    source = base / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(
        ROOT / "annotator", source / "annotator", ignore=shutil.ignore_patterns("__pycache__")
    )
    venv = base / "venv"
    made = _run([sys.executable, "-m", "venv", venv], base)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    purelib = _run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], base)
    borrowed = sorted({sysconfig.get_path("purelib"), sysconfig.get_path("platlib")})
    (Path(purelib.stdout.strip()) / "borrowed_dependencies.pth").write_text("\n".join(borrowed))
    installed = _run([python, "-m", "pip", "install", "--no-deps", "--quiet", source], base)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    return venv


def test_install_is_not_editable_and_ships_the_data_files(venv, tmp_path):
    """The installed package lives in the venv and holds byte-identical copies of the data files."""
    proc = _run(
        [venv / "bin" / "python", "-c", "import annotator; print(annotator.__file__)"], tmp_path
    )
    assert proc.returncode == 0, proc.stderr
    package = Path(proc.stdout.strip()).parent
    assert package.is_relative_to(venv)
    shipped = sorted(p.relative_to(DATA_DIR) for p in DATA_DIR.rglob("*") if p.is_file())
    assert {"schemas/foreign_fighters.toml", "corpus/foreign_fighters.jsonl"} <= set(
        map(str, shipped)
    )
    assert len([p for p in shipped if p.parent.name == "patterns"]) >= 5
    for relative in shipped:
        installed = package / "data" / relative
        assert installed.read_bytes() == (DATA_DIR / relative).read_bytes(), relative


def test_install_annotate_opens_the_sample_from_an_empty_folder(venv, tmp_path):
    """`annotator annotate` outside any checkout imports the shipped sample and shows it."""
    proc = _run([venv / "bin" / "annotator", "annotate", "--screenshot", "shot.svg"], tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "imported the sample (1 document) into 'sample'" in proc.stdout
    screen = (tmp_path / "shot.svg").read_text(encoding="utf-8")
    assert "Nearly" in screen and "foreign" in screen and "nationals" in screen
    suggested = _run(
        [
            venv / "bin" / "annotator",
            "suggest",
            "--db",
            "sqlite:///annotator.db",
            "--with",
            "patterns",
        ],
        tmp_path,
    )
    assert suggested.returncode == 0, suggested.stdout + suggested.stderr
    stored = re.search(
        r"stored (\d+) suggestion\(s\) from patterns for 1 document", suggested.stdout
    )
    assert stored and int(stored[1]) >= 50, suggested.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["annotator.db", "shot.svg"]


def test_install_schema_json_prints_and_writes_nothing(venv, tmp_path):
    """`annotator schema json` prints the JSON Schema and creates no `schemas/` folder."""
    proc = _run([venv / "bin" / "annotator", "schema", "json"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert orjson.loads(proc.stdout)["title"]
    assert list(tmp_path.iterdir()) == []
