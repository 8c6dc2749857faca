"""The Store protocol is the whole contract: both backends implement each member as declared."""

from __future__ import annotations

import inspect
import typing
from functools import cached_property

import pytest

from annotator.store import Store, SuggestionStore, TaskQueue
from annotator.store.common import SqlStore
from annotator.store.postgres import PostgresStore
from annotator.store.sqlite import SqliteStore

BACKENDS = [SqliteStore, PostgresStore]
# Parts the protocol reaches through a property of the store, and their protocols.
PARTS = {"queue": TaskQueue, "suggestions": SuggestionStore}
# Public methods of the SQL store that only store/ calls (a dump's rows are encoded already).
INTERNAL = {"add_encoded"}


def members(protocol: type) -> dict[str, object]:
    """The methods and properties a protocol declares, by name."""
    return {
        name: value
        for name, value in vars(protocol).items()
        if not name.startswith("_") and (inspect.isfunction(value) or isinstance(value, property))
    }


def signature(function: object) -> inspect.Signature:
    """A signature with its annotations evaluated, so equal types compare equal."""
    return inspect.signature(function, eval_str=True)  # type: ignore[arg-type]


def part_class(backend: type, name: str) -> type:
    """The class of a part (`queue`, `suggestions`) a backend's property returns."""
    attribute = inspect.getattr_static(backend, name)
    getter = getattr(attribute, "func", None) or attribute.fget
    return typing.get_type_hints(getter)["return"]


def test_store_protocol_derives_its_members_from_the_class_body():
    names = set(members(Store))
    assert {"add_documents", "annotations", "display_url", "edit_times", "queue"} <= names
    assert {"next_task", "open_claims"} <= set(members(TaskQueue))
    assert {"get", "replace", "reject"} <= set(members(SuggestionStore))


@pytest.mark.parametrize("backend", BACKENDS, ids=lambda b: b.backend)
def test_store_backend_implements_every_protocol_method_with_its_signature(backend):
    for name, declared in members(Store).items():
        implemented = inspect.getattr_static(backend, name, None)
        assert implemented is not None, f"{backend.__name__} lacks {name}"
        if isinstance(declared, property):
            continue  # a part: checked below
        assert signature(getattr(backend, name)) == signature(declared), name
    hints = typing.get_type_hints(backend)
    assert hints["url"] is str and backend.backend in ("sqlite", "postgresql")


@pytest.mark.parametrize("backend", BACKENDS, ids=lambda b: b.backend)
@pytest.mark.parametrize("part", sorted(PARTS))
def test_store_backend_parts_implement_their_protocols(backend, part):
    implementation = part_class(backend, part)
    for name, declared in members(PARTS[part]).items():
        method = getattr(implementation, name, None)
        assert method is not None, f"{implementation.__name__} lacks {name}"
        assert signature(method) == signature(declared), f"{part}.{name}"


def test_store_sql_store_has_no_public_method_the_protocol_lacks():
    public = {
        name
        for name, value in vars(SqlStore).items()
        if not name.startswith("_") and (callable(value) or isinstance(value, cached_property))
    }
    assert public - set(members(Store)) - INTERNAL == set()


def test_store_only_its_package_is_imported_from_outside():
    """Outside store/, code imports `annotator.store` itself (protocol, value types, open_store,
    errors), never a module inside it such as the row codecs of `store.sql`."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    package = root / "annotator" / "store"
    inner = {f"annotator.store.{p.stem}" for p in package.glob("*.py") if p.stem != "__init__"}
    reaching_in = []
    for path in [*(root / "annotator").rglob("*.py"), *(root / "bench").rglob("*.py")]:
        if package in path.parents:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            reaching_in += [
                f"{path.relative_to(root)}:{node.lineno} {n}" for n in names if n in inner
            ]
    assert reaching_in == []
