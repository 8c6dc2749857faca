"""The shipped pattern files' content, from general lexicons and token rules (no I/O beyond writing).

Every rule here is meant to hold for news in general, not for one article: country names from pycountry
and the schema's gazetteer, qualified quantities, quotation marks, a lexicon of recruitment and coercion
tactics, titled names and organisation heads. `schemas/patterns/build_patterns.py` writes the files.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from annotator.schema import LabelSchema

Row = dict[str, Any]
Token = dict[str, Any]

REGIONS = [
    "Latin America", "South America", "North America", "Central America", "Central African",
    "South Asia", "East Asia", "Southeast Asia", "the Americas",
]  # fmt: skip
NUMBER_WORDS = [
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred",
    "thousand", "million", "billion",
]  # fmt: skip
DIGITS = r"^\d{1,3}(,\d{3})+(\.\d+)?$|^\d+(\.\d+)?$"
YEAR = r"^(1[89]\d\d|20\d\d)$"
SCALES = ["hundred", "thousand", "million", "billion", "trillion", "dozen"]
TIME_UNITS = [
    "days", "weeks", "months", "years", "hours", "minutes", "day", "week", "month", "year",
    "hour", "decades", "decade",
]  # fmt: skip
QUALIFIERS = [
    ["nearly"], ["almost"], ["about"], ["around"], ["approximately"], ["roughly"], ["some"],
    ["over"], ["under"], ["only"], ["just"], ["barely"], ["exactly"], ["precisely"], ["estimated"],
    ["~"], ["circa"], ["upwards"], ["below"], ["above"],
    ["more", "than"], ["less", "than"], ["fewer", "than"], ["at", "least"], ["at", "most"],
    ["up", "to"], ["close", "to"], ["an", "estimated"], ["well", "over"], ["just", "over"],
    ["just", "under"], ["upwards", "of"],
    ["as", "many", "as"], ["as", "few", "as"], ["no", "fewer", "than"], ["no", "more", "than"],
    ["in", "excess", "of"],
]  # fmt: skip
MONTHS = [
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan.", "feb.", "mar.", "apr.", "jun.", "jul.", "aug.",
    "sep.", "sept.", "oct.", "nov.", "dec.", "jan", "feb", "aug", "sept", "oct", "nov", "dec",
]  # fmt: skip
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
PERIOD_WORDS = ["first", "last", "past", "next", "previous", "coming", "following", "final"]
REFERENCE_WORDS = [
    "article", "section", "no.", "number", "page", "chapter", "resolution", "paragraph", "point",
    "line", "flight", "room", "unit", "brigade", "battalion", "regiment", "division", "covid",
    "covid-19", "su", "mig", "tu", "t", "f",
]  # fmt: skip

TACTIC_LEXICON = [
    "blackmail", "bribery", "bribes", "deception", "coercion", "manipulation", "extortion",
    "intimidation", "threats", "human trafficking", "trafficking", "debt bondage",
    "false promises", "false job offers", "fake job offers", "fraudulent job offers", "job scams",
    "bogus job offers", "forced contracts", "forced conscription", "forced mobilization",
    "forced mobilisation", "forced labour", "forced labor", "forced recruitment",
    "forcible recruitment", "press-ganging", "confiscated passports", "passport confiscation",
    "withheld passports", "threats of deportation", "threat of deportation", "deportation threats",
    "fast-track citizenship", "citizenship in exchange", "signing bonuses", "lured", "tricked",
    "deceived", "duped", "coerced", "blackmailed", "bribed", "misled", "raids on migrants",
    "torture", "beatings",
]  # fmt: skip
PUNISHMENTS = [
    "imprisonment", "deportation", "prison", "jail", "arrest", "prosecution", "violence", "death",
    "execution", "torture", "expulsion", "fines", "criminal", "charges", "detention", "reprisals",
    "losing", "loss", "beatings", "harm", "punishment",
]  # fmt: skip
DECEIVE_VERBS = [
    "misled", "lured", "tricked", "deceived", "duped", "coerced", "pressured", "pressed", "forced",
    "bribed", "blackmailed", "manipulated", "conned", "cajoled", "pushed", "railroaded",
    "intimidated",
]  # fmt: skip
COMPEL_VERBS = [
    "forced",
    "coerced",
    "pressured",
    "compelled",
    "made",
    "pushed",
    "tricked",
    "obliged",
]
PROMISED_GOODS = [
    "jobs", "work", "employment", "salaries", "money", "citizenship", "residency", "payments",
    "bonuses", "passports", "visas", "wages",
]  # fmt: skip
GOODS_ADJECTIVES = [
    "well", "-", "paid", "paying", "high", "lucrative", "civilian", "good", "russian", "large",
    "big", "cash", "fast", "track", "steady", "stable", "free",
]  # fmt: skip
LIST_STOPS = [
    ".", ";", ":", "before", "after", "but", "that", "which", "who", "to", "the", "a", "an",
    "being", "were", "was", "as", "by", "if", "when", "while", "only", "they", "he", "she", "it",
    "in", "at", "for", "from", "on", "with", "—", "–", "(", ")", '"', "“", "”",
]  # fmt: skip

FUNCTION_WORDS = [
    "the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her", "our", "in",
    "on", "at", "for", "and", "but", "of", "as", "after", "when", "while",
]  # fmt: skip
TITLES = [
    "President", "Vice President", "Prime Minister", "Deputy Prime Minister", "Minister",
    "Foreign Minister", "Defence Minister", "Defense Minister", "Interior Minister", "General",
    "Brigadier General", "Lieutenant General", "Major General", "Gen.", "Lt. Gen.", "Maj. Gen.",
    "Col.", "Colonel", "Lieutenant Colonel", "Major", "Captain", "Capt.", "Sergeant", "Admiral",
    "Marshal", "Field Marshal", "Commander", "Senator", "Sen.", "Rep.", "Ambassador", "Secretary",
    "Secretary of State", "Chancellor", "King", "Queen", "Prince", "Pope", "Mayor", "Governor",
    "Gov.", "Patriarch", "Sheikh", "Dr.", "Mr.", "Mrs.", "Ms.", "Judge", "Justice", "Chief",
    "Director", "Spokesman", "Spokeswoman", "Speaker", "Chairman", "Chairwoman", "Commissioner",
    "Supreme Leader", "Emir", "Sultan", "Crown Prince", "Premier", "Foreign Secretary",
    "Defence Secretary", "Defense Secretary", "Lawmaker", "MP",
]  # fmt: skip
ORGANISATION_HEADS = [
    "Ministry", "Committee", "Intelligence", "Headquarters", "Agency", "Council", "Service",
    "Commission", "Office", "Department", "Directorate", "Bureau", "Guard", "Forces", "Army",
    "Police", "Court", "Parliament", "Embassy", "Institute", "Foundation", "Union", "Organization",
    "Organisation", "Group", "Center", "Centre", "Fund", "Kremlin", "Duma", "Senate", "Congress",
    "Assembly", "Staff", "Command", "Navy", "Network", "Mission", "Tribunal", "Cabinet",
    "Government", "Administration", "Authority", "Secretariat",
]  # fmt: skip
HEADS_BEFORE_OF = [
    "Ministry", "Committee", "Council", "Department", "Office", "Commission", "Bureau",
    "Directorate", "Court",
]  # fmt: skip
MEDIA = [
    "CNN", "BBC", "Reuters", "AFP", "Agence France-Presse", "Associated Press", "AP", "Al Jazeera",
    "Bloomberg", "TASS", "Tass", "RIA Novosti", "Interfax", "Meduza", "Mediazona",
    "Kyiv Independent", "Ukrainska Pravda", "The Guardian", "Guardian", "New York Times",
    "Washington Post", "Financial Times", "Wall Street Journal", "Radio Free Europe", "RFE/RL",
    "Novaya Gazeta", "Kommersant", "Izvestia", "Deutsche Welle", "DW", "Sky News", "NPR", "ABC",
    "CBS", "NBC", "Fox News", "Politico", "Axios", "The Economist", "Economist", "BBC News",
    "Ukrinform", "Suspilne", "Verstka", "iStories", "Vazhnye Istorii",
]  # fmt: skip
ORGANISATIONS = [
    "Amnesty International", "Human Rights Watch", "Red Cross", "ICRC", "UN", "United Nations",
    "UNHCR", "OSCE", "NATO", "European Union", "EU", "Wagner", "Wagner Group", "Interpol",
    "OVD-Info", "Médecins Sans Frontières", "Doctors Without Borders",
    "International Criminal Court", "ICC", "Institute for the Study of War", "ISW", "Bellingcat",
    "Conflict Intelligence Team", "Kremlin", "Pentagon", "White House", "Downing Street",
    "Rosgvardia", "FSB", "GRU", "SBU", "HUR", "MVD", "African Union", "BRICS", "G7", "G20",
    "Hamas", "Hezbollah", "Taliban", "Houthis", "Africa Corps", "World Bank", "IMF", "WHO",
    "Europol", "ILO", "IOM",
]  # fmt: skip
CAPITALS = [
    "Moscow", "Kyiv", "Kiev", "Pyongyang", "Beijing", "Washington", "Tehran", "Minsk", "Damascus",
    "London", "Paris", "Berlin", "Brussels", "New Delhi", "Delhi", "Nairobi", "Kathmandu",
    "Tashkent", "Dushanbe", "Bishkek", "Havana", "Colombo", "Pretoria", "Ankara", "Warsaw",
    "Seoul", "Tokyo", "Caracas", "Hanoi", "Baku", "Yerevan", "Tbilisi", "Astana", "Islamabad",
    "Kabul", "Dhaka", "Abuja", "Accra", "Addis Ababa", "Cairo", "Riyadh", "Abu Dhabi", "Doha",
    "Budapest", "Rome", "Madrid", "Ottawa", "Canberra", "Vilnius", "Riga", "Tallinn", "Helsinki",
    "Stockholm", "Oslo", "Copenhagen", "Prague", "Bratislava", "Bucharest", "Sofia", "Belgrade",
    "Chisinau", "Ashgabat", "Ulaanbaatar", "Vientiane", "Phnom Penh", "Bangkok", "Jakarta",
    "Manila", "Kinshasa", "Bamako", "Bangui", "Khartoum", "Tripoli", "Algiers", "Rabat", "Dakar",
]  # fmt: skip
PLACE_BEFORE = [
    "in", "near", "outside", "around", "across", "via", "at", "central", "downtown", "visited",
    "visit", "visiting", "flew", "travelled", "traveled", "arrived",
]  # fmt: skip
PLACE_AFTER = [
    "region", "oblast", "airport", "metro", "residents", "streets", "city", "street", "suburb",
    "suburbs", "office", "bureau",
]  # fmt: skip
ROLE_WORDS = [
    "head", "chief", "director", "spokesman", "spokeswoman", "spokesperson", "minister",
    "president", "leader", "commander", "chairman", "chairwoman", "founder", "deputy", "secretary",
    "governor", "mayor", "ambassador", "adviser", "advisor", "coordinator", "general", "colonel",
    "a", "an", "the", "who",
]  # fmt: skip


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
    headline_us = [{"IS_UPPER": True, "LENGTH": {">": 2}}, {"ORTH": "US"}]
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
    blocks = [
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
    appositive = [name, {"IS_TITLE": True}, maybe_title, {"ORTH": ","}, any_of(ROLE_WORDS)]
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
