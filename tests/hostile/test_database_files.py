"""Databases that are not annotator's, or are damaged: refused with a message, never written to."""

from __future__ import annotations

import random
import sqlite3
import uuid
from pathlib import Path

import pytest

from annotator.bundled import SAMPLE_CORPUS

from .conftest import digest, drop_schema, fill, invoke, pg_dsn_or_skip, rows, sqlite_exec
from .conftest import with_schema as schema_url

CORPUS = SAMPLE_CORPUS
READ_ONLY = [
    ["db", "info"],
    ["db", "backup", "copy.db"],
    ["export", "--format", "jsonl", "--out", "out", "-d", "news"],
    ["stats", "-d", "news"],
    ["agreement", "-d", "news"],
    ["train", "--out", "model", "-d", "news"],
]
WRITING = [
    ["import", str(CORPUS), "-d", "news"],
    ["suggest", "-d", "news"],
    ["review", "--auto-accept-unanimous", "-d", "news"],
]
IDS = lambda command: " ".join(command[:2])  # noqa: E731


def _other_application(path: Path) -> None:
    """A SQLite file another application made: its own `documents` table, rollback journal."""
    sqlite_exec(
        path,
        "CREATE TABLE documents (id INTEGER PRIMARY KEY, title TEXT)",
        "CREATE TABLE settings (key TEXT, value TEXT)",
        "INSERT INTO documents (title) VALUES ('quarterly report')",
    )


def _journal_mode(path: Path) -> str:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("PRAGMA journal_mode").fetchone()[0]
    finally:
        conn.close()


@pytest.mark.parametrize("command", READ_ONLY, ids=IDS)
def test_hostile_read_only_commands_leave_another_applications_file_alone(tmp_path, command):
    """Read-only commands say "not an annotator database" and create no table, no WAL."""
    path = tmp_path / "app.db"
    _other_application(path)
    before = digest(path)
    result = invoke(*command, "--db", "sqlite:///app.db")
    assert result.exit_code == 2, result.output
    assert "app.db is not an annotator database" in result.text
    assert "another application's tables (documents, settings)" in result.text
    assert "Traceback" not in result.output
    assert digest(path) == before
    assert _journal_mode(path) == "delete"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["app.db"]


@pytest.mark.parametrize("command", WRITING, ids=IDS)
def test_hostile_writing_commands_refuse_another_applications_tables(tmp_path, command):
    """An app's own `documents` table is refused before anything is written, not 'already exists'."""
    path = tmp_path / "app.db"
    _other_application(path)
    before = digest(path)
    result = invoke(*command, "--db", "sqlite:///app.db")
    assert result.exit_code == 2, result.output
    assert "is not an annotator database" in result.text
    assert "nothing was written to it" in result.text
    assert "already exists" not in result.text and "Traceback" not in result.output
    assert digest(path) == before
    assert _journal_mode(path) == "delete"


def test_hostile_read_only_command_on_an_empty_sqlite_database(tmp_path):
    """A valid SQLite file with no tables at all is no annotator database for a reader."""
    path = tmp_path / "blank.db"
    sqlite_exec(path, "PRAGMA user_version = 7")
    before = digest(path)
    result = invoke("stats", "--db", "sqlite:///blank.db")
    assert result.exit_code == 2, result.output
    assert "blank.db is not an annotator database (it holds no annotator tables)" in result.text
    assert digest(path) == before


def test_hostile_postgres_schema_with_another_applications_tables(tmp_path):
    """On PostgreSQL the refusal suggests a schema of annotator's own, and changes nothing."""
    import psycopg

    dsn = pg_dsn_or_skip()
    schema = f"app_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
        conn.execute(f'CREATE TABLE "{schema}".documents (id SERIAL PRIMARY KEY, title TEXT)')
        conn.execute(f"INSERT INTO \"{schema}\".documents (title) VALUES ('quarterly report')")
    url = schema_url(dsn, schema)
    try:
        before = rows(url)
        for command in (["db", "info"], ["import", str(CORPUS)]):
            result = invoke(*command, "--db", url)
            assert result.exit_code == 2, result.output
            assert "is not an annotator database" in result.text
            assert "add ?schema=annotator to the URL" in result.text
        assert rows(url) == before
        result = invoke("db", "info", "--db", schema_url(dsn, f"none_{uuid.uuid4().hex[:8]}"))
        assert result.exit_code == 2 and "holds no annotator tables" in result.text
    finally:
        drop_schema(dsn, schema)


@pytest.mark.parametrize("command", [["db", "info"], ["import", str(CORPUS)]], ids=IDS)
def test_hostile_zero_byte_file_is_not_taken_for_a_new_database(tmp_path, command):
    (tmp_path / "empty.db").write_bytes(b"")
    result = invoke(*command, "--db", "sqlite:///empty.db")
    assert result.exit_code == 2, result.output
    assert "empty.db is an empty file (0 bytes), not a database" in result.text
    assert "annotator db restore BACKUP" in result.text
    assert (tmp_path / "empty.db").read_bytes() == b""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.db"]


VERSION_DAMAGE = [
    ("UPDATE meta SET value = 'three' WHERE key = 'schema_version'", "holds 'three', not a"),
    ("UPDATE meta SET value = '' WHERE key = 'schema_version'", "holds '', not a version"),
    ("DELETE FROM meta", "its schema version row is missing"),
    ("DROP TABLE meta", "is missing (there is no meta table)"),
    ("DROP TABLE journal", "annotator table(s) journal are missing"),
]


@pytest.mark.parametrize("damage, message", VERSION_DAMAGE, ids=[m for _, m in VERSION_DAMAGE])
@pytest.mark.parametrize(
    "command", [["db", "info"], ["import", str(CORPUS), "-d", "news"]], ids=IDS
)
def test_hostile_damaged_version_row_or_tables(tmp_path, damage, message, command):
    """A non-numeric or missing version row, or a missing table: a located refusal, no traceback."""
    path = tmp_path / "a.db"
    url = f"sqlite:///{path}"
    fill(url, count=2)
    sqlite_exec(path, "PRAGMA journal_mode = DELETE", damage)
    before = digest(path)
    result = invoke(*command, "--db", url)
    assert result.exit_code == 2, result.output
    assert f"{path} is damaged" in result.text and message in result.text
    assert "restore it from a backup" in result.text
    assert "Traceback" not in result.output and "already exists" not in result.text
    assert digest(path) == before


def _scribble(path: Path, seed: int) -> None:
    """Overwrite 4 KiB in the middle of a file with random bytes."""
    size = path.stat().st_size
    with path.open("r+b") as handle:
        handle.seek(size // 2 - 2048)
        handle.write(random.Random(seed).randbytes(4096))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_hostile_random_bytes_mid_file_stop_writers_before_they_write(tmp_path, seed):
    """A damaged file is checked before the first write: import refuses it and leaves it as it is."""
    path = tmp_path / "a.db"
    url = f"sqlite:///{path}"
    fill(url, count=400, annotators=("ann",))
    sqlite_exec(path, "PRAGMA journal_mode = DELETE")
    _scribble(path, seed)
    before = digest(path)
    article = tmp_path / "new.txt"
    article.write_text("India said 44 men were recruited.", encoding="utf-8")
    result = invoke("import", str(article), "--db", url, "-d", "other")
    assert result.exit_code == 2, result.output
    assert str(path) in result.text
    assert "malformed" in result.text or "is damaged" in result.text
    assert "restore it from a backup" in result.text
    assert "Traceback" not in result.output
    assert digest(path) == before


def test_hostile_read_only_commands_work_on_read_only_media(tmp_path, read_only_folder):
    """An annotator database on read-only media opens for every read-only command."""
    folder = tmp_path / "media"
    folder.mkdir()
    url = f"sqlite:///{folder / 'a.db'}"
    fill(url, count=4)
    before = digest(folder / "a.db")
    assert sorted(p.name for p in folder.iterdir()) == ["a.db"]
    out = tmp_path / "out"
    commands = [
        ["db", "info", "--db", url],
        ["stats", "-d", "news", "--db", url],
        ["agreement", "-d", "news", "--db", url],
        ["export", "-f", "jsonl", "--out", str(out), "-d", "news", "--db", url],
        ["db", "backup", str(tmp_path / "copy.db"), "--db", url],
    ]
    with read_only_folder(folder) as run:
        for command in commands:
            result = run(command)
            assert result.returncode == 0, (command, result.stdout, result.stderr)
            assert "Traceback" not in result.stderr
    assert (out / "train.jsonl").read_bytes().count(b"\n") == 8
    assert digest(folder / "a.db") == before
    assert sorted(p.name for p in folder.iterdir()) == ["a.db"]


def _version_1_database(path: Path) -> None:
    """A database as annotator's schema version 1 left it."""
    from annotator.store import sql

    statements = [sql.META_TABLE]
    statements += [s.format(serial="INTEGER PRIMARY KEY", real="REAL") for s in sql.MIGRATIONS[1]]
    statements += [
        "INSERT INTO meta VALUES ('schema_version', '1')",
        "INSERT INTO datasets VALUES ('news', 0)",
    ]
    sqlite_exec(path, *statements)


def test_hostile_read_only_command_upgrades_an_older_database_once(tmp_path):
    path = tmp_path / "old.db"
    _version_1_database(path)
    result = invoke("db", "info", "--db", "sqlite:///old.db")
    assert result.exit_code == 0, result.output
    assert "schema version 3" in result.text


def test_hostile_older_database_on_read_only_media_says_to_copy_it(tmp_path, read_only_folder):
    folder = tmp_path / "media"
    folder.mkdir()
    _version_1_database(folder / "old.db")
    before = digest(folder / "old.db")
    with read_only_folder(folder) as run:
        result = run(["db", "info", "--db", f"sqlite:///{folder / 'old.db'}"])
    assert result.returncode == 2, result.stderr
    assert "was written by an older annotator (schema version 1)" in result.stderr
    assert "copy it to a folder you can write to and open the copy" in result.stderr
    assert "Traceback" not in result.stderr
    assert digest(folder / "old.db") == before
