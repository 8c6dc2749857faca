"""Rule conditions compiled into predicates: each rule's own `ok` and a schema's one-pass check.

A rule states its quick answer once, as `condition`: a Python expression over a span's fields
(named as `SPAN_LOCALS` lists them), the record's `text`, `starts` and `ends` (and their
lengths `length` and `token_count`), and the rule's own attributes written `{name}`. From that one expression come the rule's `ok` and, joined
with the other rules of its label, the per-label predicates and the schema's one-pass span
check, so a clean span costs no call per rule and there is no second copy of any condition.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from operator import itemgetter
from string import Formatter
from typing import Any, Protocol

from annotator.records.models import Span

SPAN_FIELDS = tuple(Span.model_fields)
# local names of a span's fields in generated code: the record's own `text` keeps its name
SPAN_LOCALS = tuple({"text": "span_text", "id": "span_id"}.get(name, name) for name in SPAN_FIELDS)
_UNPACK = f"{', '.join(SPAN_LOCALS)} = f"


class HasCondition(Protocol):
    """A rule whose quick answer is one expression (see the module docstring)."""

    condition: str


def expression(rule: HasCondition, prefix: str) -> tuple[str, dict[str, Any]]:
    """The rule's condition with its `{name}`s bound as `prefix_name`, and those names' values."""
    parts: list[str] = []
    values: dict[str, Any] = {}
    for literal, name, _spec, _conversion in Formatter().parse(rule.condition):
        parts.append(literal)
        if name is not None:
            bound = f"{prefix}_{name}"
            values[bound] = getattr(rule, name)
            parts.append(bound)
    return "".join(parts), values


def conjunction(rules: Sequence[HasCondition], prefix: str) -> tuple[str, dict[str, Any]]:
    """The rules' conditions joined with `and` (True for none), and the values they name."""
    if not rules:
        return "True", {}
    terms: list[str] = []
    values: dict[str, Any] = {}
    for i, rule in enumerate(rules):
        term, bound = expression(rule, f"{prefix}{i}")
        terms.append(f"({term})")
        values.update(bound)
    return " and ".join(terms), values


def _define(name: str, source: str, values: dict[str, Any]) -> Callable[..., Any]:
    """Compile the source of one function and return it."""
    namespace = dict(values)
    exec(compile(source, f"<{name}: generated from rule conditions>", "exec"), namespace)
    return namespace[name]


def _prologue(body: str) -> str:
    """Lines binding the lengths a body names: `length` of the text, `token_count` of the tokens."""
    lines = ""
    if re.search(r"\blength\b", body):
        lines += "    length = len(text)\n"
    if re.search(r"\btoken_count\b", body):
        lines += "    token_count = len(starts)\n"
    return lines


def span_predicate(
    name: str, params: Iterable[str], rules: Sequence[HasCondition]
) -> Callable[..., bool]:
    """A function of `params` (ending in `f`, a span's field tuple) true when every rule holds."""
    body, values = conjunction(rules, "r")
    source = (
        f"def {name}({', '.join(params)}):\n{_prologue(body)}    {_UNPACK}\n    return {body}\n"
    )
    return _define(name, source, values)


# How the one-pass check reads each span: from a field tuple, or from a Span model (whose field
# dict it also collects, for the line writer).
_READ_SPAN = {
    "fields": f"    for f in ordered:\n        {_UNPACK}\n",
    "models": (
        "    for span in spans:\n"
        "        fields = span.__dict__\n"
        "        dicts.append(fields)\n"
        f"        {', '.join(SPAN_LOCALS)} = span_items(fields)\n"
    ),
}
_BEGIN = {
    "fields": "    ordered = list(spans)\n",
    "models": "    dicts = []\n",
}
_END = {
    "fields": (
        "    if len(keys) != len(set(keys)) or (nested and not overlaps_ok(ordered)):\n"
        "        return None\n"
        "    return keys\n"
    ),
    "models": (
        "    if len(keys) != len(set(keys)) or (\n"
        "        nested and not overlaps_ok(list(map(span_items, dicts)))\n"
        "    ):\n"
        "        return None\n"
        "    return keys, dicts\n"
    ),
}


def span_check(
    shape: HasCondition,
    rules_by_label: Mapping[str, Sequence[HasCondition]],
    overlaps_ok: Callable[[list[Any]], bool],
    reads: str = "fields",
) -> Callable[..., Any]:
    """The one-pass check of a record's spans, `check(text, starts, ends, spans)`.

    `spans` come in reading order, as field tuples (`reads="fields"`; the answer is their
    (start, end, label) keys) or as Span models (`reads="models"`; the answer is the keys and
    the spans' field dicts). It answers when every span is well formed, has a known label and
    obeys its rules, no key or id repeats and overlaps are as `overlaps_ok` allows (asked only
    when some span overlaps another); None as soon as anything is unusual, for the full checks.
    """
    shape_test, values = expression(shape, "shape")
    branches: list[str] = []
    for n, (label, rules) in enumerate(rules_by_label.items()):
        test, bound = conjunction(rules, f"l{n}r")
        values.update(bound)
        keyword = "if" if n == 0 else "elif"
        branches.append(
            f"        {keyword} label == {label!r}:\n"
            f"            if not ({test}):\n"
            f"                return None\n"
        )
    branches.append(
        "        else:\n            return None\n" if branches else "        return None\n"
    )
    values["overlaps_ok"] = overlaps_ok
    values["span_items"] = itemgetter(*SPAN_FIELDS)
    loop = (
        f"{_READ_SPAN[reads]}"
        "        if start < reach:\n"
        "            if start < previous_start or (start == previous_start and end > previous_end):\n"
        "                return None\n"
        "            nested = True\n"
        "        if end > reach:\n"
        "            reach = end\n"
        "        previous_start, previous_end = start, end\n"
        f"        if not ({shape_test}):\n"
        "            return None\n"
        f"{''.join(branches)}"
        "        if span_id:\n"
        "            if span_id in ids:\n"
        "                return None\n"
        "            ids.add(span_id)\n"
        "        keys.append((start, end, label))\n"
    )
    source = (
        "def check(text, starts, ends, spans):\n"
        f"{_prologue(loop)}"
        f"{_BEGIN[reads]}"
        "    keys = []\n"
        "    ids = set()\n"
        "    previous_start = previous_end = reach = -1\n"
        "    nested = False\n"
        f"{loop}"
        f"{_END[reads]}"
    )
    return _define("check", source, values)
