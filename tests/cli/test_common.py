"""Error lines keep every character the user needs, including TOML table names in brackets."""

from __future__ import annotations

from .conftest import invoke


def test_common_schema_issue_keeps_bracketed_table_name(tmp_path):
    """A schema with no labels names the `[[labels]]` table it needs, brackets and all."""
    schema = tmp_path / "s.toml"
    schema.write_text('name = "x"\nversion = "1.0.0"\nlabels = []\n', encoding="utf-8")
    result = invoke("schema", "check", str(schema))
    assert result.exit_code == 2
    assert "define at least one [[labels]] table" in result.text


def test_common_config_error_keeps_bracketed_section_names(tmp_path):
    """A config whose [store] is not a table names the sections in brackets."""
    (tmp_path / "annotator.toml").write_text("store = 3\n", encoding="utf-8")
    result = invoke("db", "info")
    assert result.exit_code == 2
    assert "[store]" in result.text
    assert "Traceback" not in result.output
