"""`annotator annotate --dataset` with a misspelt name: an error listing the datasets, nothing created."""

from __future__ import annotations

from annotator.store import open_store

from .conftest import invoke


def test_annotate_cmd_unknown_dataset_exits_2_and_creates_nothing(tmp_path):
    """A typo in --dataset on a database that has datasets does not import the sample under it."""
    db = f"sqlite:///{tmp_path / 'a.db'}"
    article = tmp_path / "article.txt"
    article.write_text("Kenya said 17 men were recruited.", encoding="utf-8")
    assert invoke("import", str(article), "--db", db, "-d", "ukraine").exit_code == 0
    result = invoke("annotate", "--db", db, "--dataset", "ukrain")
    assert result.exit_code == 2, result.output
    assert (
        "datasets: ukraine" in result.text
        and "annotator import FILE --dataset ukrain" in result.text
    )
    store = open_store(db)
    try:
        assert store.datasets() == ["ukraine"]
    finally:
        store.close()
