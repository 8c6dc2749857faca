"""Interchange formats, one module each, found through a registry by name."""

from __future__ import annotations

import importlib

from annotator.formats.base import REGISTRY, FormatSpec

# Modules that register a format when imported; add a format by adding its module name here.
FORMAT_MODULES: tuple[str, ...] = (
    "jsonl",
    "text",
    "prodigy",
    "spacy_docbin",
    "hf",
    "gliner",
    "conll",
    "brat",
    "doccano",
    "labelstudio",
)


def load_all() -> dict[str, FormatSpec]:
    """Import every format module and return the registry."""
    for name in FORMAT_MODULES:
        importlib.import_module(f"annotator.formats.{name}")
    return REGISTRY


def format_by_suffix() -> dict[str, str]:
    """Each file suffix that picks a format when none is named, from the formats' `default_for`."""
    picks: dict[str, str] = {}
    for spec in load_all().values():
        for suffix in spec.default_for:
            if suffix in picks:
                raise ValueError(f"{suffix} is the default of both {picks[suffix]} and {spec.name}")
            picks[suffix] = spec.name
    return picks


def get_format(name: str) -> FormatSpec:
    """Return a registered format; KeyError lists the known names."""
    formats = load_all()
    if name not in formats:
        raise KeyError(f"unknown format {name!r}; known: {', '.join(sorted(formats))}")
    return formats[name]
