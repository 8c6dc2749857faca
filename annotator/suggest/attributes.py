"""Attribute suggestions read from span text alone: a country's ISO 3166 code, a figure's numbers.

Each suggester takes the span text and the schema's aliases and returns the attributes it can read,
or `{}` when it cannot read the text without guessing.

`iso3` looks the name up in the schema's aliases first, then in a built-in table of the short
names news uses (`COUNTRY_ALIASES`), then in pycountry's names (short, common and official, in any
case, with or without accents, a leading 'the', a trailing possessive or punctuation), then in
forms derived from pycountry's inverted names ('Korea, Republic of' gives 'Korea' and 'Republic of
Korea'), then one typing slip away from a name ('Kyrgystan', but not the adjective 'Russian') when
no other country is within two slips. A name shared by two countries ('Congo', 'Korea', 'Virgin
Islands') gives nothing unless the schema's aliases decide it. Codes and acronyms ('RU', 'RUS',
'UK', 'U.S.', 'DRC') count only when written in capitals, so 'us' or 'in' never become countries;
a schema alias written in capitals is an acronym in the same way.

`figure` reads `value`, `low`, `high` (floats) and `approx` (bool, present in every answer):
- one number gives `value`; a qualifier before or after it marks it approximate ('nearly 200',
  'some 11 million', '200 or so'), a lower bound ('at least 3,388', 'over 1 million', '200+':
  also `low`) or an upper bound ('up to 600', 'fewer than 30', '50 or fewer': also `high`);
  'only', 'exactly', 'just' and a bare number give `approx` false;
- a range ('between 35,000 and 37,000', 'one to two weeks', '15-20%', 'five or six hundred')
  gives `low` and `high`, no `value` (a range states no single number, and a midpoint would be
  invented), and `approx` true; a scale written once serves both ends when the first end is the
  smaller coefficient ('1 to 2 million' is 1,000,000 to 2,000,000);
- a magnitude with no number ('dozens', 'thousands', 'tens of thousands', 'several hundred',
  '1,000s') gives only `approx` true;
- relative figures (multipliers 'double', 'twice', 'nearly four times', 'threefold'; fractions
  'half', 'two thirds'; ratios 'one in ten'), ordinals, decades ('1990s'), negations ('not 200'),
  numbers that are too large for a float, and texts with several numbers that do not form a range
  give `{}`.
Percent signs, currency signs and unit words are read past: 'about 15%' is 15, '$5,000' is 5000.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

AttributeValue = str | float | bool
Attributes = dict[str, AttributeValue]
NO_ALIASES: Mapping[str, str] = {}


@dataclass(frozen=True, slots=True)
class AttributeSuggester:
    """A named reader of attributes from span text, with the names and schema types it may return."""

    name: str
    outputs: Mapping[str, str]
    read: Callable[[str, Mapping[str, str]], Attributes]

    def __call__(self, span_text: str, aliases: Mapping[str, str] = NO_ALIASES) -> Attributes:
        """The attributes read from the span text (a subset of `outputs`), `{}` when none."""
        return self.read(span_text, aliases)


# Countries -------------------------------------------------------------------------------------

COUNTRY_ALIASES: dict[str, str] = {
    "Russia": "RUS", "Iran": "IRN", "Syria": "SYR", "North Korea": "PRK", "South Korea": "KOR",
    "DPRK": "PRK", "ROK": "KOR", "Vietnam": "VNM", "Laos": "LAO", "Bolivia": "BOL",
    "Venezuela": "VEN", "Tanzania": "TZA", "Moldova": "MDA", "Czech Republic": "CZE",
    "DR Congo": "COD", "DRC": "COD", "Congo-Kinshasa": "COD", "Congo-Brazzaville": "COG",
    "Republic of Congo": "COG", "Ivory Coast": "CIV", "Turkey": "TUR", "Taiwan": "TWN",
    "Palestine": "PSE", "Kosovo": "XKX", "UK": "GBR", "Britain": "GBR", "Great Britain": "GBR",
    "US": "USA", "USA": "USA", "America": "USA", "United States": "USA", "Burma": "MMR",
    "Brunei": "BRN", "Cape Verde": "CPV", "Swaziland": "SWZ", "Micronesia": "FSM",
    "East Timor": "TLS", "Holland": "NLD", "Macedonia": "MKD", "Vatican": "VAT",
    "Vatican City": "VAT", "Falklands": "FLK", "Falkland Islands": "FLK", "UAE": "ARE",
    "PRC": "CHN", "Bosnia": "BIH", "Macau": "MAC", "Gambia": "GMB", "Bahamas": "BHS",
}  # fmt: skip
AMBIGUOUS_COUNTRY_NAMES = frozenset({"Congo"})
CODES_OUTSIDE_ISO = frozenset({"XKX"})
_AMBIGUOUS = ""
_POSSESSIVE = re.compile(r"['’]s?$")
_WORD = re.compile(r"[^\W_]+")
_BRACKETED = re.compile(r"\s*\(([^)]*)\)")
_LONGEST_NAME = 80


def is_acronym(text: str) -> bool:
    """Whether a name is a code or acronym written in capitals ('UK', 'U.S.', 'RUS')."""
    letters = text.replace(".", "").replace(" ", "")
    return 2 <= len(letters) <= 5 and letters.isascii() and letters.isalpha() and letters.isupper()


def name_key(text: str) -> str:
    """A country name folded for lookup: no case, accents, punctuation, 'the' or trailing possessive."""
    text = _POSSESSIVE.sub("", text.strip())
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    words = _WORD.findall(plain.casefold().replace("&", " and "))
    return " ".join("saint" if word in ("st", "ste") else word for word in words if word != "the")


def acronym_key(text: str) -> str:
    """A capitalised code or acronym without dots, a leading 'the' or a trailing possessive."""
    text = _POSSESSIVE.sub("", text.strip())
    if text[:4].casefold() == "the ":
        text = text[4:]
    return text.replace(".", "").replace(" ", "")


def _add(index: dict[str, str], key: str, code: str) -> None:
    """Index a key; a key already pointing at another country becomes ambiguous."""
    if key:
        index[key] = code if index.get(key, code) == code else _AMBIGUOUS


def _derived_names(name: str) -> list[str]:
    """Names read out of pycountry's inverted and bracketed forms ('Korea, Republic of')."""
    names = [_BRACKETED.sub("", name)] if "(" in name else []
    names += [inner for inner in _BRACKETED.findall(name) if not inner.endswith(" part")]
    head, comma, tail = name.partition(", ")
    if comma:
        names += [head, f"{tail} {head}"]
    return names


@dataclass(frozen=True, slots=True)
class CountryIndex:
    """Country codes by folded name, in tiers tried in order, and by capitalised acronym."""

    acronyms: dict[str, str]
    names: dict[str, str]
    derived: dict[str, str]


@lru_cache(maxsize=1)
def country_index() -> CountryIndex:
    """The index built once from pycountry's data and the built-in table."""
    import pycountry

    acronyms: dict[str, str] = {}
    names: dict[str, str] = {}
    derived: dict[str, str] = {}
    for country in pycountry.countries:
        code = country.alpha_3
        acronyms[country.alpha_2] = acronyms[code] = code
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                _add(names, name_key(value), code)
                for name in _derived_names(value):
                    _add(derived, name_key(name), code)
    for alias, code in COUNTRY_ALIASES.items():
        if is_acronym(alias):
            acronyms[acronym_key(alias)] = code
        else:
            names[name_key(alias)] = code
    for name in AMBIGUOUS_COUNTRY_NAMES:
        names[name_key(name)] = _AMBIGUOUS
    return CountryIndex(acronyms, names, derived)


@lru_cache(maxsize=1)
def known_iso3_codes() -> frozenset[str]:
    """Every alpha-3 code this module may suggest without aliases: ISO 3166-1 plus Kosovo's XKX."""
    import pycountry

    return frozenset(c.alpha_3 for c in pycountry.countries) | CODES_OUTSIDE_ISO


def _within_edits(a: str, b: str, limit: int) -> bool:
    """Whether two strings are at most `limit` edits apart (insert, delete, replace, swap)."""
    if abs(len(a) - len(b)) > limit:
        return False
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        if min(current) > limit:
            return False
        previous2, previous = previous, current
    return previous[-1] <= limit


@lru_cache(maxsize=4096)
def _misspelt_country(key: str) -> str:
    """The one country a name is one slip from, no other within two ('Russian' is no slip)."""
    if not 6 <= len(key) <= _LONGEST_NAME:
        return _AMBIGUOUS
    index = country_index()
    near: set[str] = set()
    close: set[str] = set()
    for tier in (index.names, index.derived):
        for name, code in tier.items():
            if code and key != f"{name}n" and _within_edits(key, name, 2):
                near.add(code)
                if _within_edits(key, name, 1):
                    close.add(code)
    return next(iter(close)) if len(close) == 1 and near == close else _AMBIGUOUS


def _alias_code(span_text: str, aliases: Mapping[str, str]) -> str | None:
    """The schema alias's code for the text, `_AMBIGUOUS` for clashing aliases, None for no alias."""
    wanted_acronym = acronym_key(span_text)
    wanted_name = name_key(span_text)
    found: set[str] = set()
    for alias, code in aliases.items():
        if is_acronym(alias):
            if acronym_key(alias) == wanted_acronym:
                found.add(code)
        elif name_key(alias) == wanted_name:
            found.add(code)
    if not found:
        return None
    return found.pop() if len(found) == 1 else _AMBIGUOUS


def suggest_iso3(span_text: str, aliases: Mapping[str, str] = NO_ALIASES) -> Attributes:
    """`{"iso3": code}` for a country name, `{}` when unknown or shared by several countries."""
    if len(span_text) > _LONGEST_NAME:
        return {}
    alias = _alias_code(span_text, aliases)
    if alias is not None:
        return {"iso3": alias} if alias else {}
    index = country_index()
    acronym = acronym_key(span_text)
    if acronym in index.acronyms:
        return {"iso3": index.acronyms[acronym]}
    key = name_key(span_text)
    for tier in (index.names, index.derived):
        if key in tier:
            return {"iso3": tier[key]} if tier[key] else {}
    code = _misspelt_country(key)
    return {"iso3": code} if code else {}


# Figures ---------------------------------------------------------------------------------------

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9,
}  # fmt: skip
TEENS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALES = {
    "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12, "lakh": 10**5,
    "crore": 10**7, "mn": 10**6, "mln": 10**6, "bn": 10**9, "bln": 10**9,
}  # fmt: skip
SCALE_WORDS = {*SCALES, "hundred", "dozen"}
SUFFIX_SCALES = {"k": 10**3, "mn": 10**6, "mln": 10**6, "bn": 10**9, "bln": 10**9}
CURRENCY_SUFFIX_SCALES = {"m": 10**6, "b": 10**9}
MAGNITUDES = {
    "dozens", "scores", "tens", "hundreds", "thousands", "millions", "billions", "trillions",
    "lakhs", "crores",
}  # fmt: skip
VAGUE = {"few", "several", "many", "multiple", "numerous"}
MULTIPLIERS = {
    "double", "doubled", "doubling", "twice", "triple", "tripled", "treble", "trebled",
    "quadruple", "quadrupled", "half", "halved", "halves", "times", "fold",
}  # fmt: skip
FRACTIONS = {
    "third", "thirds", "quarter", "quarters", "fifth", "fifths", "sixth", "sixths", "seventh",
    "sevenths", "eighth", "eighths", "ninth", "ninths", "tenth", "tenths",
}  # fmt: skip
NEGATIONS = {"not", "no", "never"}
ORDINAL_SUFFIXES = {"st", "nd", "rd", "th"}
CURRENCY_SIGNS = set("$€£¥₹₽")
CURRENCY_CODES = {"us", "usd", "eur", "gbp", "rub", "rs"}
PERCENT = {"%", "percent", "pct", "per", "cent"}
HYPHENS = set("-‐‑")
DASHES = {*HYPHENS, "–", "—", "−"}
RANGE_WORDS = {"to", "or", "through", "thru", *DASHES}

APPROX, LOW, HIGH, EXACT = "approx", "low", "high", "exact"
QUALIFIERS_BEFORE: dict[tuple[str, ...], str] = {
    phrase: kind
    for kind, phrases in {
        APPROX: [
            "about", "around", "nearly", "almost", "roughly", "approximately", "approx", "some",
            "circa", "ca", "c", "~", "estimated", "an estimated", "close to", "closer to",
            "near", "approaching", "barely", "more or less", "in the region of",
            "on the order of", "in the order of", "something like", "somewhere around",
        ],
        LOW: [
            "over", "more than", "at least", "above", "in excess of", "upwards of", "upward of",
            "no fewer than", "no less than", "not fewer than", "not less than", "well over",
            "just over", "exceeding", "greater than", "higher than", "a minimum of",
            "as few as", "as little as", "beyond",
        ],
        HIGH: [
            "under", "up to", "less than", "fewer than", "at most", "below", "no more than",
            "not more than", "just under", "well under", "a maximum of", "at the most",
            "as many as", "as much as", "lower than", "not even",
        ],
        EXACT: ["only", "just", "exactly", "precisely", "a mere", "merely", "a total of", "all"],
    }.items()
    for phrase in (tuple(text.split()) for text in phrases)
}  # fmt: skip
QUALIFIERS_AFTER: dict[tuple[str, ...], str] = {
    tuple(text.split()): kind
    for text, kind in {
        "or more": LOW, "or over": LOW, "and over": LOW, "and above": LOW, "or above": LOW,
        "plus": LOW, "+": LOW, "at least": LOW, "or so": APPROX, "odd": APPROX, "some": APPROX,
        "or thereabouts": APPROX, "give or take": APPROX, "or fewer": HIGH, "or less": HIGH,
        "and under": HIGH, "or under": HIGH, "and below": HIGH, "or below": HIGH,
        "at most": HIGH, "at the most": HIGH,
    }.items()
}  # fmt: skip
_MOST_DIGITS = 400
_LONGEST_QUALIFIER = max(map(len, [*QUALIFIERS_BEFORE, *QUALIFIERS_AFTER]))
_TOKEN = re.compile(
    r"(?P<num>[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?|\.[0-9]+)(?P<suffix>[^\W\d_]+)?"
    r"|(?P<word>[^\W\d_]+)"
    r"|(?P<sign>[$€£¥₹₽~+%\-‐‑–—−])"
)


@dataclass(frozen=True, slots=True)
class Token:
    """A number, word or sign of a figure's text, words folded to lower case."""

    kind: str
    text: str
    start: int
    end: int
    suffix: str = ""

    @property
    def word(self) -> str:
        """The folded word, or '' for numbers and signs."""
        return self.text if self.kind == "word" else ""


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number over tokens [start, end) (None for 'dozens') and its scale words' product (0 for sums)."""

    value: Decimal | None
    start: int
    end: int
    scale: Decimal = Decimal(1)
    approx: bool = False


def tokenize_figure(text: str) -> list[Token]:
    """Numbers (with any letters stuck to them), words and signs, in order."""
    tokens = []
    for match in _TOKEN.finditer(text):
        kind = "num" if match.group("num") else str(match.lastgroup)
        suffix = (match.group("suffix") or "").casefold()
        text_of = match.group(kind).casefold()
        tokens.append(Token(kind, text_of, match.start(), match.end(), suffix))
    return tokens


def _number(token: Token) -> Decimal:
    """The value of a numeral token without its suffix, infinite past the digits a float can hold."""
    digits = token.text.replace(",", "")
    return Decimal(digits) if len(digits) <= _MOST_DIGITS else Decimal("Infinity")


def _is_round(value: Decimal) -> bool:
    """Whether a numeral is 10, 100, 1000 and so on (so '1,000s' is a magnitude)."""
    _, digits, exponent = value.normalize().as_tuple()
    return digits == (1,) and isinstance(exponent, int) and exponent >= 1


def _is_plural_numeral(token: Token) -> bool:
    """'100s', '1,000s': a round numeral with a plural s."""
    return token.kind == "num" and token.suffix == "s" and _is_round(_number(token))


def _unreadable_token(token: Token) -> bool:
    """An ordinal, a decade, a multiplier or a fraction: a text holding one gives nothing."""
    if token.kind == "num":
        return token.suffix in ORDINAL_SUFFIXES or (
            token.suffix == "s" and not _is_plural_numeral(token)
        )
    word = token.word
    if word.endswith("fold") and (word[:-4] in UNITS or word[:-4] in TEENS or word[:-4] in TENS):
        return True
    return word in MULTIPLIERS or word in FRACTIONS


def _read_magnitude(tokens: list[Token], i: int) -> Quantity | None:
    """'dozens', 'tens of thousands', 'several hundred', 'a few thousand', '1,000s' from token i."""
    first = tokens[i]
    j = i + 1
    if first.word in VAGUE or (first.word == "a" and j < len(tokens) and tokens[j].word == "few"):
        j += first.word == "a"
        after = tokens[j].word if j < len(tokens) else ""
        if after not in MAGNITUDES and after not in SCALE_WORDS:
            return None
        j += 1
    elif first.word not in MAGNITUDES and not _is_plural_numeral(first):
        return None
    while j + 1 < len(tokens) and tokens[j].word == "of" and tokens[j + 1].word in MAGNITUDES:
        j += 2
    return Quantity(None, i, j, approx=True)


class _NumberReader:
    """Reads one number written in digits and words ('1.5 million', 'twenty-three', 'a dozen')."""

    def __init__(self, tokens: list[Token], i: int) -> None:
        self.tokens, self.start, self.j = tokens, i, i
        self.total = Decimal(0)
        self.small = Decimal(0)
        self.last = ""
        self.scale = 0
        self.lead: Decimal | None = None
        self.product = Decimal(1)
        self.approx = False
        self.negative = False

    def word_at(self, offset: int = 0) -> str:
        """The folded word `offset` tokens ahead, or ''."""
        k = self.j + offset
        return self.tokens[k].word if k < len(self.tokens) else ""

    def read(self) -> Quantity | None:
        """The number starting here, or None when none starts here."""
        self.opening()
        while self.j < len(self.tokens) and self.step(self.tokens[self.j]):
            self.j += 1
        if self.last in ("", "a"):
            return None
        value = self.total + self.small
        pure = self.lead is None or self.lead * self.product == value
        scale = self.product if pure else Decimal(0)
        return Quantity(-value if self.negative else value, self.start, self.j, scale, self.approx)

    def opening(self) -> None:
        """A minus stuck to a numeral, 'a'/'an' before a scale, or 'half a' before one."""
        tokens, i = self.tokens, self.j
        first = tokens[i]
        if first.text in ("-", "−") and self.minus_at(i):
            self.negative, self.j = True, i + 1
        elif first.word in ("a", "an") and self.word_at(1) in {*SCALE_WORDS, "couple"}:
            self.small, self.last, self.j = Decimal(1), "a", i + 1
        elif (
            first.word == "half"
            and self.word_at(1) in ("a", "an")
            and self.word_at(2) in SCALE_WORDS
        ):
            self.small, self.last, self.j = Decimal("0.5"), "a", i + 2

    def minus_at(self, i: int) -> bool:
        """Whether the dash at i is a minus: stuck to the numeral after it, apart from the token before."""
        tokens = self.tokens
        if i + 1 >= len(tokens) or tokens[i + 1].kind != "num":
            return False
        stuck = tokens[i + 1].start == tokens[i].end
        return stuck and (i == 0 or tokens[i - 1].end < tokens[i].start)

    def step(self, token: Token) -> bool:
        """Take one more token into the number; False when the number ends before it."""
        word, last = token.word, self.last
        if token.kind == "num":
            return last == "" and self.numeral(token)
        if word in UNITS and last in ("", "tens", "hundred", "scale", "and"):
            self.small += UNITS[word]
            self.last = "unit"
        elif (word in TEENS or word in TENS) and last in ("", "hundred", "scale", "and"):
            self.small += TEENS.get(word, 0) + TENS.get(word, 0)
            self.last = "tens" if word in TENS else "teen"
        elif word == "hundred" and last in ("unit", "teen", "tens", "numeral", "a") and self.small:
            self.multiply(100)
            self.last = "hundred"
        elif word in SCALES and last in ("unit", "teen", "tens", "numeral", "hundred", "a", "half"):
            return self.scale_by(SCALES[word])
        elif word == "dozen" and last in ("unit", "teen", "tens", "numeral", "a", "half"):
            self.multiply(12)
            self.last = "dozen"
        elif word == "couple" and last in ("", "a"):
            self.small, self.approx, self.last = Decimal(2), True, "unit"
            if self.word_at(1) == "of" and self.word_at(2) in SCALE_WORDS:
                self.j += 1
        elif word == "and":
            return self.conjunction()
        elif token.text in HYPHENS and last == "tens" and self.word_at(1) in UNITS:
            return token.end == self.tokens[self.j + 1].start
        else:
            return False
        return True

    def numeral(self, token: Token) -> bool:
        """A numeral with its stuck-on scale ('5k', '$3bn'); unit letters ('5km') are read past."""
        if token.suffix in ORDINAL_SUFFIXES or token.suffix == "s":
            return False
        self.small, self.last = _number(token), "numeral"
        scale = SUFFIX_SCALES.get(token.suffix)
        before = self.tokens[self.j - 1] if self.j > 0 else None
        stuck = before is not None and before.end == token.start and before.text in CURRENCY_SIGNS
        if scale is None and stuck:
            scale = CURRENCY_SUFFIX_SCALES.get(token.suffix)
        return self.scale_by(scale) if scale else True

    def multiply(self, factor: int) -> None:
        """Multiply the group read so far, remembering the leading coefficient."""
        if self.lead is None:
            self.lead = self.small
        self.small *= factor
        self.product *= factor

    def scale_by(self, scale: int) -> bool:
        """Close the group read so far with a scale smaller than any before it."""
        if self.scale and scale >= self.scale:
            return False
        self.multiply(scale)
        self.total += self.small
        self.small = Decimal(0)
        self.scale = scale
        self.last = "scale"
        return True

    def conjunction(self) -> bool:
        """'and' inside a number: 'one hundred and five', 'one and a half million'."""
        after = self.word_at(1)
        if self.last in ("hundred", "scale") and (
            after in UNITS or after in TEENS or after in TENS
        ):
            self.last = "and"
            return True
        if self.last in ("unit", "teen", "tens", "numeral") and (after, self.word_at(2)) == (
            "a",
            "half",
        ):
            self.small += Decimal("0.5")
            self.j += 2
            self.last = "half"
            return True
        return False


def _read_quantity(tokens: list[Token], i: int) -> Quantity | None:
    """The magnitude or number that starts at token i, if any."""
    return _read_magnitude(tokens, i) or _NumberReader(tokens, i).read()


def _quantities(tokens: list[Token]) -> list[Quantity] | None:
    """Every quantity in order; None past two, or when a token makes the text unreadable."""
    found: list[Quantity] = []
    i = 0
    while i < len(tokens):
        quantity = _read_quantity(tokens, i)
        if quantity is None:
            if _unreadable_token(tokens[i]):
                return None
            i += 1
            continue
        found.append(quantity)
        if len(found) > 2:
            return None
        i = quantity.end
    return found


def _qualifier(
    words: list[str], table: dict[tuple[str, ...], str], at_end: bool
) -> tuple[str, int]:
    """The longest phrase of a table that ends (or starts) the words: its kind and length."""
    for size in range(min(_LONGEST_QUALIFIER, len(words)), 0, -1):
        phrase = tuple(words[-size:] if at_end else words[:size])
        if phrase in table:
            return table[phrase], size
    return "", 0


def _words_before(tokens: list[Token], i: int) -> list[str]:
    """The words right before token i, past currency signs and codes, nearest last."""
    j = i
    while j > 0 and (tokens[j - 1].text in CURRENCY_SIGNS or tokens[j - 1].word in CURRENCY_CODES):
        j -= 1
    words: list[str] = []
    while (
        j > 0
        and (tokens[j - 1].kind == "word" or tokens[j - 1].text == "~")
        and len(words) <= _LONGEST_QUALIFIER
    ):
        j -= 1
        words.insert(0, tokens[j].text)
    return words


def _words_after(tokens: list[Token], i: int) -> list[str]:
    """The words and signs right after token i, past percent words and one hyphen."""
    j = i
    while j < len(tokens) and tokens[j].text in PERCENT:
        j += 1
    if j < len(tokens) and tokens[j].text in HYPHENS:
        j += 1
    return [token.text for token in tokens[j : j + _LONGEST_QUALIFIER]]


def _float(value: Decimal) -> float | None:
    """A finite float, or None for a number too large to hold."""
    number = float(value)
    return number if math.isfinite(number) else None


def _one_figure(tokens: list[Token], quantity: Quantity) -> Attributes:
    """Value, bound and approximation of a single number with its qualifiers."""
    before = _words_before(tokens, quantity.start)
    kind, size = _qualifier(before, QUALIFIERS_BEFORE, at_end=True)
    if len(before) > size and before[-size - 1] in NEGATIONS:
        return {}
    if not kind:
        kind, _ = _qualifier(_words_after(tokens, quantity.end), QUALIFIERS_AFTER, at_end=False)
    if quantity.value is None:
        return {"approx": True}
    value = _float(quantity.value)
    if value is None:
        return {}
    found: Attributes = {"value": value, "approx": quantity.approx or kind in (APPROX, LOW, HIGH)}
    if kind in (LOW, HIGH):
        found[kind] = value
    return found


def _range(tokens: list[Token], first: Quantity, second: Quantity) -> Attributes:
    """Low and high of 'X to Y', 'X-Y', 'X or Y', 'between X and Y', 'from X to Y'."""
    between = [
        token.text
        for token in tokens[first.end : second.start]
        if token.text not in CURRENCY_SIGNS and token.text not in PERCENT
    ]
    opener = _words_before(tokens, first.start)[-1:]
    joined = len(between) == 1 and between[0] in RANGE_WORDS
    if not joined and not (between == ["and"] and opener == ["between"]):
        return {}
    if first.value is None or second.value is None:
        return {"approx": True}
    low = first.value
    if first.scale == 1 and second.scale > 1 and low <= second.value / second.scale:
        low *= second.scale
    ends = sorted(value for value in (_float(low), _float(second.value)) if value is not None)
    if len(ends) < 2:
        return {}
    return {"low": ends[0], "high": ends[1], "approx": True}


def suggest_figure(span_text: str, aliases: Mapping[str, str] = NO_ALIASES) -> Attributes:
    """`value`, `low`, `high` and `approx` read from a figure's text (aliases are not used)."""
    tokens = tokenize_figure(span_text)
    quantities = _quantities(tokens)
    if not quantities:
        return {}
    if len(quantities) == 1:
        return _one_figure(tokens, quantities[0])
    return _range(tokens, *quantities)


ATTRIBUTE_SUGGESTERS: dict[str, AttributeSuggester] = {
    suggester.name: suggester
    for suggester in (
        AttributeSuggester("iso3", {"iso3": "str"}, suggest_iso3),
        AttributeSuggester(
            "figure",
            {"value": "float", "low": "float", "high": "float", "approx": "bool"},
            suggest_figure,
        ),
    )
}
