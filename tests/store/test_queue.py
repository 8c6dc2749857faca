"""The task queue: order, overlap, claims that expire, late answers, many processes at once."""

from __future__ import annotations

import multiprocessing
import time
from collections import Counter

import pytest
from store_helpers import answer, doc
from store_workers import claim_and_answer

from annotator.store import ClaimExpired, open_store

TEXTS = [f"Report number {i} says {i * 7} fighters were captured." for i in range(6)]


@pytest.fixture
def queued(store):
    """A store with six documents in dataset 'q'."""
    docs = [doc(t) for t in TEXTS]
    store.add_documents("q", docs)
    return store, [d.doc_id for d in docs]


def test_queue_hands_out_documents_in_order_and_resumes_own_claim(queued):
    store, ids = queued
    first = store.queue.next_task("q", "amy")
    assert first.doc_id == ids[0]
    assert store.queue.next_task("q", "amy").doc_id == ids[0]
    assert store.queue.next_task("q", "zoe").doc_id == ids[1]


def test_queue_overlap_one_never_shares_a_document(queued):
    store, ids = queued
    got = [store.queue.next_task("q", f"a{i}").doc_id for i in range(6)]
    assert sorted(got) == sorted(ids)
    assert store.queue.next_task("q", "late") is None


def test_queue_overlap_two_gives_each_document_to_two_annotators(queued):
    store, ids = queued
    for name in ("amy", "zoe"):
        seen = []
        while (task := store.queue.next_task("q", name, overlap=2)) is not None:
            seen.append(task.doc_id)
            store.answer_task("q", answer(store.get_document(task.doc_id), name))
        assert seen == ids
    assert store.queue.next_task("q", "third", overlap=2) is None
    assert store.queue.next_task("q", "third", overlap=3).doc_id == ids[0]


def test_queue_answered_document_is_not_offered_again(queued):
    store, ids = queued
    task = store.queue.next_task("q", "amy")
    store.answer_task("q", answer(store.get_document(task.doc_id), "amy"))
    assert store.queue.next_task("q", "amy").doc_id == ids[1]
    assert store.queue.answered_count("q", "amy") == 1


def test_queue_expired_claim_returns_to_pool_and_late_answer_is_kept(queued):
    store, ids = queued
    task = store.queue.next_task("q", "amy", claim_seconds=0.2)
    assert task.doc_id == ids[0]
    assert store.queue.next_task("q", "zoe").doc_id == ids[1]
    time.sleep(0.3)
    assert store.queue.next_task("q", "bob").doc_id == ids[0]
    with pytest.raises(ClaimExpired) as caught:
        store.answer_task("q", answer(store.get_document(ids[0]), "amy"))
    assert caught.value.annotation.revision == 1
    assert store.current_annotation("q", ids[0], "amy").answer == "accept"


def test_queue_released_claim_goes_back_to_pool(queued):
    store, ids = queued
    store.queue.next_task("q", "amy")
    store.queue.release_claim("q", ids[0], "amy")
    assert store.queue.next_task("q", "zoe").doc_id == ids[0]


def _run_workers(url: str, overlap: int, workers: int = 8):
    ctx = multiprocessing.get_context("fork")
    out = ctx.Queue()
    procs = [
        ctx.Process(target=claim_and_answer, args=(url, "big", f"w{i}", overlap, out))
        for i in range(workers)
    ]
    for p in procs:
        p.start()
    results = [out.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=30)
        assert p.exitcode == 0
    return results


@pytest.mark.parametrize("overlap", [1, 2])
@pytest.mark.slow
def test_queue_eight_processes_answer_each_document_exactly_overlap_times(store_url, overlap):
    store = open_store(store_url)
    texts = [f"Document {i}: {i} foreign nationals were held." for i in range(500)]
    store.add_documents("big", [doc(t) for t in texts])
    ids = store.document_ids("big")
    store.close()
    results = _run_workers(store_url, overlap)
    claimed = Counter(d for _, claims, _ in results for d in claims)
    per_worker = [claims for _, claims, _ in results]
    assert all(len(c) == len(set(c)) for c in per_worker), "a worker got a document twice"
    assert claimed == Counter({d: overlap for d in ids}), "claims not handed out exactly"
    assert sum(late for *_, late in results) == 0
    store = open_store(store_url)
    answers = Counter(a.doc_id for _, a in store.annotations("big"))
    assert answers == Counter({d: overlap for d in ids})
    assert store.info()["datasets"]["big"]["answered_documents"] == 500
    store.close()


def test_queue_claimed_by_others_is_named_then_handed_on_when_it_expires(queued):
    """With every unanswered document claimed by others, `annotate` says which, by whom and
    until when; an expired claim hands its document to the next annotator with no flag."""
    from annotator.schema.model import default_schema_path, load_schema
    from annotator.tui.flow import TaskFlow

    store, ids = queued
    schema = load_schema(default_schema_path())
    holders = [TaskFlow(store, "q", f"a{i}", schema) for i in range(5)]
    opened = [flow.next_document() for flow in holders]
    assert [d.doc.doc_id for d in opened] == ids[:5]
    short = TaskFlow(store, "q", "ana", schema, claim_seconds=1)
    assert short.next_document().doc.doc_id == ids[5]
    bob = TaskFlow(store, "q", "bob", schema)
    assert bob.next_document() is None
    notice = bob.queue_notice()
    first = store.queue.open_claims("q")[0]
    assert notice.startswith("no task for you now: 6 unanswered document(s) are claimed")
    assert f"{ids[0]} by a0 until {first.expires_at:%Y-%m-%d %H:%M} UTC" in notice
    assert "and 3 more" in notice
    time.sleep(1.1)
    assert bob.next_document().doc.doc_id == ids[5]
