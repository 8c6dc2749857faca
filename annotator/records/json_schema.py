"""The published JSON Schema of the canonical JSONL record, generated from the pydantic models."""

from __future__ import annotations

import orjson

from annotator.records.models import CanonicalRecord


def canonical_json_schema() -> dict:
    """Return the JSON Schema (draft 2020-12) of one canonical line, as read by validators."""
    schema = CanonicalRecord.model_json_schema(by_alias=True, mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://annotator.invalid/schemas/canonical_record.schema.json"
    return schema


def canonical_json_schema_text() -> str:
    """Return the JSON Schema as stable, indented text ending in a newline."""
    return (
        orjson.dumps(
            canonical_json_schema(), option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS
        ).decode()
        + "\n"
    )
