"""The agreement and stats commands as a user runs them: tables, JSON and clear errors."""

from __future__ import annotations

import orjson
import pytest
from team_helpers import version
from typer.testing import CliRunner

from annotator.cli import app
from annotator.records.models import make_document
from annotator.records.tokenization import tokenize, tokenizer_id
from annotator.store import open_store

TEXTS = ["Ukraine and Russia traded 200 prisoners.", "Moscow denied it."]


@pytest.fixture
def team_db(tmp_path):
    """Two annotators: they agree on the first document and split on the second."""
    url = f"sqlite:///{tmp_path / 'team.db'}"
    store = open_store(url)
    trade, denial = (make_document(t, tokenize(t), tokenizer_id()) for t in TEXTS)
    store.add_documents("news", [trade, denial])
    for name in ("ann", "bob"):
        store.add_annotation("news", version(trade, name, [("Ukraine", "COUNTRY")]))
    store.add_annotation("news", version(denial, "ann", [("Moscow", "COUNTRY")]))
    store.add_annotation("news", version(denial, "bob", [("Moscow", "ACTOR")]))
    store.close()
    return url, trade, denial


def run(*args: str):
    """Invoke the CLI."""
    return CliRunner().invoke(app, list(args))


def test_team_cmd_agreement_json_ranks_the_disputed_document_first(team_db):
    url, trade, denial = team_db
    result = run("agreement", "--db", url, "-d", "news", "--format", "json")
    assert result.exit_code == 0, result.output
    data = orjson.loads(result.stdout)
    assert [(p["a"], p["b"], p["docs"]) for p in data["pairs"]] == [("ann", "bob", 2)]
    assert data["overall"]["exact"]["micro"]["f1"] == pytest.approx(0.5)
    assert [d["doc_id"] for d in data["documents"]] == [denial.doc_id, trade.doc_id]
    assert data["confusion"]["entities"]["labels"] == ["O", "ACTOR", "COUNTRY"]


def test_team_cmd_agreement_text_shows_tables(team_db):
    url, *_ = team_db
    result = run("agreement", "--db", url, "-d", "news", "--labels", "COUNTRY,ACTOR")
    assert result.exit_code == 0, result.output
    for heading in ("Pairs", "Per label", "Krippendorff", "Label confusion", "Lowest agreement"):
        assert heading in result.stdout


def test_team_cmd_agreement_errors_name_the_fix(team_db):
    url, *_ = team_db
    missing = run("agreement", "--db", url, "-d", "nope")
    assert missing.exit_code == 2
    assert "datasets: news" in missing.output
    unknown = run("agreement", "--db", url, "-d", "news", "--annotators", "ann,zed")
    assert unknown.exit_code == 2
    assert "zed" in unknown.output and "ann, bob" in unknown.output
    alone = run("agreement", "--db", url, "-d", "news", "--annotators", "ann")
    assert alone.exit_code == 2
    assert "two or more annotators" in alone.output


def test_team_cmd_stats_json_and_bar_chart(team_db):
    url, *_ = team_db
    result = run("stats", "--db", url, "-d", "news", "--format", "json")
    assert result.exit_code == 0, result.output
    data = orjson.loads(result.stdout)
    assert data["spans_per_label"] == {"COUNTRY": 3, "ACTOR": 1}
    assert data["annotators"]["bob"]["answered"] == 2
    assert data["docs_with_overlap_2plus"] == 2
    text = run("stats", "--db", url, "-d", "news")
    assert text.exit_code == 0, text.output
    bars = [line for line in text.stdout.splitlines() if line.startswith(("COUNTRY", "ACTOR"))]
    assert len(bars) == 2
    assert bars[0].count("█") == 40 and bars[1].count("█") == round(40 / 3)


def test_team_cmd_agreement_reports_relations_attributes_and_doc_labels(tmp_path):
    from annotator.records.models import Relation

    url = f"sqlite:///{tmp_path / 'rel.db'}"
    store = open_store(url)
    text = "Ukraine says 200 fighters came from Russia."
    doc = make_document(text, tokenize(text), tokenizer_id())
    store.add_documents("news", [doc])
    phrases = [("Ukraine", "ACTOR"), ("Russia", "COUNTRY"), ("200", "FIGURE")]
    for name, iso3, approx, stance in (
        ("ann", "RUS", True, "critical"),
        ("bob", "UKR", True, "neutral"),
    ):
        base = version(doc, name, phrases)
        spans = tuple(
            s.model_copy(update={"attrs": {"iso3": iso3}})
            if s.label == "COUNTRY"
            else s.model_copy(update={"attrs": {"approx": approx}})
            if s.label == "FIGURE"
            else s
            for s in base.spans
        )
        by = {s.label: s.id for s in spans}
        relations = [Relation(head=by["ACTOR"], child=by["COUNTRY"], label="RECRUITS_FROM")]
        if name == "ann":
            relations.append(Relation(head=by["FIGURE"], child=by["ACTOR"], label="COUNTS"))
        store.add_annotation(
            "news",
            base.model_copy(
                update={
                    "spans": spans,
                    "relations": tuple(relations),
                    "doc_labels": {"relevance": ("on-topic",), "stance": (stance,)},
                }
            ),
        )
    store.close()
    result = run("agreement", "--db", url, "-d", "news", "--format", "json")
    assert result.exit_code == 0, result.output
    data = orjson.loads(result.stdout)
    # ann is the reference: 2 relations, bob drew 1 of them
    assert data["relations"]["labels"]["RECRUITS_FROM"]["f1"] == 1.0
    assert data["relations"]["labels"]["COUNTS"]["recall"] == 0.0
    micro = data["relations"]["micro"]
    assert (micro["precision"], micro["recall"]) == (1.0, 0.5)
    assert micro["f1"] == pytest.approx(2 / 3)
    assert data["attributes"]["COUNTRY"]["iso3"]["agreement"] == 0.0
    assert data["attributes"]["FIGURE"]["approx"]["agreement"] == 1.0
    assert data["doc_labels"]["relevance"]["agreement"] == 1.0
    assert data["doc_labels"]["stance"]["agreement"] == 0.0
    text_out = run("agreement", "--db", url, "-d", "news")
    assert text_out.exit_code == 0, text_out.output
    for heading in ("Relations", "RECRUITS_FROM", "Attributes", "Document labels", "stance"):
        assert heading in text_out.stdout
