"""Review logic: merging versions, picks, the reviewer's revision, auto-accept, and its export."""

from __future__ import annotations

from collections import Counter

import pytest
from team_helpers import WHEN, doc_of, export_reviewed, version
from typer.testing import CliRunner

from annotator.cli import app
from annotator.review import ReviewItem, auto_accept_unanimous, review_queue
from annotator.store import open_store

TRADE = "Ukraine and Russia traded 200 prisoners."
DENIAL = "Moscow denied it."
DRONES = "Iran sent drones."


def keys(spans) -> set[tuple[str, str]]:
    """(text, label) of spans."""
    return {(s.text, s.label) for s in spans}


def test_review_unanimous_spans_start_accepted_disagreements_marked():
    doc = doc_of(TRADE)
    item = ReviewItem.of(
        doc,
        {
            "bob": version(doc, "bob", [("Ukraine", "COUNTRY"), ("200", "FIGURE")]),
            "ann": version(doc, "ann", [("Ukraine", "COUNTRY"), ("Russia", "COUNTRY")]),
        },
    )
    assert item.annotators == ("ann", "bob")
    assert keys(item.spans()) == {("Ukraine", "COUNTRY")}
    assert [(c.span.text, c.annotators) for c in item.disagreements] == [
        ("Russia", ("ann",)),
        ("200", ("bob",)),
    ]
    assert not item.unanimous


def test_review_take_version_accept_and_drop_build_the_revision():
    doc = doc_of(TRADE)
    item = ReviewItem.of(
        doc,
        {
            "ann": version(doc, "ann", [("Ukraine", "COUNTRY"), ("Russia", "COUNTRY")]),
            "bob": version(doc, "bob", [("Ukraine", "COUNTRY"), ("200", "FIGURE")]),
        },
    )
    item.take_version("bob")
    assert keys(item.spans()) == {("Ukraine", "COUNTRY"), ("200", "FIGURE")}
    russia = next(c.key for c in item.candidates if c.span.text == "Russia")
    item.accept(russia)
    item.drop(next(c.key for c in item.candidates if c.span.text == "Ukraine"))
    revision = item.revision("lead", when=WHEN)
    assert revision.annotator == "lead"
    assert revision.sources == ("ann", "bob")
    assert revision.answer == "accept"
    assert [s.text for s in revision.spans] == ["Russia", "200"]
    with pytest.raises(KeyError):
        item.accept((0, 3, "ACTOR"))


def test_review_attribute_difference_is_a_disagreement():
    doc = doc_of(TRADE)
    item = ReviewItem.of(
        doc,
        {
            "ann": version(doc, "ann", [("200", "FIGURE")], attrs={"unit": "people"}),
            "bob": version(doc, "bob", [("200", "FIGURE")], attrs={"unit": "troops"}),
        },
    )
    assert item.spans() == ()
    assert len(item.disagreements) == 1


def test_review_unanimous_rejection_gives_a_rejecting_revision():
    doc = doc_of(TRADE)
    item = ReviewItem.of(doc, {n: version(doc, n, [], kind="reject") for n in ("ann", "bob")})
    assert item.unanimous
    assert item.revision("lead").answer == "reject"


def test_review_queue_skips_single_versions_reviewer_annotated_and_reviewed():
    trade, denial, drones = doc_of(TRADE), doc_of(DENIAL), doc_of(DRONES)
    records = [
        (trade, version(trade, "ann", [("Ukraine", "COUNTRY")])),
        (trade, version(trade, "bob", [("Ukraine", "COUNTRY")])),
        (denial, version(denial, "ann", [])),
        (drones, version(drones, "ann", [])),
        (drones, version(drones, "lead", [])),
    ]
    skipped: Counter[str] = Counter()
    assert [i.doc.doc_id for i in review_queue(records, "lead", skipped)] == [trade.doc_id]
    assert skipped == {"fewer than 2 versions": 1, "annotated by the reviewer lead": 1}
    reviewed = [*records[:2], (trade, version(trade, "lead", [], sources=("ann", "bob")))]
    skipped.clear()
    assert list(review_queue(reviewed, "lead", skipped)) == []
    assert skipped == {"already reviewed": 1}


def test_review_auto_accept_only_unanimous_documents():
    trade, denial = doc_of(TRADE), doc_of(DENIAL)
    records = [
        (trade, version(trade, "ann", [("Ukraine", "COUNTRY")])),
        (trade, version(trade, "bob", [("Ukraine", "COUNTRY")])),
        (denial, version(denial, "ann", [("Moscow", "COUNTRY")])),
        (denial, version(denial, "bob", [("Moscow", "ACTOR")])),
    ]
    skipped: Counter[str] = Counter()
    revisions = list(auto_accept_unanimous(records, "lead", skipped))
    assert [(r.doc_id, r.sources, keys(r.spans)) for r in revisions] == [
        (trade.doc_id, ("ann", "bob"), {("Ukraine", "COUNTRY")})
    ]
    assert skipped == {"annotators disagree": 1}


@pytest.fixture
def review_db(tmp_path):
    """A SQLite database: one unanimous document, one disputed, one answered once."""
    url = f"sqlite:///{tmp_path / 'review.db'}"
    store = open_store(url)
    trade, denial, drones = doc_of(TRADE), doc_of(DENIAL), doc_of(DRONES)
    store.add_documents("news", [trade, denial, drones])
    for name in ("ann", "bob"):
        store.add_annotation("news", version(trade, name, [("Ukraine", "COUNTRY")]))
    store.add_annotation("news", version(denial, "ann", [("Moscow", "COUNTRY")]))
    store.add_annotation("news", version(denial, "bob", [("Moscow", "ACTOR")]))
    store.add_annotation("news", version(drones, "ann", [("Iran", "COUNTRY")]))
    store.close()
    return url, trade, denial


def test_review_cli_auto_accept_stores_revision_that_export_reviewed_writes(review_db, tmp_path):
    url, trade, denial = review_db
    runner = CliRunner()
    args = ["review", "--db", url, "-d", "news", "--reviewer", "lead", "--auto-accept-unanimous"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "accepted 1 unanimous" in result.output
    store = open_store(url)
    stored = store.current_annotation("news", trade.doc_id, "lead")
    assert stored is not None and stored.sources == ("ann", "bob")
    assert store.current_annotation("news", denial.doc_id, "lead") is None
    store.close()

    again = runner.invoke(app, args)
    assert "accepted 0 unanimous" in again.output
    assert "already reviewed" in again.output

    out = tmp_path / "out"
    lines = export_reviewed(url, out)
    assert [(r["doc_id"], r["annotator"], r["sources"]) for r in lines] == [
        (trade.doc_id, "lead", ["ann", "bob"])
    ]


def test_review_cli_without_tui_explains_the_alternative(review_db, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_tui(name, *args, **kwargs):
        if name.startswith("annotator.tui"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_tui)
    url, *_ = review_db
    result = CliRunner().invoke(app, ["review", "--db", url, "-d", "news"])
    assert result.exit_code == 2
    assert "--auto-accept-unanimous" in result.output


def with_parts(doc, name, phrases, relations=(), doc_labels=None, kind="accept"):
    """A version whose relations are (head phrase, child phrase, label) over its spans."""
    base = version(doc, name, phrases, kind)
    by_text = {s.text: s.id for s in base.spans}
    from annotator.records.models import Relation

    return base.model_copy(
        update={
            "relations": tuple(
                Relation(head=by_text[h], child=by_text[c], label=label)
                for h, c, label in relations
            ),
            "doc_labels": doc_labels or {},
        }
    )


def rel_keys(relations, spans) -> set[tuple[str, str, str]]:
    """(head text, child text, label) of relations named by span ids."""
    text_of = {s.id: s.text for s in spans}
    return {(text_of[r.head], text_of[r.child], r.label) for r in relations}


RUTO = "Ruto said Kenya recruited 200 men."
PHRASES = [("Ruto", "ACTOR"), ("Kenya", "COUNTRY"), ("200", "FIGURE")]


def test_review_relations_agreed_kept_disputed_offered_and_only_between_kept_spans():
    doc = doc_of(RUTO)
    ann = with_parts(
        doc,
        "ann",
        PHRASES,
        [("Ruto", "Kenya", "RECRUITS_FROM"), ("200", "Ruto", "COUNTS")],
        {"relevance": ("on-topic",), "stance": ("critical",)},
    )
    bob = with_parts(
        doc,
        "bob",
        PHRASES,
        [("Ruto", "Kenya", "RECRUITS_FROM"), ("200", "Kenya", "COUNTS")],
        {"relevance": ("on-topic",), "stance": ("neutral",)},
    )
    item = ReviewItem.of(doc, {"ann": ann, "bob": bob})
    assert not item.disagreements  # the spans agree...
    assert not item.unanimous  # ...but relations and a doc label do not
    assert [(c.label, c.annotators) for c in item.disputed_relations] == [
        ("COUNTS", ("ann",)),
        ("COUNTS", ("bob",)),
    ]
    assert [c.name for c in item.disputed_doc_labels] == ["stance"]
    assert item.undecided(set()) == {"spans": 0, "relations": 2, "document labels": 1}
    first = item.revision("lead", when=WHEN)
    assert rel_keys(first.relations, first.spans) == {("Ruto", "Kenya", "RECRUITS_FROM")}
    assert first.doc_labels == {"relevance": ("on-topic",)}  # the disputed one is left unset
    counts_kenya = item.disputed_relations[1].key
    item.keep_relation(counts_kenya)
    item.keep_relation(item.disputed_relations[0].key, keep=False)
    item.choose_doc_label("stance", ("neutral",))
    assert item.undecided(set()) == {"spans": 0, "relations": 0, "document labels": 0}
    second = item.revision("lead", when=WHEN)
    assert rel_keys(second.relations, second.spans) == {
        ("Ruto", "Kenya", "RECRUITS_FROM"),
        ("200", "Kenya", "COUNTS"),
    }
    assert second.doc_labels == {"relevance": ("on-topic",), "stance": ("neutral",)}
    # a relation whose span the reviewer dropped is left out
    without_kenya = [s for s in second.spans if s.text != "Kenya"]
    third = item.revision("lead", spans=without_kenya, when=WHEN)
    assert third.relations == ()


def test_review_take_version_takes_relations_and_doc_labels_too():
    doc = doc_of(RUTO)
    ann = with_parts(doc, "ann", PHRASES, [("200", "Ruto", "COUNTS")], {"stance": ("critical",)})
    bob = with_parts(doc, "bob", PHRASES, [("200", "Kenya", "COUNTS")], {"stance": ("neutral",)})
    item = ReviewItem.of(doc, {"ann": ann, "bob": bob})
    item.take_version("bob")
    taken = item.revision("lead", when=WHEN)
    assert rel_keys(taken.relations, taken.spans) == {("200", "Kenya", "COUNTS")}
    assert taken.doc_labels == {"stance": ("neutral",)}
    assert item.undecided(set()) == {"spans": 0, "relations": 0, "document labels": 0}


def test_review_unanimous_needs_equal_relations_and_doc_labels():
    doc = doc_of(RUTO)
    rel = [("Ruto", "Kenya", "RECRUITS_FROM")]
    same = {
        name: with_parts(doc, name, PHRASES, rel, {"relevance": ("on-topic",)})
        for name in ("ann", "bob")
    }
    item = ReviewItem.of(doc, same)
    assert item.unanimous
    revision = item.revision("lead", when=WHEN)
    assert rel_keys(revision.relations, revision.spans) == {("Ruto", "Kenya", "RECRUITS_FROM")}
    assert revision.doc_labels == {"relevance": ("on-topic",)}
    one_missing = dict(same, bob=with_parts(doc, "bob", PHRASES, rel))
    assert not ReviewItem.of(doc, one_missing).unanimous
    no_relation = dict(same, bob=with_parts(doc, "bob", PHRASES, (), {"relevance": ("on-topic",)}))
    assert not ReviewItem.of(doc, no_relation).unanimous
    records = [(doc, a) for a in same.values()] + [
        (doc_of(TRADE), a)
        for a in (
            with_parts(doc_of(TRADE), "ann", [("Ukraine", "COUNTRY")], (), {"stance": ("a",)}),
            with_parts(doc_of(TRADE), "bob", [("Ukraine", "COUNTRY")], (), {"stance": ("b",)}),
        )
    ]
    records.sort(key=lambda pair: pair[0].doc_id)
    skipped: Counter[str] = Counter()
    revisions = list(auto_accept_unanimous(records, "lead", skipped))
    assert [r.doc_id for r in revisions] == [doc.doc_id]
    assert skipped == {"annotators disagree": 1}


def test_review_cli_schema_option_picks_the_review_screen_schema(review_db, tmp_path, monkeypatch):
    from annotator.schema.model import default_schema_path
    from annotator.tui.review_app import ReviewApp

    seen = {}
    monkeypatch.setattr(ReviewApp, "run", lambda self: seen.setdefault("schema", self.flow.schema))
    custom = tmp_path / "other.toml"
    text = default_schema_path().read_text(encoding="utf-8")
    custom.write_text(text.replace('name = "foreign-fighters"', 'name = "other-news"', 1))
    url, *_ = review_db
    result = CliRunner().invoke(app, ["review", "--db", url, "-d", "news", "--schema", str(custom)])
    assert result.exit_code == 0, result.output
    assert seen["schema"].name == "other-news"
    broken = tmp_path / "broken.toml"
    broken.write_text("name = \n")
    bad = CliRunner().invoke(app, ["review", "--db", url, "-d", "news", "--schema", str(broken)])
    assert bad.exit_code == 2
    assert "broken.toml" in bad.output
