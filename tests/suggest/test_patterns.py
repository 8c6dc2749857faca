"""The shipped patterns on hand-written news sentences: what each group must find and must not."""

from __future__ import annotations

import pytest

from annotator.validation.rules import rules_of

from .conftest import doc_of, found


def texts_of(patterns, text: str, label: str) -> set[str]:
    return {t for lab, t in found(patterns, text) if lab == label}


CASES = {
    "COUNTRY": [
        (
            "Officials in Vietnam and the United States said workers were flown out.",
            {"Vietnam", "United States"},
            set(),
        ),
        ("Russian forces and Ukrainian officials met; Russia denied it.", {"Russia"}, {"Russian"}),
        ("Sri Lanka’s embassy and Nepal's ministry protested.", {"Sri Lanka", "Nepal"}, set()),
        ("North Korean troops arrived from North Korea.", {"North Korea"}, {"North Korean"}),
        ("The tour crossed Latin America and Central Asian states.", set(), {"America"}),
        (
            "Papua New Guinea and South Sudan voted.",
            {"Papua New Guinea", "South Sudan"},
            {"Guinea"},
        ),
        ("Let us know what the UK decides.", {"UK"}, {"us"}),
        (
            "The swap was brokered by the United Arab Emirates, the mediator said.",
            {"United Arab Emirates"},
            set(),
        ),
    ],
    "FIGURE": [
        (
            "About 1.5 million people left and at least 12 were detained.",
            {"About 1.5 million", "at least 12"},
            set(),
        ),
        (
            "Up to 300 Cubans signed up, while thousands applied and dozens were rejected.",
            {"Up to 300", "thousands", "dozens"},
            set(),
        ),
        ("Police detained two men on January 15, 2024, after a raid.", {"two"}, {"15", "2024"}),
        ("The law passed in 2022 and took effect on 1 March.", set(), {"2022", "1"}),
        (
            "In the first six months of 2023, roughly 40% came from abroad.",
            {"roughly 40%"},
            {"six", "2023", "six months"},
        ),
        ("The COVID-19 wave hit and Article 5 was invoked in the 1990s.", set(), {"19", "5"}),
        ("Training lasted only three to four weeks.", {"only three to four weeks"}, set()),
        ("Tens of thousands fled; several hundred remained.", {"Tens of thousands"}, {"several"}),
        ("The number of recruits was double the target.", {"double"}, set()),
        (
            "Recruits aged between 18 and 22 were paid nearly four times more for 12 hours.",
            {"between 18 and 22", "nearly four times", "12 hours"},
            {"18", "22", "12", "nearly four"},
        ),
        (
            "Terms ran between one and three years; 3 times a week.",
            {"between one and three years"},
            set(),
        ),
    ],
    "QUOTE": [
        ('He said "we were deceived" and left.', {"we were deceived"}, set()),
        ("She called it ‘a trap’ before the minister’s statement.", {"a trap"}, set()),
        ("“They took our passports,” said one man.", {"They took our passports,"}, set()),
        ("The recruiter's office and the soldiers’ barracks were closed.", set(), None),
        ("Don't say \"it's fine\" when it isn't.", {"it's fine"}, set()),
        ('The 6" gun and 12" shells were "old stock".', {"old stock"}, {" gun and 12"}),
        ('The sign read O"Neil and he left.', set(), None),
    ],
    "TACTIC": [
        (
            "The recruits were lured abroad and threatened with arrest or prosecution.",
            {"lured", "threatened with arrest or prosecution"},
            set(),
        ),
        (
            "Migrants were tricked into signing papers and coerced into fighting.",
            {"tricked into signing", "coerced into fighting"},
            set(),
        ),
        (
            "Officials threatened to revoke citizenship and used bribery and intimidation.",
            {"revoke citizenship", "bribery", "intimidation"},
            set(),
        ),
        (
            "Men were promised well-paid jobs in security and construction before being sent away.",
            {"promised well-paid jobs in security and construction"},
            set(),
        ),
        ("Several were captured and others were killed.", set(), {"captured", "killed"}),
    ],
    "ACTOR": [
        (
            "Prime Minister Narendra Modi spoke with President Xi Jinping on Monday.",
            {"Prime Minister Narendra Modi", "President Xi Jinping"},
            {"President Xi Jinping on Monday"},
        ),
        (
            "Lieutenant General Oleksandr Syrskyi arrived; Syrskyi said the talks went well.",
            {"Lieutenant General Oleksandr Syrskyi", "Syrskyi"},
            set(),
        ),
        (
            "The Ministry of Foreign Affairs and the State Migration Service issued a statement.",
            {"Ministry of Foreign Affairs", "State Migration Service"},
            {"the State Migration Service"},
        ),
        (
            "Human Rights Watch told Reuters that Beijing had not replied.",
            {"Human Rights Watch", "Reuters", "Beijing"},
            set(),
        ),
        ("Maria Zakharova, spokeswoman for the ministry, denied it.", {"Maria Zakharova"}, set()),
        ("Residents in Moscow queued while Kyiv objected.", {"Kyiv"}, {"Moscow"}),
        ("Foreign fighters and human rights groups objected.", set(), {"Foreign fighters"}),
    ],
}


@pytest.mark.parametrize(
    ("label", "text", "must", "must_not"),
    [(label, *case) for label, cases in CASES.items() for case in cases],
    ids=[f"{label}-{i}" for label, cases in CASES.items() for i in range(len(cases))],
)
def test_patterns_find_and_refuse(patterns, label, text, must, must_not):
    got = texts_of(patterns, text, label)
    assert must <= got, f"missing {must - got} in {text!r}; got {got}"
    if must_not is None:
        assert not got, f"nothing expected in {text!r}; got {got}"
    else:
        assert not (must_not & got), f"unexpected {must_not & got} in {text!r}"


def test_patterns_apostrophes_are_never_quotes(patterns):
    text = "The fighters’ families and Russia’s army said it’s the recruiters’ fault."
    assert texts_of(patterns, text, "QUOTE") == set()


def test_patterns_suggestions_each_pass_the_schema_and_fit_together(patterns, schema):
    texts = [case[0] for cases in CASES.values() for case in cases]
    docs = [doc_of(t) for t in texts]
    for doc, suggestions in zip(docs, patterns.suggest(docs), strict=True):
        spans = tuple(s.span for s in suggestions)
        for span in spans:
            assert doc.text[span.start : span.end] == span.text
            assert doc.tokens[span.token_start].start == span.start
            assert doc.tokens[span.token_end].end == span.end
        assert rules_of(schema).span_rule_issues(doc.text, spans) == []
        assert rules_of(schema).overlap_issues(spans) == []


def test_patterns_sources_name_the_pattern(patterns):
    (suggestions,) = list(patterns.suggest([doc_of("Kenya sent 40 men.")]))
    assert {s.source for s in suggestions} == {"patterns:country", "patterns:number"}
    assert all(0.0 <= s.score <= 1.0 for s in suggestions)


def test_patterns_batches_keep_document_order(patterns):
    texts = [f"Report {i}: Kenya and {i + 2} men." for i in range(150)]
    results = list(patterns.suggest(doc_of(t) for t in texts))
    assert len(results) == 150
    for i, suggestions in enumerate(results):
        assert ("FIGURE", str(i + 2)) in {(s.span.label, s.span.text) for s in suggestions}


def test_patterns_do_not_cross_line_breaks(patterns):
    text = "He said “we left\n\nand then” nothing. Ten days later."
    assert texts_of(patterns, text, "QUOTE") == set()
