"""Every issue code with its message template and fix hint, in one table: the class Errors."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Code:
    """An issue code: message template (str.format fields) and how to fix it, named by Errors."""

    template: str
    hint: str
    name: str = field(default="", init=False)

    def __set_name__(self, owner: type, name: str) -> None:
        """Take the attribute name the code is given in Errors (E302) as its own."""
        object.__setattr__(self, "name", name)

    @property
    def number(self) -> int:
        """The code's number, 302 for Errors.E302."""
        return int(self.name[1:])

    def id(self, severity: Severity = "error") -> str:
        """Render the code as users see it: E302, or W302 for a rule of severity warning."""
        return f"{'E' if severity == 'error' else 'W'}{self.number}"


class Errors:
    """Every issue code by name, with its message template and fix hint."""

    # E1xx: structure of a line or file
    E100 = Code("invalid JSON: {detail}", "fix the JSON syntax on this line")
    E101 = Code("a line must be a JSON object, found {kind}", "wrap the record in {{...}}")
    E102 = Code("invalid UTF-8: {detail}", "re-save the file as UTF-8")
    E103 = Code("field '{field}': {detail}", "give '{field}' a value of the expected type")
    E104 = Code("unknown field '{field}'", "remove '{field}' or move it into 'meta'")
    E105 = Code("the file is empty", "add records or remove the file from the check")
    E106 = Code("file starts with a UTF-8 byte order mark", "save the file without a BOM")
    E107 = Code("cannot read {path}: {detail}", "check the path and its permissions")
    E108 = Code(
        "no .jsonl or .toml files under {path}", "point at a JSONL file or a folder holding some"
    )
    E109 = Code(
        "text contains a lone surrogate at {where}",
        "re-encode the text; lone surrogates are not Unicode",
    )
    E110 = Code("line is blank", "remove blank lines")
    E111 = Code(
        "{path} is not JSONL or a schema TOML (suffix {suffix!r})",
        "validate .jsonl, .json or .ndjson files, or a schema .toml; bring other files in "
        "with annotator import",
    )
    E112 = Code(
        "the line nests arrays or objects too deeply: {detail}",
        "keep meta and span attrs under 200 levels of nesting",
    )
    # E2xx: offsets and identity inside one record
    E200 = Code("span start {start} is not before end {end}", "make start < end (end is exclusive)")
    E201 = Code(
        "span [{start}, {end}) is outside the text (length {length})", "clip the span to the text"
    )
    E202 = Code(
        "span text {given!r} differs from text[{start}:{end}] = {actual!r}",
        "set 'text' to the slice or fix the offsets",
    )
    E203 = Code(
        "token indices [{token_start}, {token_end}] do not match offsets [{start}, {end})",
        "recompute token_start/token_end from the offsets",
    )
    E204 = Code(
        "span [{start}, {end}) does not align to token boundaries",
        "move the edges to token starts/ends",
    )
    E205 = Code("duplicate span [{start}, {end}) {label}", "remove the repeated span")
    E206 = Code(
        "text_sha256 does not match the text", "recompute text_sha256 from the text (UTF-8)"
    )
    E207 = Code(
        "doc_id {given!r} is not derived from the text (expected {expected!r})",
        "use the first 16 hex digits of text_sha256",
    )
    E208 = Code("token {index} is inconsistent: {detail}", "re-tokenize the document")
    E209 = Code("updated_at is before created_at", "fix the timestamps")
    E210 = Code(
        "{field} is {given}, expected {expected}", "recompute the Prodigy hash or drop the key"
    )
    E211 = Code("span id {id!r} is used twice", "give each span a unique id")
    E212 = Code(
        "span [{start}, {end}) fragments {fragments} are not ordered, token-aligned pieces "
        "that begin at its start and finish at its end",
        "list two or more [start, end) pieces in text order, on token boundaries, "
        "the first at the span's start and the last at its end",
    )
    E213 = Code(
        "relation {index}: {role} {id!r} names no span of this record",
        "use the id of one of the record's spans (spans need an 'id' to be linked)",
    )
    E214 = Code("relation {index} links span {id!r} to itself", "link two different spans")
    E215 = Code(
        "relation {index} repeats {label} from {head!r} to {child!r}",
        "remove the repeated relation",
    )
    # E3xx: schema rules (a rule of severity warning prints W3xx)
    E300 = Code("label {label!r} is not in schema {schema}", "use one of: {labels}")
    E301 = Code("{label} span {text!r} does not match {pattern!r}", "{description}")
    E302 = Code(
        "{label} span has {count} tokens, more than {limit}", "shorten the span or split it"
    )
    E303 = Code(
        "{label} span {text!r} is not enclosed by quotation marks {pairs}",
        "put the span just inside the marks, marks excluded",
    )
    E304 = Code(
        "{label} span [{start}, {end}) overlaps {other} span [{ostart}, {oend}){more}",
        "only labels listed in may_contain may sit inside another span",
    )
    E305 = Code(
        "{label} value {text!r} is not one of the allowed values",
        "use one of the schema's values for {label}",
    )
    E306 = Code(
        "{label} {text!r} is not in the gazetteer",
        "check the spelling or add an alias to the schema",
    )
    E307 = Code(
        "record was made with schema {given}, checking against {expected}",
        "validate with the schema the record names",
    )
    E308 = Code(
        "{label} span {text!r} was not checked against {pattern!r}: {detail}",
        "the pattern backtracks too much; rewrite it (annotator schema check points at "
        "repeated groups that hold a repeat, like (a+)+)",
    )
    E310 = Code(
        "attribute {name!r} is not declared for {owner} (declared: {declared})",
        "declare it under [[labels.attributes]] or [[relations.attributes]], or remove it",
    )
    E311 = Code(
        "attribute {owner}.{name} is {value!r}, expected {expected}",
        "give {name} a value of its declared type",
    )
    E312 = Code(
        "required attribute {owner}.{name} is missing",
        "set {name} (in the TUI: A on the span, or on the relation focused in the list)",
    )
    E320 = Code("relation label {label!r} is not in schema {schema}", "use one of: {known}")
    E321 = Code(
        "{relation} relation's {role} is a {found} span; {relation} takes {allowed}",
        "link spans of the labels the schema's [[relations]] entry lists",
    )
    E322 = Code(
        "span {head!r} heads {count} {relation} relations, more than max_per_head {limit}",
        "keep at most {limit} {relation} relation(s) per head span",
    )
    E323 = Code("document label {name!r} is not in schema {schema}", "use one of: {known}")
    E324 = Code(
        "document label {name} has value {value!r}, not one of {allowed}",
        "pick one of the schema's values for {name}",
    )
    E325 = Code(
        "document label {name} holds {count} values; it takes one value, each at most once",
        "keep one value, or declare {name} with multiple = true",
    )
    E326 = Code("required document label {name} is missing", "choose a value for {name}")
    E327 = Code(
        "{count} span(s) with label(s) {labels} not in schema {schema}, the first span {first}",
        "rename or drop them on the way in with --label-map OLD=NEW (OLD= drops), or write "
        "a schema of every label the files use with `annotator schema infer --format FORMAT "
        "PATH...` and import with --schema",
    )
    # E5xx: the schema file itself
    E500 = Code("TOML syntax: {detail}", "fix the TOML syntax")
    E501 = Code("unknown key '{key}' in {where}", "remove it; allowed: {allowed}")
    E502 = Code("label {label!r} is defined twice (first on line {first})", "rename or remove one")
    E503 = Code("key {key!r} is used by {label} and {other}", "give each label its own key")
    E504 = Code(
        "key {key!r} of {label} is reserved for {action}",
        "pick a key that is not one of: {reserved}",
    )
    E505 = Code(
        "invalid regular expression in {label}.{key}: {detail}",
        "fix the pattern (Python re syntax)",
    )
    E506 = Code("invalid colour {value!r} for {label}", "use #rgb or #rrggbb")
    E507 = Code(
        "version {value!r} is not semantic versioning", "use MAJOR.MINOR.PATCH, for example 1.0.0"
    )
    E508 = Code("{where}: {detail}", "see the schema file format in the README")
    E509 = Code(
        "{label}.may_contain names unknown label {other!r}",
        "use '*' or a label defined in the schema",
    )
    E510 = Code("key {key!r} of {label} must be one lowercase letter a-z", "use a single letter")
    E511 = Code(
        "enclosed_by pair {pair!r} of {label} must be two characters",
        "write pairs as two characters, open then close",
    )
    E512 = Code(
        "relation {relation} names unknown label {other!r} as {role}",
        "use '*' or a label defined in the schema",
    )
    E513 = Code(
        "key {key!r} of {owner} must be one letter",
        "use a single letter not used by a label or the TUI (capitals are free for relations)",
    )
    E514 = Code("{owner} declares attribute {name!r} twice", "remove one of them")
    E515 = Code(
        "must_match of {label} repeats a group that itself repeats: {fragment}",
        "matching such a group can take exponential time and is cut off after {limit} ms "
        "per span; rewrite it without the outer repeat, e.g. ^a+$ for ^(a+)+$",
    )


CODES: dict[int, Code] = {
    code.number: code for code in vars(Errors).values() if isinstance(code, Code)
}


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem found, with where it is and how to fix it."""

    kind: Code
    message: str
    hint: str
    severity: Severity = "error"
    path: str = ""
    line: int | None = None
    span_index: int | None = None
    label: str | None = None
    span_text: str | None = None
    field: str | None = None

    @property
    def code(self) -> str:
        """The code as users see it, E302 or W302 (compare `kind` with Errors members instead)."""
        return self.kind.id(self.severity)

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


def make_issue(
    code: Code,
    severity: Severity = "error",
    /,
    *,
    path: str = "",
    line: int | None = None,
    span_index: int | None = None,
    label: str | None = None,
    span_text: str | None = None,
    field: str | None = None,
    **values: object,
) -> Issue:
    """Build an Issue of `code`, formatting its message and hint with `values` and the location."""
    location = {
        "path": path,
        "line": line,
        "span_index": span_index,
        "label": label,
        "span_text": span_text,
        "field": field,
    }
    fields = {**{k: v for k, v in location.items() if v is not None}, **values}
    return Issue(
        kind=code,
        message=code.template.format(**fields),
        hint=code.hint.format(**fields),
        severity=severity,
        path=path,
        line=line,
        span_index=span_index,
        label=label,
        span_text=span_text,
        field=field,
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
