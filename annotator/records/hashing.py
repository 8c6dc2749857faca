"""Prodigy-style `_input_hash` / `_task_hash`: 32-bit signed MurmurHash3 of canonical JSON."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import orjson
from murmurhash.mrmr import hash as murmur


def input_hash(text: str) -> int:
    """Hash the task input (its text), as Prodigy does to group tasks on the same input."""
    return murmur(orjson.dumps({"text": text}, option=orjson.OPT_SORT_KEYS))


def task_hash(input_hash_value: int, spans: Iterable[Any]) -> int:
    """Hash the input hash plus the sorted spans (start, end, label), so equal questions dedupe."""
    return task_hash_of_keys(input_hash_value, sorted((s.start, s.end, s.label) for s in spans))


def task_hash_of_keys(input_hash_value: int, sorted_keys: list[tuple[int, int, str]]) -> int:
    """`task_hash` from the spans' (start, end, label) keys, already sorted."""
    return murmur(orjson.dumps({"input": input_hash_value, "spans": sorted_keys}))
