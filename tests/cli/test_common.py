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


def test_common_error_line_is_not_hard_wrapped(tmp_path):
    """A long error stays on one line when piped, so a path in it can be grepped and copied."""
    deep = tmp_path / ("folder-with-a-long-name-" * 4) / "missing.jsonl"
    result = invoke("import", str(deep), "--db", f"sqlite:///{tmp_path / 'a.db'}")
    assert result.exit_code == 2
    line = next(x for x in result.output.splitlines() if x.startswith("error:"))
    assert str(deep) in line
