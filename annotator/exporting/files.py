"""Output files of an export: a staging folder, atomic renames, safe names and checksums."""

from __future__ import annotations

import hashlib
import os
import queue
import re
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from annotator.formats.base import FormatError

STAGING_PREFIX = ".export-staging-"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
CHUNK_BYTES = 1 << 20
# sha256 of files a HashingWriter finished, keyed by path, valid while (size, mtime, inode) hold.
_KNOWN_DIGESTS: dict[str, tuple[tuple[int, int, int], str]] = {}


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


def _identity(path: Path) -> tuple[int, int, int]:
    """What changes when a file is rewritten: size, modification time, inode."""
    stat = path.stat()
    return (stat.st_size, stat.st_mtime_ns, stat.st_ino)


def sha256_of(path: Path) -> str:
    """Hex sha256 of a file's bytes (remembered if a HashingWriter wrote it unchanged since)."""
    known = _KNOWN_DIGESTS.pop(str(path), None)
    if known is not None and known[0] == _identity(path):
        return known[1]
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


class HashingWriter:
    """Writes a binary file in large chunks on a background thread that also hashes them.

    The caller's thread only joins lines into chunks; writing and sha256 (both release the GIL)
    overlap with building the next records. `sha256_of` then reuses the digest.
    """

    def __init__(self, path: Path) -> None:
        """Open `path` for writing and start the writer thread."""
        self.path = path
        self._handle = path.open("wb")
        self._digest = hashlib.sha256()
        self._pending: list[bytes] = []
        self._pending_bytes = 0
        self._chunks: queue.Queue[bytes | None] = queue.Queue(maxsize=4)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._drain, name="export-writer", daemon=True)
        self._thread.start()

    def write(self, data: bytes) -> None:
        """Queue bytes for the file."""
        self._pending.append(data)
        self._pending_bytes += len(data)
        if self._pending_bytes >= CHUNK_BYTES:
            self._hand_over()

    def _hand_over(self) -> None:
        """Pass the pending bytes to the writer thread as one chunk."""
        if self._error is not None:
            raise self._error
        self._chunks.put(b"".join(self._pending))
        self._pending = []
        self._pending_bytes = 0

    def _drain(self) -> None:
        """Writer thread: hash and write chunks until the end marker; keep the first error."""
        while (chunk := self._chunks.get()) is not None:
            if self._error is None:
                try:
                    self._digest.update(chunk)
                    self._handle.write(chunk)
                except BaseException as exc:  # handed to the caller's thread
                    self._error = exc

    def close(self) -> None:
        """Write what is left, wait for the thread, close the file and remember its digest."""
        if self._pending:
            self._hand_over()
        self._chunks.put(None)
        self._thread.join()
        self._handle.close()
        if self._error is not None:
            raise self._error
        _KNOWN_DIGESTS[str(self.path)] = (_identity(self.path), self._digest.hexdigest())

    def abandon(self) -> None:
        """Stop the thread and close the file without remembering a digest (after an error)."""
        self._pending = []
        self._chunks.put(None)
        self._thread.join()
        self._handle.close()


@contextmanager
def hashing_writer(path: Path) -> Iterator[HashingWriter]:
    """A HashingWriter that is closed when the block ends, or abandoned if it raises."""
    writer = HashingWriter(path)
    try:
        yield writer
    except BaseException:
        writer.abandon()
        raise
    writer.close()
