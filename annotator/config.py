"""Project settings from `annotator.toml`, overridden by environment variables, then flags."""

from __future__ import annotations

import getpass
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

CONFIG_FILE = "annotator.toml"
ENV_DB = "ANNOTATOR_DB"
ENV_DATASET = "ANNOTATOR_DATASET"
ENV_ANNOTATOR = "ANNOTATOR_NAME"
DEFAULT_DB = "sqlite:///annotator.db"
DEFAULT_DATASET = "sample"


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
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None


def load_settings(
    db: str | None = None,
    dataset: str | None = None,
    annotator: str | None = None,
    config_path: Path | None = None,
) -> Settings:
    """Resolve settings: flag, then environment, then `annotator.toml`, then defaults."""
    path = config_path or Path(CONFIG_FILE)
    data: dict = read_config_file(path) if path.is_file() else {}
    store = data.get("store", {})
    user = data.get("user", {})
    queue = data.get("queue", {})
    keys = data.get("keys", {})
    if not all(isinstance(t, dict) for t in (store, user, queue, keys)):
        raise ConfigError(f"{path}: [store], [user], [queue] and [keys] must be tables")
    return Settings(
        db=db or os.environ.get(ENV_DB) or store.get("url") or DEFAULT_DB,
        dataset=dataset or os.environ.get(ENV_DATASET) or store.get("dataset") or DEFAULT_DATASET,
        annotator=annotator or os.environ.get(ENV_ANNOTATOR) or user.get("name") or _login_name(),
        schema=data.get("schema", {}).get("path") if isinstance(data.get("schema"), dict) else None,
        overlap=int(queue.get("overlap", 1)),
        claim_seconds=int(queue.get("claim_seconds", 3600)),
        keys={k: [v] if isinstance(v, str) else list(v) for k, v in keys.items()},
        source=str(path) if data else "defaults",
    )
