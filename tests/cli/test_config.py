"""annotator.toml mistakes: each is a one-line message naming the setting and its fix, exit 2."""

from __future__ import annotations

import pytest

from annotator.config import ConfigError, load_settings

from .conftest import invoke


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ('[queue]\noverlap = "two"\n', "[queue] overlap"),
        ("[queue]\nclaim_seconds = 0\n", "[queue] claim_seconds"),
        ("[keys]\nundo = 5\n", "[keys] undo"),
        ("[store]\nurl = 7\n", "[store] url"),
        ("[user]\nname = []\n", "[user] name"),
        ('[store]\nuri = "sqlite:///a.db"\n', "uri"),
        ('[stores]\nurl = "sqlite:///a.db"\n', "stores"),
    ],
)
def test_config_bad_values_exit_2_naming_the_setting(tmp_path, body, named):
    """A wrong type, a bad number or a misspelt key or table stops the command with its name."""
    (tmp_path / "annotator.toml").write_text(body, encoding="utf-8")
    result = invoke("db", "info")
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "annotator.toml" in result.text and named in result.text


def test_config_valid_file_resolves_with_flag_first(tmp_path):
    """A correct file is read; a flag still wins over it."""
    config = tmp_path / "annotator.toml"
    config.write_text(
        '[store]\nurl = "sqlite:///x.db"\ndataset = "news"\n[user]\nname = "kim"\n'
        '[queue]\noverlap = 2\n[keys]\nundo = "ctrl+z"\n',
        encoding="utf-8",
    )
    settings = load_settings(dataset="other", config_path=config)
    assert (settings.db, settings.dataset, settings.annotator) == ("sqlite:///x.db", "other", "kim")
    assert settings.overlap == 2 and settings.keys == {"undo": ["ctrl+z"]}


def test_config_error_is_config_error_not_type_error(tmp_path):
    """The library raises ConfigError (which the CLI prints), never a bare TypeError."""
    config = tmp_path / "annotator.toml"
    config.write_text("[keys]\nundo = 5\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        load_settings(config_path=config)


def test_config_schema_path_is_used_by_validate_and_import(tmp_path):
    """[schema] path in annotator.toml is the schema of every command given no --schema."""
    (tmp_path / "mine.toml").write_text(
        'name = "mine"\nversion = "2.0.0"\n[[labels]]\nname = "PLACE"\nkey = "d"\n',
        encoding="utf-8",
    )
    (tmp_path / "annotator.toml").write_text('[schema]\npath = "mine.toml"\n', encoding="utf-8")
    tasks = tmp_path / "tasks.jsonl"
    tasks.write_text(
        '{"text": "Kenya sent men.", "spans": [{"start": 0, "end": 5, "label": "PLACE"}]}\n',
        encoding="utf-8",
    )
    imported = invoke("import", str(tasks), "--db", f"sqlite:///{tmp_path / 'a.db'}")
    assert imported.exit_code == 0, imported.output
    assert "1 annotation(s) stored" in imported.text
    checked = invoke("validate", str(tasks))
    assert "mine@2.0.0" in checked.text
