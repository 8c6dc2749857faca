"""Every issue code with its message template and fix hint, in one table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Code:
    """An issue code: stable id, message template (str.format fields) and how to fix it."""

    number: int
    template: str
    hint: str


CODES: dict[int, Code] = {
    c.number: c
    for c in (
        # E1xx: structure of a line or file
        Code(100, "invalid JSON: {detail}", "fix the JSON syntax on this line"),
        Code(101, "a line must be a JSON object, found {kind}", "wrap the record in {{...}}"),
        Code(102, "invalid UTF-8: {detail}", "re-save the file as UTF-8"),
        Code(103, "field '{field}': {detail}", "give '{field}' a value of the expected type"),
        Code(104, "unknown field '{field}'", "remove '{field}' or move it into 'meta'"),
        Code(105, "the file is empty", "add records or remove the file from the check"),
        Code(106, "file starts with a UTF-8 byte order mark", "save the file without a BOM"),
        Code(107, "cannot read {path}: {detail}", "check the path and its permissions"),
        Code(
            108,
            "no .jsonl or .toml files under {path}",
            "point at a JSONL file or a folder holding some",
        ),
        Code(
            109,
            "text contains a lone surrogate at {where}",
            "re-encode the text; lone surrogates are not Unicode",
        ),
        Code(110, "line is blank", "remove blank lines"),
        Code(
            111,
            "{path} is not JSONL or a schema TOML (suffix {suffix!r})",
            "validate .jsonl, .json or .ndjson files, or a schema .toml; bring other files in "
            "with annotator import",
        ),
        # E2xx: offsets and identity inside one record
        Code(
            200, "span start {start} is not before end {end}", "make start < end (end is exclusive)"
        ),
        Code(
            201,
            "span [{start}, {end}) is outside the text (length {length})",
            "clip the span to the text",
        ),
        Code(
            202,
            "span text {given!r} differs from text[{start}:{end}] = {actual!r}",
            "set 'text' to the slice or fix the offsets",
        ),
        Code(
            203,
            "token indices [{token_start}, {token_end}] do not match offsets [{start}, {end})",
            "recompute token_start/token_end from the offsets",
        ),
        Code(
            204,
            "span [{start}, {end}) does not align to token boundaries",
            "move the edges to token starts/ends",
        ),
        Code(205, "duplicate span [{start}, {end}) {label}", "remove the repeated span"),
        Code(
            206,
            "text_sha256 does not match the text",
            "recompute text_sha256 from the text (UTF-8)",
        ),
        Code(
            207,
            "doc_id {given!r} is not derived from the text (expected {expected!r})",
            "use the first 16 hex digits of text_sha256",
        ),
        Code(208, "token {index} is inconsistent: {detail}", "re-tokenize the document"),
        Code(209, "updated_at is before created_at", "fix the timestamps"),
        Code(
            210,
            "{field} is {given}, expected {expected}",
            "recompute the Prodigy hash or drop the key",
        ),
        Code(211, "span id {id!r} is used twice", "give each span a unique id"),
        Code(
            212,
            "span [{start}, {end}) fragments {fragments} are not ordered, token-aligned pieces "
            "that begin at its start and finish at its end",
            "list two or more [start, end) pieces in text order, on token boundaries, "
            "the first at the span's start and the last at its end",
        ),
        Code(
            213,
            "relation {index}: {role} {id!r} names no span of this record",
            "use the id of one of the record's spans (spans need an 'id' to be linked)",
        ),
        Code(214, "relation {index} links span {id!r} to itself", "link two different spans"),
        Code(
            215,
            "relation {index} repeats {label} from {head!r} to {child!r}",
            "remove the repeated relation",
        ),
        # E3xx: schema rules (a rule of severity warning reports W3xx)
        Code(300, "label {label!r} is not in schema {schema}", "use one of: {labels}"),
        Code(301, "{label} span {text!r} does not match {pattern!r}", "{description}"),
        Code(
            302,
            "{label} span has {count} tokens, more than {limit}",
            "shorten the span or split it",
        ),
        Code(
            303,
            "{label} span {text!r} is not enclosed by quotation marks {pairs}",
            "put the span just inside the marks, marks excluded",
        ),
        Code(
            304,
            "{label} span [{start}, {end}) overlaps {other} span [{ostart}, {oend}){more}",
            "only labels listed in may_contain may sit inside another span",
        ),
        Code(
            305,
            "{label} value {text!r} is not one of the allowed values",
            "use one of the schema's values for {label}",
        ),
        Code(
            306,
            "{label} {text!r} is not in the gazetteer",
            "check the spelling or add an alias to the schema",
        ),
        Code(
            307,
            "record was made with schema {given}, checking against {expected}",
            "validate with the schema the record names",
        ),
        Code(
            310,
            "attribute {name!r} is not declared for {owner} (declared: {declared})",
            "declare it under [[labels.attributes]] or [[relations.attributes]], or remove it",
        ),
        Code(
            311,
            "attribute {owner}.{name} is {value!r}, expected {expected}",
            "give {name} a value of its declared type",
        ),
        Code(312, "required attribute {owner}.{name} is missing", "give the span a {name}"),
        Code(
            320,
            "relation label {label!r} is not in schema {schema}",
            "use one of: {known}",
        ),
        Code(
            321,
            "{relation} relation's {role} is a {found} span; {relation} takes {allowed}",
            "link spans of the labels the schema's [[relations]] entry lists",
        ),
        Code(
            322,
            "span {head!r} heads {count} {relation} relations, more than max_per_head {limit}",
            "keep at most {limit} {relation} relation(s) per head span",
        ),
        Code(
            323,
            "document label {name!r} is not in schema {schema}",
            "use one of: {known}",
        ),
        Code(
            324,
            "document label {name} has value {value!r}, not one of {allowed}",
            "pick one of the schema's values for {name}",
        ),
        Code(
            325,
            "document label {name} holds {count} values; it takes one value, each at most once",
            "keep one value, or declare {name} with multiple = true",
        ),
        Code(326, "required document label {name} is missing", "choose a value for {name}"),
        Code(
            327,
            "{count} span(s) with label(s) {labels} not in schema {schema}, the first span {first}",
            "rename or drop them on the way in with --label-map OLD=NEW (OLD= drops), or write "
            "a schema of every label the files use with `annotator schema infer --format FORMAT "
            "PATH...` and import with --schema",
        ),
        # E5xx: the schema file itself
        Code(500, "TOML syntax: {detail}", "fix the TOML syntax"),
        Code(501, "unknown key '{key}' in {where}", "remove it; allowed: {allowed}"),
        Code(
            502, "label {label!r} is defined twice (first on line {first})", "rename or remove one"
        ),
        Code(503, "key {key!r} is used by {label} and {other}", "give each label its own key"),
        Code(
            504,
            "key {key!r} of {label} is reserved for {action}",
            "pick a key that is not one of: {reserved}",
        ),
        Code(
            505,
            "invalid regular expression in {label}.{key}: {detail}",
            "fix the pattern (Python re syntax)",
        ),
        Code(506, "invalid colour {value!r} for {label}", "use #rgb or #rrggbb"),
        Code(
            507,
            "version {value!r} is not semantic versioning",
            "use MAJOR.MINOR.PATCH, for example 1.0.0",
        ),
        Code(508, "{where}: {detail}", "see the schema file format in the README"),
        Code(
            509,
            "{label}.may_contain names unknown label {other!r}",
            "use '*' or a label defined in the schema",
        ),
        Code(510, "key {key!r} of {label} must be one lowercase letter a-z", "use a single letter"),
        Code(
            511,
            "enclosed_by pair {pair!r} of {label} must be two characters",
            "write pairs as two characters, open then close",
        ),
        Code(
            512,
            "relation {relation} names unknown label {other!r} as {role}",
            "use '*' or a label defined in the schema",
        ),
        Code(
            513,
            "key {key!r} of {owner} must be one letter",
            "use a single letter not used by a label or the TUI (capitals are free for relations)",
        ),
        Code(514, "{owner} declares attribute {name!r} twice", "remove one of them"),
        Code(
            308,
            "{label} span {text!r} was not checked against {pattern!r}: {detail}",
            "the pattern backtracks too much; rewrite it (annotator schema check points at "
            "repeated groups that hold a repeat, like (a+)+)",
        ),
        Code(
            112,
            "the line nests arrays or objects too deeply: {detail}",
            "keep meta and span attrs under 200 levels of nesting",
        ),
        Code(
            515,
            "must_match of {label} repeats a group that itself repeats: {fragment}",
            "matching such a group can take exponential time and is cut off after {limit} ms "
            "per span; rewrite it without the outer repeat, e.g. ^a+$ for ^(a+)+$",
        ),
    )
}


def code_id(number: int, severity: Severity = "error") -> str:
    """Render a code as E301 or W301."""
    return f"{'E' if severity == 'error' else 'W'}{number}"


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem found, with where it is and how to fix it."""

    code: str
    message: str
    hint: str
    severity: Severity = "error"
    path: str = ""
    line: int | None = None
    span_index: int | None = None
    label: str | None = None
    span_text: str | None = None
    field: str | None = None

    def where(self) -> str:
        """Render the location as file:line [span N LABEL 'text']."""
        parts = [self.path or "<input>"]
        if self.line is not None:
            parts[0] += f":{self.line}"
        if self.span_index is not None:
            detail = f"span {self.span_index}"
            if self.label:
                detail += f" {self.label}"
            if self.span_text is not None:
                shown = self.span_text if len(self.span_text) <= 40 else self.span_text[:37] + "..."
                detail += f" {shown!r}"
            parts.append(detail)
        elif self.field:
            parts.append(f"field {self.field}")
        return " ".join(parts)

    def to_dict(self) -> dict:
        """Return a JSON-ready dict of the issue."""
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "hint": self.hint,
            "path": self.path,
            "line": self.line,
            "span_index": self.span_index,
            "label": self.label,
            "span_text": self.span_text,
            "field": self.field,
        }


def make_issue(number: int, severity: Severity = "error", **values: object) -> Issue:
    """Build an Issue from the table, formatting message and hint with `values`."""
    code = CODES[number]
    fmt = {k: v for k, v in values.items()}
    location_keys = ("path", "line", "span_index", "label", "span_text", "field")
    loc = {k: values[k] for k in location_keys if k in values}
    return Issue(
        code=code_id(number, severity),
        message=code.template.format(**fmt),
        hint=code.hint.format(**fmt),
        severity=severity,
        **loc,  # type: ignore[arg-type]
    )


class Refusal:
    """Messages of the store, the export folder and crashes (str.format templates, by name)."""

    NO_DATABASE = "no database at {where} (create one with annotator import or annotator annotate)"
    NOT_ANNOTATOR_DB = (
        "{where} is not an annotator database ({why}); nothing was written to it. Point --db at "
        "the database annotator import or annotator annotate made (they create one where none "
        "exists)"
    )
    FOREIGN_TABLES = (
        "{where} is not an annotator database: it holds another application's tables "
        "({tables}); nothing was written to it. Point --db at the database annotator import "
        "made, or at a new file{schema_hint}"
    )
    EMPTY_FILE = (
        "{where} is an empty file (0 bytes), not a database; if it held your annotations, restore "
        "it from a backup (annotator db restore BACKUP --db sqlite:///new.db), otherwise delete it"
    )
    BAD_VERSION_ROW = (
        "{where} is damaged: its schema version row {detail}; restore it from a backup "
        "(annotator db restore BACKUP --db sqlite:///new.db)"
    )
    MISSING_TABLES = (
        "{where} is damaged: annotator table(s) {tables} are missing; restore it from a backup "
        "(annotator db restore BACKUP --db sqlite:///new.db)"
    )
    DAMAGED = (
        "{where} is damaged ({detail}); nothing was written to it: restore it from a backup "
        "(annotator db restore BACKUP --db sqlite:///new.db), or salvage what is readable with "
        "sqlite3 {where} .recover"
    )
    UPGRADE_NEEDS_WRITE = (
        "{where} was written by an older annotator (schema version {found}) and must be upgraded "
        "once, which needs write access ({detail}); copy it to a folder you can write to and "
        "open the copy"
    )
    BAD_ROW = (
        "{what} cannot be read ({detail}); pass --skip-bad to leave it out (it is counted), or "
        "restore the database from a backup"
    )
    BAD_ROW_NO_SKIP = "{what} cannot be read ({detail}); restore the database from a backup"
    SKIPPED_ROWS = "skipped {count} unreadable stored row(s): {rows}"
    RESTORE_FAILED = "{detail}; nothing was restored, {target} is as it was"
    BAD_BACKUP = (
        "{source} is not a usable backup ({detail}); it may be truncated or damaged: restore "
        "another backup"
    )
    OUT_SYMLINK = (
        "{path} is a symbolic link; an export writes only real files and folders inside --out: "
        "remove the link or choose another --out (nothing was deleted)"
    )
    OUT_NOT_OURS = (
        "{path} would be replaced but is not a file of the previous export ({why}); move it "
        "away or choose another --out (nothing was deleted)"
    )
    OUT_NOT_MANIFEST = (
        "{path} is not a manifest an annotator export wrote ({why}); move it away or choose "
        "another --out (nothing was deleted)"
    )
    OUT_KEPT_CHANGED = (
        "kept {count} file(s) the previous manifest.json lists, because their content changed "
        "since that export: {names}"
    )
    SERVE_MISSING = (
        "annotator serve needs the textual-serve package, which is not installed: "
        "pip install 'annotator[serve]'"
    )
    SERVE_PORT = "cannot serve on {host}:{port} ({why}); pick another --port"
    CRASHED = (
        "annotate stopped on an unexpected error ({summary}); every edit shown as saved is kept. "
        "The traceback is in {log}"
    )


class ImportMessage:
    """Messages of import options and of what an import did (str.format templates, by name)."""

    LABEL_MAP_UNREADABLE = (
        "{value}: not a file of OLD=NEW lines ({detail}); pass a readable file or pairs like "
        "Person=PER,Misc="
    )
    LABEL_MAP_BAD_ENTRY = (
        "{where}: {entry!r} is not OLD=NEW; write Person=PER to rename, Misc= to drop (names "
        "without whitespace)"
    )
    LABEL_MAP_TWICE = "{where}: {old} is mapped twice ({first!r}, {second!r}); keep one"
    LABEL_MAP_ORPHAN = "relation to a span --label-map dropped"
    LABEL_MAP_ORPHAN_WHY = "map the span's label to a new name instead of dropping it"
    REPLACED = (
        "{count:,} answer(s) replaced earlier ones by the same annotator; to keep both, import "
        "the second file with --annotator NAME"
    )
    TOKEN_SPLITS = (
        "{tokens:,} token(s) split in {documents:,} document(s) where a span edge fell inside a "
        "token (the text is unchanged)"
    )
    NEWLINE_TWINS = (
        "{count:,} record(s) differed from a document only by a trailing newline and joined it "
        "(the first text imported is kept)"
    )
