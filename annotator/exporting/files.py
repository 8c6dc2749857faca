"""Output files of an export: a staging folder, atomic renames, safe names and checksums."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from annotator.formats.base import FormatError

STAGING_PREFIX = ".export-staging-"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_name(name: str, limit: int = 80) -> str:
    """Turn a document name into one safe file name component (no separators, no leading dot)."""
    cleaned = _UNSAFE.sub("_", name).strip("._-")[:limit]
    return cleaned or "document"


def safe_child(root: Path, relative: str | Path) -> Path:
    """Resolve `relative` under `root`; FormatError if it would leave `root` (path traversal)."""
    base = root.resolve()
    target = (base / relative).resolve()
    if target != base and base not in target.parents:
        raise FormatError(
            f"refusing to write {str(relative)!r}: it resolves outside the output folder {root}"
        )
    return target


@contextmanager
def atomic_open(path: Path, mode: str = "wb") -> Iterator[IO]:
    """Write to a temporary file beside `path`, then rename it into place once complete."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    kwargs = {} if "b" in mode else {"encoding": "utf-8", "newline": ""}
    try:
        with os.fdopen(fd, mode, **kwargs) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def sha256_of(path: Path) -> str:
    """Hex sha256 of a file's bytes, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def visible_entries(folder: Path) -> list[Path]:
    """Entries of a folder other than leftover staging folders of an interrupted export."""
    if not folder.exists():
        return []
    return [p for p in folder.iterdir() if not p.name.startswith(STAGING_PREFIX)]


def make_staging(out_dir: Path) -> Path:
    """Create a fresh staging folder inside the output folder."""
    out_dir.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out_dir))


def publish(staging: Path, out_dir: Path, files: list[Path]) -> None:
    """Move finished files from staging into the output folder (each move is a rename)."""
    for rel in files:
        target = safe_child(out_dir, rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging / rel, target)
