"""Document labels as the flat category strings of tools with one label set per project.

doccano's categories and Prodigy's choice options are plain strings, so a document label is
written `name:value`, except under the tool's own default name, whose values are written as
they are. Reading reverses it: a category with a `:` names its document label, a plain one
belongs to the default name. The two directions are exact inverses.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

SEPARATOR = ":"


def from_category(text: str, default_name: str) -> tuple[str, str]:
    """A category string as (document label name, value)."""
    name, separator, value = text.partition(SEPARATOR)
    if separator and name and value:
        return name, value
    return default_name, text


def to_category(name: str, value: str, default_name: str) -> str:
    """The category string of one document label value."""
    if name == default_name and SEPARATOR not in value:
        return value
    return f"{name}{SEPARATOR}{value}"


def doc_labels_of(categories: Iterable[str], default_name: str) -> dict[str, tuple[str, ...]]:
    """Category strings as document labels, values in the order given."""
    grouped: dict[str, list[str]] = {}
    for text in categories:
        name, value = from_category(text, default_name)
        grouped.setdefault(name, []).append(value)
    return {name: tuple(values) for name, values in grouped.items()}


def categories_of(doc_labels: Mapping[str, Iterable[str]], default_name: str) -> list[str]:
    """Document labels as category strings, names in the order given."""
    return [
        to_category(name, value, default_name)
        for name, values in doc_labels.items()
        for value in values
    ]
