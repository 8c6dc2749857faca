"""The hashing writer: the file and its remembered sha256 match, and errors leave no digest."""

from __future__ import annotations

import hashlib

import pytest

from annotator import files
from annotator.files import hashing_writer, sha256_of


def test_export_files_hashing_writer_writes_and_hashes_every_chunk(tmp_path, monkeypatch):
    """Many chunks go through the writer thread; the remembered digest equals the file's."""
    monkeypatch.setattr(files, "CHUNK_BYTES", 1000)
    path = tmp_path / "out.jsonl"
    lines = [f'{{"n": {i}, "text": "{"é" * (i % 50)}"}}\n'.encode() for i in range(3000)]
    with hashing_writer(path) as handle:
        for line in lines:
            handle.write(line)
    data = b"".join(lines)
    assert path.read_bytes() == data
    assert files._KNOWN_DIGESTS[str(path)][1] == hashlib.sha256(data).hexdigest()
    assert sha256_of(path) == hashlib.sha256(data).hexdigest()
    assert str(path) not in files._KNOWN_DIGESTS


def test_export_files_remembered_digest_is_ignored_once_the_file_changes(tmp_path):
    """A file rewritten after the writer closed gets its digest computed from its bytes."""
    path = tmp_path / "out.jsonl"
    with hashing_writer(path) as handle:
        handle.write(b"first\n")
    path.write_bytes(b"second, longer\n")
    assert sha256_of(path) == hashlib.sha256(b"second, longer\n").hexdigest()


def test_export_files_error_in_the_block_stops_the_thread_and_remembers_nothing(tmp_path):
    """A failing export stops the writer thread and leaves no digest behind."""
    path = tmp_path / "out.jsonl"
    with pytest.raises(RuntimeError), hashing_writer(path) as handle:
        handle.write(b"line\n")
        raise RuntimeError("writer failed")
    assert str(path) not in files._KNOWN_DIGESTS
    assert not any(t.name == "export-writer" and t.is_alive() for t in files.threading.enumerate())


def test_export_files_write_error_reaches_the_caller(tmp_path, monkeypatch):
    """An OSError on the writer thread is raised in the caller's thread, not lost."""
    monkeypatch.setattr(files, "CHUNK_BYTES", 10)
    path = tmp_path / "out.jsonl"
    with pytest.raises(OSError, match="disk full"), hashing_writer(path) as handle:

        def full(_chunk: bytes) -> int:
            raise OSError("disk full")

        real = handle._handle
        handle._handle = type("Full", (), {"write": staticmethod(full), "close": real.close})
        for _ in range(100):
            handle.write(b"0123456789abcdef\n")
    assert str(path) not in files._KNOWN_DIGESTS
