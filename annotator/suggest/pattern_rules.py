"""The shipped pattern files' content, from general lexicons and token rules (no I/O beyond writing).

Every rule here is meant to hold for news in general, not for one article: country names from pycountry
and the schema's gazetteer, qualified quantities, quotation marks, a lexicon of recruitment and coercion
tactics, titled names and organisation heads (word lists in `pattern_lexicons.py`).
`schemas/patterns/build_patterns.py` writes the files.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from annotator.schema.model import LabelSchema
from annotator.suggest.pattern_lexicons import (
    CAPITALS,
    COMPEL_VERBS,
    DECEIVE_VERBS,
    DIGITS,
    FUNCTION_WORDS,
    GOODS_ADJECTIVES,
    HEADS_BEFORE_OF,
    LIST_STOPS,
    MEDIA,
    MONTHS,
    NUMBER_WORDS,
    ORGANISATION_HEADS,
    ORGANISATIONS,
    PERIOD_WORDS,
    PLACE_AFTER,
    PLACE_BEFORE,
    PROMISED_GOODS,
    PUNISHMENTS,
    QUALIFIERS,
    REFERENCE_WORDS,
    REGIONS,
    ROLE_WORDS,
    SCALES,
    TACTIC_LEXICON,
    TIME_UNITS,
    TITLES,
    WEEKDAYS,
    YEAR,
)

Row = dict[str, Any]
Token = dict[str, Any]


def row(label: str, pattern: str | list[Token], pattern_id: str, **options: Any) -> Row:
    """One pattern line: label, phrase or token pattern, id, and this tool's extra options."""
    return {"label": label, "pattern": pattern, "id": pattern_id, **options}


def any_of(words: Iterable[str], attr: str = "LOWER", **extra: Any) -> Token:
    """A token matching any of the words on one attribute."""
    return {attr: {"IN": sorted(set(words))}, **extra}


def word_columns(phrases: Iterable[str | list[str]], attr: str) -> list[list[Token]]:
    """Multi-word phrases grouped by length, each group as one token pattern (a set per position)."""
    by_length: dict[int, list[list[str]]] = {}
    for phrase in phrases:
        words = phrase.split() if isinstance(phrase, str) else phrase
        by_length.setdefault(len(words), []).append(words)
    return [
        [any_of((words[i] for words in group), attr) for i in range(n)]
        for n, group in sorted(by_length.items())
    ]


def country_rows(schema: LabelSchema) -> list[Row]:
    """Country names (pycountry short, common and official names, plus the schema's aliases)."""
    import pycountry

    names: set[str] = set()
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value and "," not in value and "(" not in value:
                names.add(value)
    names |= set(schema.by_name["COUNTRY"].gazetteer)
    rows = [row("COUNTRY", name, "country") for name in sorted(names)]
    rows += [row("NOT_COUNTRY", region, "region") for region in REGIONS]
    headline_us: list[Token] = [{"IS_UPPER": True, "LENGTH": {">": 2}}, {"ORTH": "US"}]
    rows.append(row("NOT_COUNTRY", headline_us, "caps-headline"))
    return rows


def figure_rows() -> list[Row]:
    """Numbers with qualifiers, ranges, durations and magnitudes; dates, years and codes blocked."""
    words = NUMBER_WORDS
    digit = {"TEXT": {"REGEX": DIGITS}}
    word = any_of(words)
    scale = any_of(SCALES, OP="?")
    unit = any_of(["%", "percent", "per", "cent"], OP="*")
    time_unit = any_of(TIME_UNITS)
    currency = any_of(["$", "€", "£", "US$"], "ORTH", OP="?")
    link = any_of(["to", "or", "-", "–", "and"])
    rows = [
        row("FIGURE", [currency, digit, scale, unit], "number"),
        row("FIGURE", [any_of(w for w in words if w != "one"), any_of(words, OP="*"), unit],
            "number-word"),
    ]  # fmt: skip
    for qualifier in word_columns(QUALIFIERS, "LOWER"):
        for number in (digit, word):
            rows += [
                row("FIGURE", [*qualifier, currency, number, scale, unit], "qualified"),
                row("FIGURE", [*qualifier, currency, number, scale, link, number, scale, unit],
                    "qualified-range"),
                row("FIGURE", [*qualifier, number, link, number, time_unit], "qualified-duration"),
                row("FIGURE", [*qualifier, number, time_unit], "qualified-duration"),
                row("FIGURE", [*qualifier, number, {"LOWER": "times"}], "qualified-multiplier"),
            ]  # fmt: skip
    rows.append(row("FIGURE", [digit, any_of(["to", "-", "–"]), digit, scale, unit], "range"))
    between = {"LOWER": "between"}
    for number in (digit, word):
        bounded = [between, currency, number, scale, any_of(["and", "to"]), currency, number, scale]
        rows.append(row("FIGURE", [*bounded, unit], "between-range"))
        rows.append(row("FIGURE", [*bounded, time_unit], "between-range"))
    times = {"LOWER": "times"}
    rows += [row("FIGURE", [number, times], "multiplier") for number in (digit, word)]
    rows.append(row("FIGURE", [word, any_of(["to", "or"]), word, time_unit], "duration-range"))
    rows += [row("FIGURE", [number, time_unit], "duration") for number in (digit, word)]
    for magnitude in ["thousands", "hundreds", "millions", "billions", "dozens", "tens"]:
        rows.append(row("FIGURE", [{"LOWER": magnitude}], "magnitude"))
    for many in ["tens", "hundreds", "dozens"]:
        big = any_of(["thousands", "millions", "billions"])
        rows.append(row("FIGURE", [{"LOWER": many}, {"LOWER": "of"}, big], "magnitude"))
    for multiplier in ["double", "triple", "twice", "half"]:
        rows.append(row("FIGURE", [{"LOWER": multiplier}], "multiplier"))
    return rows + figure_blocks()


def figure_blocks() -> list[Row]:
    """Numbers that are not quantities: dates, years, decades, periods, references, codes, times."""
    month = any_of(MONTHS, IS_TITLE=True)
    day = {"TEXT": {"REGEX": r"^\d{1,2}(st|nd|rd|th)?$"}}
    period = any_of(PERIOD_WORDS)
    time_unit = any_of(TIME_UNITS)
    blocks: list[tuple[list[Token], str]] = [
        ([month, {"TEXT": {"REGEX": r"^\d{1,4}(st|nd|rd|th)?$"}}], "date"),
        ([day, month], "date"),
        ([day, {"LOWER": "of"}, month], "date"),
        ([{"TEXT": {"REGEX": YEAR}}], "year"),
        ([{"TEXT": {"REGEX": r"^(1[89]|20)\d\d[–-](1[89]|20)?\d\d$"}}], "year-range"),
        ([{"TEXT": {"REGEX": r"^\d{1,4}s$"}}], "decade"),
        ([period, any_of(NUMBER_WORDS), time_unit], "period"),
        ([period, {"TEXT": {"REGEX": DIGITS}}, time_unit], "period"),
        ([any_of(REFERENCE_WORDS), {"TEXT": {"REGEX": r"^\d"}}], "reference"),
        (
            [
                {"IS_ALPHA": True, "SPACY": False},
                {"ORTH": {"IN": ["-", "–"]}, "SPACY": False},
                {"TEXT": {"REGEX": r"^\d"}},
            ],
            "code",
        ),
        ([{"TEXT": {"REGEX": r"^\d"}}, any_of(["a.m.", "p.m.", "am", "pm", "gmt", "utc"])], "time"),
    ]
    return [row("NOT_FIGURE", pattern, pid) for pattern, pid in blocks]


def quote_rows() -> list[Row]:
    """Text between a pair of quotation marks (straight marks must not be glued inside the pair)."""
    rows = []
    inner: Token
    for opening, closing in [("“", "”"), ('"', '"'), ("‘", "’"), ("«", "»")]:
        if opening == closing:
            inner = {"ORTH": {"NOT_IN": [opening]}}
            pattern = [
                {"ORTH": opening, "SPACY": False},
                {**inner, "OP": "*"},
                {**inner, "SPACY": False},
                {"ORTH": closing},
            ]
            rows.append(row("QUOTE", pattern, "quote-straight"))
        else:
            inner = {"ORTH": {"NOT_IN": [opening, closing]}, "OP": "+"}
            rows.append(row("QUOTE", [{"ORTH": opening}, inner, {"ORTH": closing}], "quote"))
    return rows


def tactic_rows() -> list[Row]:
    """A lexicon of recruitment and coercion methods and a few verb-phrase shapes that name one."""
    rows = [row("TACTIC", phrase, "lexicon", lower=True) for phrase in TACTIC_LEXICON]
    threat = any_of(["threatened", "threatening", "threaten", "threatens", "threats", "threat"])
    punishment = any_of(PUNISHMENTS)
    rows.append(
        row(
            "TACTIC",
            [threat, any_of(["with", "of"]), punishment, any_of(["or", "and", ","], OP="?"),
             any_of(PUNISHMENTS, OP="?")],
            "threat",
        )
    )  # fmt: skip
    gerund = {"LOWER": {"REGEX": "^[a-z]+ing$"}}
    rows.append(row("TACTIC", [any_of(DECEIVE_VERBS), {"LOWER": "into"}, gerund], "coerced-into"))
    adverb = any_of(["illegally", "forcibly", "fraudulently", "covertly", "secretly",
                     "deceptively", "unlawfully"])  # fmt: skip
    recruit = any_of(["recruited", "recruiting", "recruit", "conscripted", "conscripting",
                      "mobilized", "mobilised", "enlisted", "drafted", "sent"])  # fmt: skip
    rows.append(row("TACTIC", [adverb, recruit], "illegal-recruitment"))
    compel = any_of(COMPEL_VERBS)
    sign = any_of(["sign", "signing", "join", "enlist", "fight", "serve"])
    papers = any_of(["contracts", "contract", "documents", "papers", "agreements", "agreement"])
    signed = [compel, {"LOWER": "to"}, sign, any_of(["a", "the"], OP="?"), papers]
    rows.append(row("TACTIC", signed, "forced-to-sign"))
    rows.append(row("TACTIC", [*signed, {"LOWER": "in"}, {"IS_TITLE": True}], "forced-to-sign"))
    join = any_of(["join", "enlist", "fight", "serve"])
    rows.append(row("TACTIC", [compel, {"LOWER": "to"}, join], "forced-to-join"))
    revoke = any_of(["revoke", "revoking", "revoked", "revokes", "strip", "stripping", "stripped",
                     "cancel", "cancelling", "annul", "annulling"])  # fmt: skip
    status = any_of(["citizenship", "residency", "passports", "passport", "visas", "work"])
    rows.append(
        row(
            "TACTIC",
            [revoke, any_of(["the", "their", "his", "her"], OP="?"), status,
             any_of(["permits"], OP="?")],
            "revoke-status",
        )
    )  # fmt: skip
    promise = any_of(["promised", "promising", "offered", "offering", "promises", "offers"])
    offer = [promise, any_of(GOODS_ADJECTIVES, OP="*"), any_of(PROMISED_GOODS)]
    sectors = {"LOWER": {"NOT_IN": LIST_STOPS}, "IS_TITLE": False, "IS_DIGIT": False,
               "IS_UPPER": False, "OP": "+"}  # fmt: skip
    rows.append(row("TACTIC", offer, "false-promise"))
    rows.append(row("TACTIC", [*offer, any_of(["in", "at"]), sectors], "false-promise"))
    return rows


def actor_rows() -> list[Row]:
    """Titled names, organisation heads, known organisations and media, capitals for governments."""
    not_name = FUNCTION_WORDS + WEEKDAYS + MONTHS
    name = {"IS_TITLE": True, "LOWER": {"NOT_IN": sorted(set(not_name))}}
    maybe_title = {"IS_TITLE": True, "OP": "?"}
    rows = [
        row("ACTOR", [*title, name, maybe_title, maybe_title], "titled-name", propagate=True)
        for title in word_columns(TITLES, "ORTH")
    ]
    head = any_of(ORGANISATION_HEADS, "ORTH")
    more_title = {"IS_TITLE": True, "OP": "*"}
    of = any_of(["of", "for", "on"])
    the = {"LOWER": "the", "OP": "?"}
    titles = {"IS_TITLE": True, "OP": "+"}
    rows += [
        row("ACTOR", [name, more_title, head], "organisation"),
        row("ACTOR", [name, more_title, head, of, the, titles], "organisation"),
        row("ACTOR", [any_of(HEADS_BEFORE_OF, "ORTH"), of, the, titles], "organisation"),
        row("ACTOR", [{"ORTH": "the"}, {"ORTH": "Kremlin"}], "organisation", trim=[1, 0]),
        row("ACTOR", [{"ORTH": "Kremlin"}], "organisation"),
    ]
    rows += [row("ACTOR", medium, "media") for medium in MEDIA]
    rows += [row("ACTOR", org, "organisation-name") for org in ORGANISATIONS]
    rows += [row("ACTOR", capital, "capital-as-government") for capital in CAPITALS]
    for capital in word_columns(CAPITALS, "ORTH"):
        before = [any_of(PLACE_BEFORE), *capital]
        after = [*capital, any_of(PLACE_AFTER)]
        rows.append(row("NOT_ACTOR", before, "capital-as-place", trim=[1, 0]))
        rows.append(row("NOT_ACTOR", after, "capital-as-place", trim=[0, 1]))
    appositive: list[Token] = [
        name,
        {"IS_TITLE": True},
        maybe_title,
        {"ORTH": ","},
        any_of(ROLE_WORDS),
    ]
    rows.append(row("ACTOR", appositive, "appositive-name", trim=[0, 2], propagate=True, score=0.8))
    return rows


def pattern_sets(schema: LabelSchema) -> dict[str, list[Row]]:
    """Every shipped pattern file's name and rows."""
    return {
        "actors.jsonl": actor_rows(),
        "countries.jsonl": country_rows(schema),
        "figures.jsonl": figure_rows(),
        "quotes.jsonl": quote_rows(),
        "tactics.jsonl": tactic_rows(),
    }


def render(rows: Iterable[Row]) -> str:
    """The JSONL text of some rows, one compact-ish JSON object per line."""
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def write_patterns(out_dir: Path, schema: LabelSchema) -> list[Path]:
    """Write every pattern file into a folder; returns the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, rows in pattern_sets(schema).items():
        path = out_dir / name
        path.write_text(render(rows), encoding="utf-8")
        written.append(path)
    return written
