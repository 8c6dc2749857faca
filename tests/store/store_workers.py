"""Functions run in child processes by the concurrency and kill tests."""

from __future__ import annotations

import os
from datetime import UTC, datetime

from annotator.records.models import Annotation
from annotator.store import ClaimExpired, open_store


def plain_answer(doc_id: str, annotator: str) -> Annotation:
    """An accept with no spans, as a worker gives it."""
    now = datetime.now(UTC)
    return Annotation(
        doc_id=doc_id,
        annotator=annotator,
        answer="accept",
        schema="foreign-fighters@1.0.0",
        created_at=now,
        updated_at=now,
    )


def claim_and_answer(url: str, dataset: str, annotator: str, overlap: int, out) -> None:
    """Take tasks until the queue is empty, answering each; report claims and answers."""
    store = open_store(url)
    claims: list[str] = []
    late = 0
    while True:
        task = store.queue.next_task(dataset, annotator, overlap=overlap, claim_seconds=600)
        if task is None:
            break
        claims.append(task.doc_id)
        try:
            store.answer_task(dataset, plain_answer(task.doc_id, annotator))
        except ClaimExpired:
            late += 1
    store.close()
    out.put((annotator, claims, late))


def append_forever(url: str, dataset: str, doc_id: str, fd: int) -> None:
    """Append journal rows and revisions until killed, writing each acknowledgement to `fd`."""
    store = open_store(url)
    i = 0
    while True:
        seq = store.append_edit(dataset, doc_id, "killer", {"op": "add", "i": i})
        os.write(fd, f"J {seq}\n".encode())
        if i % 4 == 0:
            stored = store.add_annotation(dataset, plain_answer(doc_id, "killer"))
            os.write(fd, f"R {stored.revision}\n".encode())
        i += 1
