"""`annotator agreement` option mistakes: an unknown label or a single annotator is a usage error."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .conftest import invoke

HELDOUT = Path(__file__).resolve().parents[2] / "tests" / "suggest" / "data" / "heldout_news.jsonl"


@pytest.fixture
def db(tmp_path) -> str:
    """A store where two annotators accepted the same eight documents."""
    url = f"sqlite:///{tmp_path / 'team.db'}"
    for name in ("ann", "bob"):
        result = invoke("import", str(HELDOUT), "--db", url, "-d", "team", "--annotator", name)
        assert result.exit_code == 0, result.output
    return url


@pytest.mark.parametrize("labels", ["ACTOR,COUNTRI", "actor"])
def test_team_cmd_agreement_unknown_label_exits_2(db, labels):
    """A misspelt or lower-case label is named, with the schema's labels, instead of being ignored."""
    result = invoke("agreement", "--db", db, "-d", "team", "--labels", labels)
    assert result.exit_code == 2, result.output
    assert "unknown label(s)" in result.text and "ACTOR, COUNTRY" in result.text


def test_team_cmd_agreement_one_annotator_exits_2(db):
    """--annotators with one name asks for two or more."""
    result = invoke("agreement", "--db", db, "-d", "team", "--annotators", "ann")
    assert result.exit_code == 2, result.output
    assert "two or more annotators" in result.text


def test_team_cmd_agreement_known_label_runs(db):
    """A correct --labels still gives the report."""
    result = invoke("agreement", "--db", db, "-d", "team", "--labels", "ACTOR", "--format", "json")
    assert result.exit_code == 0, result.output
    assert '"ACTOR"' in result.output and '"COUNTRY"' not in result.output


@pytest.mark.skipif(
    not os.environ.get("ANNOTATOR_TEST_PG"),
    reason="PostgreSQL tests need ANNOTATOR_TEST_PG (run `source .ci/postgres.sh`)",
)
def test_team_cmd_unknown_dataset_hides_database_password():
    """The 'no dataset' message names the PostgreSQL database without its password."""
    import uuid

    import psycopg

    from annotator.store import open_store
    from annotator.store.postgres import split_url

    base = os.environ["ANNOTATOR_TEST_PG"]
    url = f"{base}{'&' if '?' in base else '?'}schema=t_{uuid.uuid4().hex[:12]}"
    open_store(url).close()  # an annotator database with no datasets yet
    password = urlsplit(url).password
    try:
        result = invoke("stats", "--db", url, "-d", "no-such-dataset-here")
    finally:
        conninfo, schema = split_url(url)
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    assert result.exit_code == 2, result.output
    assert "no dataset 'no-such-dataset-here'" in result.text
    assert not password or f":{password}@" not in result.output


def test_team_cmd_stats_table_fits_80_columns(tmp_path):
    """At 80 columns every header and figure of the per-annotator table is whole."""
    url = f"sqlite:///{tmp_path / 'stats.db'}"
    name = "annotator-sixteen"
    assert (
        invoke("import", str(HELDOUT), "--db", url, "-d", "team", "--annotator", name).exit_code
        == 0
    )
    result = invoke("stats", "--db", url, "-d", "team")
    assert result.exit_code == 0, result.output
    table = result.output.split("Spans per label")[0]
    assert "…" not in table
    for header in ("annotator", "docs", "a/r/i", "spans", "s/doc", "s/span", "claims"):
        assert header in table
    assert f"{name} " in table and " 8/0/0 " in table


def test_team_cmd_agreement_figures_whole_at_80_columns(tmp_path):
    """Long annotator names wrap in the pair column; no figure of the pair tables is cut."""
    url = f"sqlite:///{tmp_path / 'long.db'}"
    for name in ("annotator-with-a-long-name", "carl"):
        result = invoke("import", str(HELDOUT), "--db", url, "-d", "team", "--annotator", name)
        assert result.exit_code == 0, result.output
    result = invoke("agreement", "--db", url, "-d", "team")
    assert result.exit_code == 0, result.output
    pair_tables = result.output.split("Per label")[0]
    assert "…" not in pair_tables
    assert pair_tables.count("1.000") >= 10
