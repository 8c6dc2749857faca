"""Project settings from `annotator.toml`, overridden by environment variables, then flags."""

from __future__ import annotations

import getpass
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from annotator.schema.lines import load_toml

CONFIG_FILE = "annotator.toml"
ENV_DB = "ANNOTATOR_DB"
ENV_DATASET = "ANNOTATOR_DATASET"
ENV_ANNOTATOR = "ANNOTATOR_NAME"
DEFAULT_DB = "sqlite:///annotator.db"
DEFAULT_DATASET = "sample"
MAX_OVERLAP = 1_000  # annotators per document
MAX_CLAIM_SECONDS = 366 * 24 * 3600  # a year: beyond it a claim never expires in practice


class ConfigError(Exception):
    """The config file is unreadable or malformed; the message says where."""


@dataclass(frozen=True)
class Settings:
    """Resolved settings: store URL, dataset, annotator, schema path, queue and key overrides."""

    db: str = DEFAULT_DB
    dataset: str = DEFAULT_DATASET
    annotator: str = "annotator"
    schema: str | None = None
    overlap: int = 1
    claim_seconds: int = 3600
    keys: dict[str, list[str]] = field(default_factory=dict)
    source: str = "defaults"


def _login_name() -> str:
    """The login name, or 'annotator' when it cannot be read."""
    try:
        return getpass.getuser() or "annotator"
    except Exception:  # no passwd entry in some containers
        return "annotator"


def read_config_file(path: Path) -> dict:
    """Parse a config TOML file; ConfigError with the line on bad syntax."""
    try:
        return load_toml(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None


SECTIONS: dict[str, tuple[str, ...]] = {
    "store": ("url", "dataset"),
    "user": ("name",),
    "queue": ("overlap", "claim_seconds"),
    "schema": ("path",),
    "keys": (),
}


def _section(data: dict, name: str, path: Path) -> dict:
    """One table of the config, checked for unknown keys; ConfigError naming the fix."""
    table = data.get(name, {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: {name} must be a table: write [{name}] on its own line")
    allowed = SECTIONS[name]
    unknown = [key for key in table if allowed and key not in allowed]
    if unknown:
        raise ConfigError(
            f"{path}: unknown key(s) {', '.join(unknown)} in [{name}]; allowed: {', '.join(allowed)}"
        )
    return table


def _text(table: dict, section: str, key: str, path: Path) -> str | None:
    """A string setting, or None when absent; ConfigError for another type."""
    value = table.get(key)
    if value is None or (isinstance(value, str) and value):
        return value
    raise ConfigError(f'{path}: [{section}] {key} must be a non-empty string, like {key} = "..."')


def _count(table: dict, section: str, key: str, default: int, most: int, path: Path) -> int:
    """A whole-number setting from 1 to `most`; ConfigError for another type or value."""
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= most:
        raise ConfigError(
            f"{path}: [{section}] {key} must be a whole number from 1 to {most:,}, not {value!r}"
        )
    return value


def _keys(table: dict, path: Path) -> dict[str, list[str]]:
    """Key overrides: each action maps to a key name or a list of key names."""
    keys: dict[str, list[str]] = {}
    for action, value in table.items():
        names = [value] if isinstance(value, str) else value
        if not isinstance(names, list) or not all(isinstance(k, str) and k for k in names):
            raise ConfigError(
                f'{path}: [keys] {action} must be a key name or a list of them, like {action} = ["ctrl+z"]'
            )
        keys[action] = list(names)
    return keys


def load_settings(
    db: str | None = None,
    dataset: str | None = None,
    annotator: str | None = None,
    config_path: Path | None = None,
) -> Settings:
    """Resolve settings: flag, then environment, then `annotator.toml`, then defaults."""
    path = config_path or Path(CONFIG_FILE)
    data: dict = read_config_file(path) if path.is_file() else {}
    unknown = [name for name in data if name not in SECTIONS]
    if unknown:
        raise ConfigError(
            f"{path}: unknown setting(s) {', '.join(unknown)}; the file holds the tables "
            + ", ".join(f"[{name}]" for name in SECTIONS)
        )
    store, user, queue, schema = (
        _section(data, n, path) for n in ("store", "user", "queue", "schema")
    )
    return Settings(
        db=db or os.environ.get(ENV_DB) or _text(store, "store", "url", path) or DEFAULT_DB,
        dataset=dataset
        or os.environ.get(ENV_DATASET)
        or _text(store, "store", "dataset", path)
        or DEFAULT_DATASET,
        annotator=annotator
        or os.environ.get(ENV_ANNOTATOR)
        or _text(user, "user", "name", path)
        or _login_name(),
        schema=_text(schema, "schema", "path", path),
        overlap=_count(queue, "queue", "overlap", 1, MAX_OVERLAP, path),
        claim_seconds=_count(queue, "queue", "claim_seconds", 3600, MAX_CLAIM_SECONDS, path),
        keys=_keys(_section(data, "keys", path), path),
        source=str(path) if data else "defaults",
    )
