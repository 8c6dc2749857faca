"""Output files of an export: a staging folder, atomic renames, safe names and checksums."""

from __future__ import annotations

import hashlib
import os
import queue
import re
import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import orjson

from annotator.errors import Refusal
from annotator.formats.base import FormatError

try:
    import fcntl
except ImportError:  # Windows: staging folders of killed exports stay until removed by hand
    fcntl = None  # type: ignore[assignment]

STAGING_PREFIX = ".export-staging-"
MANIFEST_NAME = "manifest.json"
PENDING_NAME = ".export-pending.json"  # what an unfinished publish may leave behind
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
    text = "b" not in mode
    encoding, newline = ("utf-8", "") if text else (None, None)
    try:
        with os.fdopen(fd, mode, encoding=encoding, newline=newline) as handle:
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
    """Entries of a folder other than an export's own leftovers (staging folders, the pending list)."""
    if not folder.exists():
        return []
    return [
        p
        for p in folder.iterdir()
        if not p.name.startswith(STAGING_PREFIX) and p.name != PENDING_NAME
    ]


@contextmanager
def staging_folder(out_dir: Path) -> Iterator[Path]:
    """A fresh staging folder inside the output folder, locked while the export runs, then removed.

    The lock tells another export that the folder is live; one whose process was killed holds no
    lock, and `remove_stale_staging` clears it.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out_dir))
    lock = _lock(staging)
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if lock is not None:
            os.close(lock)


def _lock(folder: Path) -> int | None:
    """An exclusive lock on a folder (held until its descriptor closes), or None if taken."""
    if fcntl is None:
        return None
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd


def remove_stale_staging(out_dir: Path) -> int:
    """Remove staging folders of exports that were killed (no live export holds their lock)."""
    if fcntl is None or not out_dir.is_dir():
        return 0
    removed = 0
    for entry in out_dir.iterdir():
        if not entry.name.startswith(STAGING_PREFIX) or entry.is_symlink() or not entry.is_dir():
            continue
        lock = _lock(entry)
        if lock is None:
            continue  # a running export's
        try:
            shutil.rmtree(entry, ignore_errors=True)
            removed += 1
        finally:
            os.close(lock)
    return removed


class OutFolderError(Exception):
    """The output folder holds something an export must not replace; nothing was deleted."""


def previous_export(out_dir: Path) -> dict[str, set[str]]:
    """Files a previous export in `out_dir` wrote, with their sha256s.

    They come from its manifest.json and from the pending list an interrupted export left.
    A manifest.json that is not an export's is refused (OutFolderError).
    """
    listed: dict[str, set[str]] = {}
    for name in (MANIFEST_NAME, PENDING_NAME):
        path = out_dir / name
        if path.is_symlink():
            raise OutFolderError(Refusal.OUT_SYMLINK.format(path=path))
        if not path.is_file():
            continue
        for rel, digest in _listed_files(path).items():
            listed.setdefault(rel, set()).add(digest)
    return listed


def _listed_files(path: Path) -> dict[str, str]:
    """The `files` of a manifest (or pending list): relative path to sha256."""
    try:
        data = orjson.loads(path.read_bytes())
    except orjson.JSONDecodeError as exc:
        raise OutFolderError(Refusal.OUT_NOT_MANIFEST.format(path=path, why=f"{exc}")) from None
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        why = "it has no 'files' object"
        raise OutFolderError(Refusal.OUT_NOT_MANIFEST.format(path=path, why=why))
    return {
        str(rel): entry["sha256"]
        for rel, entry in files.items()
        if isinstance(entry, dict)
        and isinstance(entry.get("sha256"), str)
        and rel not in (MANIFEST_NAME, PENDING_NAME)
        and not str(rel).startswith(STAGING_PREFIX)
    }


def publish_export(
    staging: Path,
    out_dir: Path,
    files: dict[str, dict],
    manifest: bytes,
    previous: dict[str, set[str]],
) -> list[str]:
    """Move an export's finished files into `out_dir`, replacing a previous export there.

    Every check comes before anything is deleted: no symbolic link inside `out_dir` on any path
    used, and every file to be replaced is one the previous export wrote (its sha256 matches).
    Then the pending list (old and new files) is written, the old manifest.json removed, the old
    files whose sha256 matches deleted, the new files renamed into place and the new
    manifest.json written last. Whenever a manifest.json exists, the files it lists are there;
    a killed run leaves the pending list, from which the next `--force` finishes the job.
    Returns the old files kept because their content changed since.
    """
    targets = [*files, MANIFEST_NAME]
    for rel in (*previous, *targets):
        _refuse_links(out_dir, rel)
    for rel in files:
        _check_replaceable(out_dir / rel, previous.get(rel, set()))
    pending = {rel: {"sha256": sha} for rel, shas in previous.items() for sha in shas}
    pending.update(files)
    with atomic_open(out_dir / PENDING_NAME) as handle:
        handle.write(orjson.dumps({"files": pending}))
    (out_dir / MANIFEST_NAME).unlink(missing_ok=True)
    _sync_folder(out_dir)
    kept: list[str] = []
    for rel, shas in sorted(previous.items()):
        if rel not in files and not _remove_if_unchanged(out_dir, rel, shas):
            kept.append(rel)
    for rel in files:
        target = safe_child(out_dir, rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging / rel, target)
    with atomic_open(out_dir / MANIFEST_NAME) as handle:
        handle.write(manifest)
    (out_dir / PENDING_NAME).unlink()
    _sync_folder(out_dir)
    return kept


def _refuse_links(out_dir: Path, rel: str) -> None:
    """OutFolderError if any part of `out_dir/rel` below `out_dir` is a symbolic link."""
    path = out_dir
    for part in Path(rel).parts:
        if part in ("", ".", ".."):
            return  # not a path an export writes; safe_child refuses it where it matters
        path = path / part
        if path.is_symlink():
            raise OutFolderError(Refusal.OUT_SYMLINK.format(path=path))
        if not path.exists():
            return


def _check_replaceable(path: Path, shas: set[str]) -> None:
    """OutFolderError unless `path` is free or holds a file of the previous export, unchanged."""
    if not path.exists():
        return
    if not path.is_file():
        why = "it is a folder"
    elif not shas:
        why = "manifest.json does not list it"
    elif sha256_of(path) not in shas:
        why = "its content changed since that export"
    else:
        return
    raise OutFolderError(Refusal.OUT_NOT_OURS.format(path=path, why=why))


def _remove_if_unchanged(out_dir: Path, rel: str, shas: set[str]) -> bool:
    """Delete a previous export's file if its content is what the manifest says; False if kept."""
    try:
        path = safe_child(out_dir, rel)
    except FormatError:
        return True  # outside the folder: never the export's
    if not path.exists():
        return True
    if not path.is_file() or sha256_of(path) not in shas:
        return False
    path.unlink()
    for folder in path.parents:  # folders the export made (brat's <split>/) once empty
        if folder == out_dir.resolve() or out_dir.resolve() not in folder.parents:
            break
        try:
            folder.rmdir()
        except OSError:
            break
    return True


def _sync_folder(folder: Path) -> None:
    """Make renames and deletions in a folder durable (best effort where folders cannot sync)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


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
