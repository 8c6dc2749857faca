"""Documents, datasets, revisions, journal, suggestions and info, on every backend."""

from __future__ import annotations

import pytest
from store_helpers import answer, doc

from annotator.records.models import Suggestion, make_span
from annotator.store import SCHEMA_VERSION, Store, StoreError

TEXT_A = "Nearly 200 foreign nationals from 37 countries were captured."
TEXT_B = "Kenya said young Kenyans were illegally recruited."


def test_store_satisfies_protocol(store):
    assert isinstance(store, Store)
    assert store.schema_version() == SCHEMA_VERSION


def test_store_add_documents_deduplicates_by_text(store):
    first = store.add_documents("news", [doc(TEXT_A), doc(TEXT_B), doc(TEXT_A)])
    assert (first.added, first.duplicates) == (2, 1)
    again = store.add_documents("news", [doc(TEXT_B)])
    assert (again.added, again.duplicates) == (0, 1)
    assert store.document_ids("news") == [doc(TEXT_A).doc_id, doc(TEXT_B).doc_id]


def test_store_same_text_in_two_datasets(store):
    store.add_documents("one", [doc(TEXT_A)])
    result = store.add_documents("two", [doc(TEXT_A)])
    assert result.added == 1
    assert store.datasets() == ["one", "two"]


def test_store_get_document_round_trips(store):
    original = doc(TEXT_A, title="POWs", url="https://example.org/a")
    store.add_documents("news", [original])
    assert store.get_document(original.doc_id) == original
    assert store.get_document("0" * 16) is None


def test_store_revisions_are_appended_and_current_is_latest(store):
    d = doc(TEXT_A)
    store.add_documents("news", [d])
    first = store.add_annotation("news", answer(d, spans=((0, 10, "FIGURE"),)))
    second = store.add_annotation("news", answer(d, spans=((0, 10, "FIGURE"), (34, 36, "FIGURE"))))
    assert (first.revision, second.revision) == (1, 2)
    assert store.current_annotation("news", d.doc_id, "ann") == second
    assert [r.revision for r in store.revisions("news", d.doc_id, "ann")] == [1, 2]
    assert store.revisions("news", d.doc_id, "ann")[0].spans == first.spans
    assert store.current_annotation("news", d.doc_id, "other") is None


def test_store_annotation_for_unknown_document_is_refused(store):
    d = doc(TEXT_A)
    with pytest.raises(StoreError, match="not in dataset"):
        store.add_annotation("news", answer(d))


def test_store_annotations_streams_current_revisions_in_doc_order(store):
    a, b = doc(TEXT_A), doc(TEXT_B)
    store.add_documents("news", [a, b])
    store.add_annotation("news", answer(b, "zoe"))
    store.add_annotation("news", answer(a, "zoe", "reject"))
    store.add_annotation("news", answer(a, "amy"))
    store.add_annotation("news", answer(a, "amy", spans=((0, 10, "FIGURE"),)))
    got = [(d.doc_id, x.annotator, x.answer, x.revision) for d, x in store.annotations("news")]
    assert got == [
        (a.doc_id, "amy", "accept", 2),
        (a.doc_id, "zoe", "reject", 1),
        (b.doc_id, "zoe", "accept", 1),
    ]
    accepted = [x.annotator for _, x in store.annotations("news", answers=["accept"])]
    assert accepted == ["amy", "zoe"]
    views = [(d, x) for d, x in store.annotations("news", views=True)]  # what exports read
    assert [(d.document(), x) for d, x in views] == list(store.annotations("news"))
    assert [len(d.tokens) for d, _ in views] == [len(a.tokens), len(a.tokens), len(b.tokens)]


def test_store_journal_sequences_per_document_and_annotator(store):
    a, b = doc(TEXT_A), doc(TEXT_B)
    store.add_documents("news", [a, b])
    assert store.append_edit("news", a.doc_id, "amy", {"op": "add", "start": 0}) == 1
    assert store.append_edit("news", a.doc_id, "amy", {"op": "del", "start": 0}) == 2
    assert store.append_edit("news", b.doc_id, "amy", {"op": "add"}) == 1
    assert store.append_edit("news", a.doc_id, "zoe", {"op": "add"}) == 1
    entries = store.journal("news", a.doc_id, "amy")
    assert [(e.seq, e.op) for e in entries] == [
        (1, {"op": "add", "start": 0}),
        (2, {"op": "del", "start": 0}),
    ]
    assert entries[0].created_at.tzinfo is not None


def test_store_journal_for_unknown_document_is_refused(store):
    store.add_documents("news", [doc(TEXT_A)])
    with pytest.raises(StoreError):
        store.append_edit("news", "0" * 16, "amy", {"op": "add"})


def test_store_suggestions_replace_and_rejections_stick(store):
    d = doc(TEXT_A)
    store.add_documents("news", [d])
    figure = Suggestion(span=make_span(d, 0, 10, "FIGURE"), source="patterns", score=0.9)
    country = Suggestion(span=make_span(d, 34, 36, "FIGURE"), source="patterns")
    store.suggestions.replace("news", d.doc_id, [figure])
    store.suggestions.replace("news", d.doc_id, [figure, country])
    assert store.suggestions.get("news", d.doc_id) == [figure, country]
    store.suggestions.reject("news", d.doc_id, "amy", 0, 10, "FIGURE")
    store.suggestions.reject("news", d.doc_id, "amy", 0, 10, "FIGURE")
    assert store.suggestions.get("news", d.doc_id, annotator="amy") == [country]
    assert store.suggestions.get("news", d.doc_id, annotator="zoe") == [figure, country]
    store.suggestions.replace("news", d.doc_id, [figure, country])
    assert store.suggestions.get("news", d.doc_id, annotator="amy") == [country]


def test_store_unreject_suggestion_offers_it_again_to_that_annotator_only(store):
    d = doc(TEXT_A)
    store.add_documents("news", [d])
    figure = Suggestion(span=make_span(d, 0, 10, "FIGURE"), source="patterns")
    country = Suggestion(span=make_span(d, 34, 36, "FIGURE"), source="patterns")
    store.suggestions.replace("news", d.doc_id, [figure, country])
    store.suggestions.reject("news", d.doc_id, "amy", 0, 10, "FIGURE")
    store.suggestions.reject("news", d.doc_id, "zoe", 0, 10, "FIGURE")
    store.suggestions.unreject("news", d.doc_id, "amy", 0, 10, "FIGURE")
    assert store.suggestions.get("news", d.doc_id, annotator="amy") == [figure, country]
    assert store.suggestions.get("news", d.doc_id, annotator="zoe") == [country]
    store.suggestions.unreject("news", d.doc_id, "amy", 0, 10, "FIGURE")
    store.suggestions.reject("news", d.doc_id, "amy", 0, 10, "FIGURE")
    assert store.suggestions.rejected("news", d.doc_id, "amy") == {(0, 10, "FIGURE")}


def test_store_info_counts_per_dataset_and_annotator(store):
    a, b = doc(TEXT_A), doc(TEXT_B)
    store.add_documents("news", [a, b])
    store.add_annotation("news", answer(a, "amy"))
    store.add_annotation("news", answer(a, "amy", "reject"))
    store.add_annotation("news", answer(b, "zoe"))
    store.append_edit("news", a.doc_id, "amy", {"op": "add"})
    info = store.info()
    assert info["backend"] == store.backend
    assert info["schema_version"] == SCHEMA_VERSION
    news = info["datasets"]["news"]
    assert news["documents"] == 2
    assert news["answered_documents"] == 2
    assert news["annotators"] == {"amy": {"reject": 1}, "zoe": {"accept": 1}}
    assert news["journal_edits"] == 1


def test_store_position_and_size_for_progress(store):
    a, b = doc(TEXT_A), doc(TEXT_B)
    store.add_documents("news", [a, b])
    assert store.dataset_size("news") == 2
    assert store.position("news", b.doc_id) == 2
    assert store.position("news", "0" * 16) is None


def test_store_reopen_keeps_everything(store_url):
    from annotator.store import open_store

    d = doc(TEXT_A)
    first = open_store(store_url)
    first.add_documents("news", [d])
    first.add_annotation("news", answer(d))
    first.append_edit("news", d.doc_id, "ann", {"op": "add"})
    first.close()
    second = open_store(store_url)
    assert second.document_ids("news") == [d.doc_id]
    assert second.current_annotation("news", d.doc_id, "ann") is not None
    assert len(second.journal("news", d.doc_id, "ann")) == 1
    second.close()
