"""Attribute suggestions from span text: ISO codes of countries and numbers of figures."""

from __future__ import annotations

import ast
import math
from pathlib import Path

import orjson
import pycountry
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis_budget import examples

import annotator.suggest.attributes as attributes_module
from annotator.bundled import SAMPLE_CORPUS
from annotator.schema.model import default_schema_path, load_schema
from annotator.suggest.attributes import (
    AMBIGUOUS_COUNTRY_NAMES,
    ATTRIBUTE_SUGGESTERS,
    COUNTRY_ALIASES,
    QUALIFIERS_AFTER,
    QUALIFIERS_BEFORE,
    known_iso3_codes,
    suggest_figure,
    suggest_iso3,
)

ROOT = Path(__file__).resolve().parents[2]
SEED_TEXT = "\n".join(
    path.read_text(encoding="utf-8") for path in sorted((ROOT / "seeds").glob("*.txt"))
)
SAMPLE = SAMPLE_CORPUS


def figure(value=None, low=None, high=None, approx=False) -> dict:
    """The expected answer of the figure suggester, with the keys that are set."""
    found = {"value": value, "low": low, "high": high}
    return {key: float(number) for key, number in found.items() if number is not None} | {
        "approx": approx
    }


# Every FIGURE and COUNTRY of the seed article (and the sample corpus built from it), with a few
# more phrases of the same article that a reader might tag.
SEED_FIGURES = {
    "Nearly 200": figure(200, approx=True),
    "37": figure(37),
    "over 18,000": figure(18000, low=18000, approx=True),
    "128": figure(128),
    "thousands": figure(approx=True),
    "17": figure(17),
    "44": figure(44),
    "double": {},
    "over 1 million": figure(1_000_000, low=1_000_000, approx=True),
    "more than 250,000": figure(250_000, low=250_000, approx=True),
    "around 1,000": figure(1000, approx=True),
    "80,000": figure(80_000),
    "20,000": figure(20_000),
    "only one to two weeks": figure(low=1, high=2, approx=True),
    "one to two weeks": figure(low=1, high=2, approx=True),
    "more than 18,000": figure(18000, low=18000, approx=True),
    "at least 3,388": figure(3388, low=3388, approx=True),
    "nearly 1,000": figure(1000, approx=True),
    "only one": figure(1),
    "nine months": figure(9),
    "37 countries": figure(37),
    "Nearly 200 foreign nationals": figure(200, approx=True),
    "2023–2024": figure(low=2023, high=2024, approx=True),
}
SEED_COUNTRIES = {
    "Russia": "RUS",
    "Ukraine": "UKR",
    "Kenya": "KEN",
    "South Africa": "ZAF",
    "India": "IND",
    "UK": "GBR",
    "Uzbekistan": "UZB",
    "Tajikistan": "TJK",
    "Kyrgyzstan": "KGZ",
    "Sri Lanka": "LKA",
    "Cuba": "CUB",
    "Nepal": "NPL",
    "Ukraine’s": "UKR",
    "Russia’s": "RUS",
    "Kenya’s": "KEN",
    "India’s": "IND",
    "The UK": "GBR",
}
SEED_NOT_COUNTRIES = ["Moscow", "Pyongyang", "Donbas", "Central Asian", "North Korean", "Russian"]


def sample_spans(label: str) -> list[str]:
    """The texts of a label's spans in the sample corpus."""
    texts = []
    for line in SAMPLE.read_bytes().splitlines():
        record = orjson.loads(line)
        texts += [
            record["text"][s["start"] : s["end"]] for s in record["spans"] if s["label"] == label
        ]
    return texts


@pytest.mark.parametrize("phrase", [*SEED_FIGURES, *SEED_COUNTRIES, *SEED_NOT_COUNTRIES])
def test_seed_tables_hold_phrases_of_the_seed_article(phrase):
    """The seed tables quote the article as written."""
    assert phrase in SEED_TEXT


@pytest.mark.parametrize(("text", "expected"), SEED_FIGURES.items())
def test_figure_reads_the_seed_figures(text, expected):
    """Each figure of the seed article gives its value, bounds and approximation."""
    assert suggest_figure(text, {}) == expected


@pytest.mark.parametrize(("text", "code"), SEED_COUNTRIES.items())
def test_iso3_reads_the_seed_countries(text, code):
    """Each country of the seed article gives its ISO 3166-1 alpha-3 code."""
    assert suggest_iso3(text, {}) == {"iso3": code}


@pytest.mark.parametrize("text", SEED_NOT_COUNTRIES)
def test_iso3_leaves_out_capitals_regions_and_adjectives_of_the_seed(text):
    """Capitals, regions and nationality adjectives of the seed article get no code."""
    assert suggest_iso3(text, {}) == {}


def test_every_sample_figure_and_country_is_in_the_seed_tables():
    """The sample corpus's FIGURE and COUNTRY spans are all covered by the tables above."""
    figures, countries = sample_spans("FIGURE"), sample_spans("COUNTRY")
    assert len(figures) >= 15 and len(countries) >= 25
    assert set(figures) <= set(SEED_FIGURES)
    assert set(countries) <= set(SEED_COUNTRIES)


# Figures beyond the seed -------------------------------------------------------------------------

MORE_FIGURES = {
    # held-out news (tests/suggest/data/heldout_news.jsonl)
    "At least 22": figure(22, low=22, approx=True),
    "Hundreds": figure(approx=True),
    "More than 61,000": figure(61000, low=61000, approx=True),
    "about $2,600": figure(2600, approx=True),
    "$5,000": figure(5000),
    "12 hours": figure(12),
    "3.2 million": figure(3_200_000),
    "between 18 and 22": figure(low=18, high=22, approx=True),
    "between 800,000 and 1.2 million": figure(low=800_000, high=1_200_000, approx=True),
    "between one and three years": figure(low=1, high=3, approx=True),
    "closer to 300": figure(300, approx=True),
    "dozens": figure(approx=True),
    "more than two years": figure(2, low=2, approx=True),
    "nearly one million": figure(1_000_000, approx=True),
    "some 11 million": figure(11_000_000, approx=True),
    "six months": figure(6),
    "up to 30": figure(30, high=30, approx=True),
    "seven": figure(7),
    # the brief's phrases and their neighbours
    "between 35,000 and 37,000": figure(low=35000, high=37000, approx=True),
    "1.5 million": figure(1_500_000),
    "up to 600": figure(600, high=600, approx=True),
    "about 15%": figure(15, approx=True),
    "15 percent": figure(15),
    "15 per cent": figure(15),
    "twenty-three": figure(23),
    "twenty three": figure(23),
    "a hundred": figure(100),
    "1,000s": figure(approx=True),
    "100s": figure(approx=True),
    "tens of thousands": figure(approx=True),
    "hundreds of thousands": figure(approx=True),
    "several hundred": figure(approx=True),
    "a few thousand": figure(approx=True),
    "a dozen": figure(12),
    "half a dozen": figure(6),
    "half a million": figure(500_000),
    "one and a half million": figure(1_500_000),
    "one hundred and fifty": figure(150),
    "two thousand five hundred": figure(2500),
    "a couple of hundred": figure(200, approx=True),
    "a couple": figure(2, approx=True),
    "fifteen hundred": figure(1500),
    # ranges: a scale written once serves both ends when the first is the smaller coefficient
    "1 to 2 million": figure(low=1_000_000, high=2_000_000, approx=True),
    "five or six hundred": figure(low=500, high=600, approx=True),
    "two to three hundred thousand": figure(low=200_000, high=300_000, approx=True),
    "15-20%": figure(low=15, high=20, approx=True),
    "10 – 20": figure(low=10, high=20, approx=True),
    "from 5 to 10": figure(low=5, high=10, approx=True),
    "ten to five": figure(low=5, high=10, approx=True),
    "$5 to $10": figure(low=5, high=10, approx=True),
    "dozens to hundreds": figure(approx=True),
    "a dozen to 20 thousand": figure(low=12, high=20_000, approx=True),
    # qualifiers after the number, signs and scales stuck to it
    "200+": figure(200, low=200, approx=True),
    "200-plus": figure(200, low=200, approx=True),
    "200-odd": figure(200, approx=True),
    "200 or so": figure(200, approx=True),
    "50 or fewer": figure(50, high=50, approx=True),
    "~200": figure(200, approx=True),
    "no more than 5": figure(5, high=5, approx=True),
    "not more than 5": figure(5, high=5, approx=True),
    "no fewer than 5": figure(5, low=5, approx=True),
    "exactly 40": figure(40),
    "5k": figure(5000),
    "$3bn": figure(3_000_000_000),
    "$3m": figure(3_000_000),
    "3m": figure(3),
    "-5%": figure(-5),
    "0.5": figure(0.5),
    ".5": figure(0.5),
}
NOT_READ = [
    # relative figures: multipliers, fractions, ratios
    "double", "twice", "half", "triple", "nearly four times", "three-fold", "threefold",
    "two thirds", "a quarter", "fewer than one in ten", "one in three",
    # vague words with no number, ordinals, decades, negations
    "several", "a few", "multiple", "many", "12th", "the 3rd", "1990s", "20s", "not 200",
    "no 5",
    # several numbers that are not one range
    "200 and 300", "one week to two months", "12:30", "1, 2, 3", "10 -20", "1 2",
    # nothing to read
    "", "   ", "none", "February", "$", "-",
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), MORE_FIGURES.items())
def test_figure_reads_phrases_beyond_the_seed(text, expected):
    """Held-out news figures and the documented forms give their reading."""
    assert suggest_figure(text, {}) == expected


@pytest.mark.parametrize("text", NOT_READ)
def test_figure_gives_nothing_where_it_would_guess(text):
    """Relative figures, vague words, ordinals, negations and lists give no attributes."""
    assert suggest_figure(text, {}) == {}


@pytest.mark.parametrize(
    ("phrase", "kind"), [(" ".join(p), k) for p, k in QUALIFIERS_BEFORE.items()]
)
def test_figure_reads_every_qualifier_before_a_number(phrase, kind):
    """Each leading qualifier marks the number approximate, a lower or upper bound, or exact."""
    found = suggest_figure(f"{phrase} 1,250", {})
    assert found.pop("value") == 1250.0
    assert found == {"exact": {"approx": False}, "approx": {"approx": True}}.get(
        kind, {kind: 1250.0, "approx": True}
    )


@pytest.mark.parametrize(
    ("phrase", "kind"), [(" ".join(p), k) for p, k in QUALIFIERS_AFTER.items()]
)
def test_figure_reads_every_qualifier_after_a_number(phrase, kind):
    """Each trailing qualifier ('or more', 'or so', 'or fewer') marks the number."""
    found = suggest_figure(f"1,250 {phrase}", {})
    assert found.pop("value") == 1250.0
    assert found == ({"approx": True} if kind == "approx" else {kind: 1250.0, "approx": True})


SMALL_WORDS = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
]  # fmt: skip
TENS_WORDS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def in_words(n: int, hyphen: str, british: bool) -> str:
    """An English number name written independently of the reader ('two hundred and five')."""
    if n < 20:
        return SMALL_WORDS[n]
    if n < 100:
        return TENS_WORDS[n // 10] + (f"{hyphen}{SMALL_WORDS[n % 10]}" if n % 10 else "")
    if n < 1000:
        rest = (
            f"{' and' if british else ''} {in_words(n % 100, hyphen, british)}" if n % 100 else ""
        )
        return f"{SMALL_WORDS[n // 100]} hundred{rest}"
    for scale, name in ((10**9, "billion"), (10**6, "million"), (10**3, "thousand")):
        if n >= scale:
            head, rest = divmod(n, scale)
            tail = f" {in_words(rest, hyphen, british)}" if rest else ""
            return f"{in_words(head, hyphen, british)} {name}{tail}"
    raise AssertionError(n)


@given(st.integers(0, 10**12 - 1), st.sampled_from(["-", " "]), st.booleans())
@settings(max_examples=examples(300), deadline=None)
def test_figure_reads_any_number_written_in_words(n, hyphen, british):
    """Every number name up to the billions reads as its value."""
    assert suggest_figure(in_words(n, hyphen, british), {}) == figure(n)


@given(st.integers(0, 10**15), st.integers(0, 999), st.booleans())
@settings(max_examples=examples(300), deadline=None)
def test_figure_reads_any_numeral(whole, fraction, commas):
    """Digits with or without thousands commas and with decimals read as their value."""
    text = f"{whole:,}" if commas else str(whole)
    assert suggest_figure(text, {}) == figure(whole)
    assert suggest_figure(f"{text}.{fraction:03d}", {}) == figure(float(f"{whole}.{fraction:03d}"))


@given(
    st.integers(0, 10**9),
    st.integers(0, 10**9),
    st.sampled_from(["between {} and {}", "{} to {}", "{}-{}", "from {} to {}", "{} or {}"]),
)
@settings(max_examples=examples(200), deadline=None)
def test_figure_reads_any_range_low_to_high(a, b, form):
    """A range gives its smaller end as low and its larger as high, in either order."""
    found = suggest_figure(form.format(f"{a:,}", f"{b:,}"), {})
    assert found == figure(low=min(a, b), high=max(a, b), approx=True)


# Countries beyond the seed -----------------------------------------------------------------------

MORE_COUNTRIES = {
    # held-out news
    "Bangladesh": "BGD", "Cameroon": "CMR", "Chad": "TCD", "Colombia": "COL", "Egypt": "EGY",
    "Ghana": "GHA", "Myanmar": "MMR", "Oman": "OMN", "Serbia": "SRB", "South Sudan": "SSD",
    "Sudan": "SDN", "Togo": "TGO", "United Arab Emirates": "ARE",
    # case, articles, accents, punctuation, possessives
    "RUSSIA": "RUS", "the Netherlands": "NLD", "The Gambia": "GMB", "Côte d’Ivoire": "CIV",
    "Cote d'Ivoire": "CIV", "Türkiye": "TUR", "Turkiye": "TUR", "St. Lucia": "LCA",
    "St Kitts & Nevis": "KNA", "Guinea-Bissau": "GNB", "Timor Leste": "TLS", "Ukraine's": "UKR",
    "  Russia ": "RUS", "Philippines’": "PHL",
    # codes and acronyms in capitals
    "RUS": "RUS", "RU": "RUS", "U.S.": "USA", "the U.S.": "USA", "USA": "USA", "U.K.": "GBR",
    "DRC": "COD", "UAE": "ARE", "DPRK": "PRK",
    # names derived from pycountry's inverted and bracketed forms
    "Republic of Korea": "KOR", "Democratic Republic of the Congo": "COD",
    "Democratic Republic of Congo": "COD", "Republic of the Congo": "COG",
    "US Virgin Islands": "VIR", "British Virgin Islands": "VGB", "Holy See": "VAT",
    "Vatican City State": "VAT", "Falkland Islands": "FLK", "Bonaire": "BES",
    # one typing slip, when no other country is near
    "Kyrgystan": "KGZ", "Columbia": "COL", "Philipines": "PHL", "Tadjikistan": "TJK",
    "Ukriane": "UKR", "Kazakstan": "KAZ",
}  # fmt: skip
NO_COUNTRY = [
    # shared by two countries
    "Congo", "Korea", "Virgin Islands", "Irak", "Slovania", "Nigera",
    # one slip from one country but two from another
    "Angila", "Zambie",
    # codes in lower case are words
    "us", "Us", "in", "uk", "ru",
    # not ISO 3166-1 countries, or not countries at all
    "England", "Scotland", "Soviet Union", "Europe", "Latin America", "Kenyan", "Indian", "",
    "   ", "x" * 200,
]  # fmt: skip


@pytest.mark.parametrize(("text", "code"), MORE_COUNTRIES.items())
def test_iso3_reads_names_beyond_the_seed(text, code):
    """Held-out countries and every documented spelling give the country's code."""
    assert suggest_iso3(text, {}) == {"iso3": code}


@pytest.mark.parametrize("text", NO_COUNTRY)
def test_iso3_gives_nothing_where_it_would_guess(text):
    """Shared names, lower-case codes and non-countries give no code."""
    assert suggest_iso3(text, {}) == {}


def pycountry_names() -> list[tuple[str, str]]:
    """(name, alpha-3) for every short, common and official name pycountry holds."""
    return [
        (name, country.alpha_3)
        for country in pycountry.countries
        for name in {
            getattr(country, attr, None) for attr in ("name", "common_name", "official_name")
        }
        if name and name not in AMBIGUOUS_COUNTRY_NAMES
    ]


def test_iso3_reads_every_pycountry_name_and_code():
    """Each pycountry name and code, as written, in capitals and after 'the', gives its own code."""
    wrong = [
        (text, code, found)
        for name, code in pycountry_names()
        for text in (name, name.upper(), f"the {name}", f"{name}’s")
        if (found := suggest_iso3(text, {})) != {"iso3": code}
    ]
    wrong += [
        (text, country.alpha_3, found)
        for country in pycountry.countries
        for text in (country.alpha_2, country.alpha_3)
        if (found := suggest_iso3(text, {})) != {"iso3": country.alpha_3}
    ]
    assert wrong == []
    assert len(pycountry_names()) > 400


@pytest.mark.parametrize(("alias", "code"), COUNTRY_ALIASES.items())
def test_iso3_built_in_aliases_give_known_codes(alias, code):
    """Each built-in short name gives its code, and the code is one pycountry knows (or Kosovo's)."""
    assert code in known_iso3_codes()
    assert suggest_iso3(alias, {}) == {"iso3": code}


def test_iso3_reads_the_shipped_gazetteer():
    """Every name in the shipped schema's COUNTRY gazetteer gives a code, but for the shared names."""
    gazetteer = load_schema(default_schema_path()).by_name["COUNTRY"].gazetteer
    unread = {name for name in gazetteer if not suggest_iso3(name, {})}
    assert unread == {"Korea", "Congo"}


BRIEF_ALIASES = {
    "UK": "GBR", "Britain": "GBR", "North Korea": "PRK", "South Korea": "KOR", "Ivory Coast": "CIV",
}  # fmt: skip


@pytest.mark.parametrize(
    ("text", "aliases", "expected"),
    [
        ("UK", BRIEF_ALIASES, {"iso3": "GBR"}),
        ("Ivory Coast", BRIEF_ALIASES, {"iso3": "CIV"}),
        ("Russia", BRIEF_ALIASES, {"iso3": "RUS"}),
        ("Congo", {"Congo": "COD"}, {"iso3": "COD"}),
        ("the congo", {"Congo": "COD"}, {"iso3": "COD"}),
        ("Korea", {"Korea": "KOR"}, {"iso3": "KOR"}),
        ("Niger", {"Niger": "NGA"}, {"iso3": "NGA"}),
        ("Somaliland", {"Somaliland": "SOM"}, {"iso3": "SOM"}),
        ("Congo", {"Congo": "COD", "congo": "COG"}, {}),
        ("ROC", {"ROC": "TWN"}, {"iso3": "TWN"}),
        ("roc", {"ROC": "TWN"}, {}),
        ("Taiwan", {"ROC": "TWN"}, {"iso3": "TWN"}),
    ],
)
def test_iso3_schema_aliases_win_and_may_settle_shared_names(text, aliases, expected):
    """Schema aliases are tried first: they settle shared names; clashing ones give nothing."""
    assert suggest_iso3(text, aliases) == expected


# Every suggester, on any text ------------------------------------------------------------------

JSON_TYPES = {"float": float, "bool": bool, "str": str}
FIGURE_WORDS = [
    "nearly", "at", "least", "over", "more", "than", "up", "to", "between", "and", "or", "a",
    "half", "one", "twenty", "-", "three", "hundred", "thousand", "million", "dozen", "dozens",
    "of", "thousands", "several", "few", "couple", "times", "not", "no", "%", "$", "+", "–",
    "200", "1,000", "3.5", "1,000s", "5k", "$3m", "12th", "1990s", "0", ".", ",", "in", "so",
]  # fmt: skip
figure_like = st.lists(st.sampled_from(FIGURE_WORDS), max_size=8).map(" ".join) | st.lists(
    st.sampled_from(FIGURE_WORDS), max_size=8
).map("".join)
country_like = st.sampled_from([*MORE_COUNTRIES, *NO_COUNTRY, *COUNTRY_ALIASES]).flatmap(
    lambda name: st.sampled_from([name, name.upper(), name.lower(), f"the {name}", name[1:]])
)
aliases_like = st.dictionaries(
    st.text(max_size=12) | country_like, st.sampled_from(["GBR", "XKX", "COD"]), max_size=4
)


def check_answer(name: str, found: dict, aliases: dict) -> None:
    """The answer holds only declared attributes, of their declared types, and consistent ones."""
    outputs = ATTRIBUTE_SUGGESTERS[name].outputs
    assert set(found) <= set(outputs)
    for key, value in found.items():
        assert type(value) is JSON_TYPES[outputs[key]], (key, value)
        if isinstance(value, float):
            assert math.isfinite(value)
    if "low" in found and "high" in found:
        assert found["low"] <= found["high"]
    if found and name == "figure":
        assert "approx" in found
    if "iso3" in found:
        code = found["iso3"]
        assert code in known_iso3_codes() or code in aliases.values()
        assert len(code) == 3 and code.isupper()


@given(st.text(max_size=60) | figure_like, aliases_like)
@settings(max_examples=examples(500), deadline=None)
def test_figure_answers_any_text_with_declared_keys_and_types(text, aliases):
    """The figure suggester never raises; it answers declared attributes, typed, low <= high."""
    check_answer("figure", ATTRIBUTE_SUGGESTERS["figure"](text, aliases), aliases)


@given(st.text(max_size=60) | country_like, aliases_like)
@settings(max_examples=examples(500), deadline=None)
def test_iso3_answers_any_text_with_a_known_code(text, aliases):
    """The iso3 suggester never raises and answers a known code or one of the aliases' codes."""
    check_answer("iso3", ATTRIBUTE_SUGGESTERS["iso3"](text, aliases), aliases)


LONG_TEXTS = {
    "digits": ("1" * 10_000, {}),
    "grouped digits": ("1" + ",000" * 2_500, {}),
    "words": ("one " * 2_500, {}),
    "scales": ("a thousand million " * 530, {}),
    "magnitudes": ("dozens of " * 1_000, {"approx": True}),
    "qualifiers": ("at least " * 1_250, {}),
    "dashes": ("-" * 10_000, {}),
    "letters": ("a" * 10_000, {}),
    "currency": ("$" * 9_999 + "5", {"value": 5.0, "approx": False}),
    "apostrophes": ("’" * 10_000, {}),
}


@pytest.mark.parametrize("name", sorted(ATTRIBUTE_SUGGESTERS))
@pytest.mark.parametrize("shape", sorted(LONG_TEXTS))
def test_suggesters_answer_a_ten_thousand_character_text(name, shape):
    """A 10,000-character span text is answered; a country never, a figure only when it is one."""
    text, figure_answer = LONG_TEXTS[shape]
    assert len(text) >= 10_000
    found = ATTRIBUTE_SUGGESTERS[name](text, {})
    check_answer(name, found, {})
    assert found == (figure_answer if name == "figure" else {})


def test_registry_names_the_suggesters_the_schema_may_use():
    """`suggest = "iso3"` and `suggest = "figure"` name suggesters declaring the shipped attributes."""
    assert sorted(ATTRIBUTE_SUGGESTERS) == ["figure", "iso3"]
    assert dict(ATTRIBUTE_SUGGESTERS["iso3"].outputs) == {"iso3": "str"}
    assert dict(ATTRIBUTE_SUGGESTERS["figure"].outputs) == {
        "value": "float", "low": "float", "high": "float", "approx": "bool",
    }  # fmt: skip
    assert ATTRIBUTE_SUGGESTERS["iso3"]("Russia", {}) == {"iso3": "RUS"}
    assert ATTRIBUTE_SUGGESTERS["figure"]("Nearly 200", {}) == {"value": 200.0, "approx": True}


def test_attributes_module_imports_only_the_standard_library_and_pycountry():
    """The module is pure: no textual, no store, no other part of annotator."""
    tree = ast.parse(Path(attributes_module.__file__).read_text(encoding="utf-8"))
    imported = {
        (node.module if isinstance(node, ast.ImportFrom) else alias.name).split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert imported <= {
        "__future__",
        "math",
        "re",
        "unicodedata",
        "collections",
        "dataclasses",
        "decimal",
        "functools",
        "pycountry",
    }
