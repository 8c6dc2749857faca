"""Arbitrary JSON in a dump: `db restore` stores it or refuses it by line, and never half-fills."""

from __future__ import annotations

import json

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_budget import examples

from annotator.store import StoreError, open_store
from annotator.store.dump import DUMP_FORMAT, restore

from .conftest import rows

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
KINDS = ["dataset", "document", "revision", "edit", "suggestions", "rejection", "end", "header"]
ENTRY = st.one_of(
    JSON,
    st.fixed_dictionaries({"kind": st.sampled_from(KINDS)}, optional={"dataset": JSON}).flatmap(
        lambda base: st.dictionaries(
            st.sampled_from(["doc_id", "sha", "body", "seq", "op", "record", "key", "entries"]),
            JSON,
            max_size=5,
        ).map(lambda more: {**more, **base})
    ),
)
HEADER = {"kind": "header", "format": DUMP_FORMAT, "schema_version": 3}


@settings(
    max_examples=examples(150),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(entries=st.lists(ENTRY, min_size=1, max_size=6))
def test_hostile_restore_of_arbitrary_entries(tmp_path_factory, entries):
    folder = tmp_path_factory.mktemp("restore")
    url = f"sqlite:///{folder / 'target.db'}"
    open_store(url).close()
    empty = rows(url)
    dump = folder / "dump.jsonl"
    lines = [orjson.dumps(HEADER), *(_encode(e) for e in entries)]
    dump.write_bytes(b"\n".join(lines) + b"\n")
    store = open_store(url)
    try:
        restore(store, dump)
    except StoreError as exc:
        assert str(dump) in str(exc)
        store.close()
        assert rows(url) == empty
    else:
        store.close()


def _encode(value: object) -> bytes:
    """A JSON line for any generated value (integers beyond 64 bits written as JSON numbers)."""
    try:
        return orjson.dumps(value)
    except TypeError:
        return json.dumps(value).encode()
