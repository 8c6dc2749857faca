"""Unseen news articles for bench/keystrokes.py, written for the bench, with their hand annotation.

The stories, people, numbers and quotations are invented and are not reports of real events. They
were annotated by the schema's guidelines (annotator/data/schemas/foreign_fighters.toml) and were used neither to
write the suggestion patterns nor to tune the session's moves. Each article is a list of paragraphs
(one line each) and its spans as (label, text, paragraph, occurrence): the n-th whole-token
occurrence of `text` in that paragraph.
"""

from __future__ import annotations

A, C, F, T, Q = "ACTOR", "COUNTRY", "FIGURE", "TACTIC", "QUOTE"

ARTICLES: list[dict] = [
    {
        "title": "Nepal asks Russia to return the bodies of recruits killed in Ukraine",
        "paragraphs": [
            "Nepal Asks Russia to Return Bodies of Fallen Recruits",
            "Nepal’s Ministry of Foreign Affairs said on Monday that at least 48 Nepali men "
            "recruited into the Russian army had been killed in Ukraine, and that another 12 were "
            "missing.",
            "Families in the Dhading district told reporters that agents charged up to 9,000 "
            "dollars to arrange a flight to Moscow and promised work as security guards. Several "
            "of the men said they were handed rifles after only two weeks of training.",
            "“We were sold like goats,” said Ram Bahadur Thapa, who escaped from a unit in the "
            "east in March and returned home last month.",
            "Foreign Minister Sita Adhikari said Kathmandu had banned its citizens from travelling "
            "to Russia and Ukraine for work, and asked Moscow to send home more than 200 Nepalis "
            "still serving.",
        ],
        "spans": [
            (C, "Nepal", 0, 0),
            (C, "Russia", 0, 0),
            (C, "Nepal", 1, 0),
            (A, "Ministry of Foreign Affairs", 1, 0),
            (F, "at least 48", 1, 0),
            (C, "Ukraine", 1, 0),
            (F, "12", 1, 0),
            (F, "up to 9,000", 2, 0),
            (T, "promised work as security guards", 2, 0),
            (F, "only two weeks", 2, 0),
            (Q, "We were sold like goats,", 3, 0),
            (A, "Ram Bahadur Thapa", 3, 0),
            (A, "Foreign Minister Sita Adhikari", 4, 0),
            (A, "Kathmandu", 4, 0),
            (C, "Russia", 4, 0),
            (C, "Ukraine", 4, 0),
            (A, "Moscow", 4, 0),
            (F, "more than 200", 4, 0),
        ],
    },
    {
        "title": "Cuban recruits say their contracts were written only in Russian",
        "paragraphs": [
            "Cuban Recruits Say Contracts Were Written in Russian Only",
            "Cuba’s Interior Ministry said it had dismantled a network that recruited young men on "
            "social media with offers of construction work in Russia, and had charged 17 people in "
            "the capital.",
            "Relatives said the men were driven from the airport to a training camp, where officers "
            "confiscated their passports and the men were forced to sign contracts written only in "
            "Russian.",
            "“They promised 2,000 dollars a month. What they gave us was a rifle and a trench,” one "
            "recruit told the independent outlet CiberCuba by telephone.",
            "Deputy Foreign Minister Elena Marrero said Havana was “not part of the war in "
            "Ukraine” and would prosecute anyone who took part in human trafficking.",
        ],
        "spans": [
            (C, "Cuba", 1, 0),
            (A, "Interior Ministry", 1, 0),
            (T, "offers of construction work", 1, 0),
            (C, "Russia", 1, 0),
            (F, "17", 1, 0),
            (T, "confiscated their passports", 2, 0),
            (T, "forced to sign contracts written only in Russian", 2, 0),
            (
                Q,
                "They promised 2,000 dollars a month. What they gave us was a rifle and a trench,",
                3,
                0,
            ),
            (F, "2,000", 3, 0),
            (A, "CiberCuba", 3, 0),
            (A, "Deputy Foreign Minister Elena Marrero", 4, 0),
            (A, "Havana", 4, 0),
            (Q, "not part of the war in Ukraine", 4, 0),
            (C, "Ukraine", 4, 0),
            (T, "human trafficking", 4, 0),
        ],
    },
    {
        "title": "Ukraine now holds more than a thousand foreign prisoners of war",
        "paragraphs": [
            "Ukraine Holds Hundreds More Foreign Prisoners of War",
            "Ukraine’s Coordination Headquarters for the Treatment of Prisoners of War said on "
            "Friday that it was holding 1,264 foreign nationals from 48 countries who had fought "
            "for Russia, up from roughly 900 in the spring.",
            "Spokesman Ihor Marchenko said most had been captured within weeks of arriving. "
            "Recruits from Sri Lanka and Nepal described being threatened with execution if they "
            "retreated.",
            "“Many of them did not know which country they were fighting in,” Marchenko said. He "
            "added that at least 70 of the prisoners had asked not to be returned to Russia in an "
            "exchange.",
            "Kyiv has proposed swapping the foreigners for Ukrainian soldiers, but Moscow has so "
            "far refused, according to the Foreign Intelligence Service of Ukraine.",
        ],
        "spans": [
            (C, "Ukraine", 0, 0),
            (F, "Hundreds", 0, 0),
            (C, "Ukraine", 1, 0),
            (A, "Coordination Headquarters for the Treatment of Prisoners of War", 1, 0),
            (F, "1,264", 1, 0),
            (F, "48", 1, 0),
            (C, "Russia", 1, 0),
            (F, "roughly 900", 1, 0),
            (A, "Spokesman Ihor Marchenko", 2, 0),
            (C, "Sri Lanka", 2, 0),
            (C, "Nepal", 2, 0),
            (T, "threatened with execution", 2, 0),
            (Q, "Many of them did not know which country they were fighting in,", 3, 0),
            (A, "Marchenko", 3, 0),
            (F, "at least 70", 3, 0),
            (C, "Russia", 3, 0),
            (A, "Kyiv", 4, 0),
            (A, "Moscow", 4, 0),
            (A, "Foreign Intelligence Service of Ukraine", 4, 0),
        ],
    },
    {
        "title": "Indian agents lured cooks and helpers to Russia's front line",
        "paragraphs": [
            "Online Ads Offered Kitchen Jobs, Then Sent Men to the Trenches",
            "India’s Central Bureau of Investigation said on Wednesday it had arrested four agents "
            "who lured at least 35 young men from Haryana and Punjab to Russia with advertisements "
            "for jobs as helpers and cooks.",
            "Once in Russia, the men were taken to a camp, given uniforms and threatened with "
            "prison if they refused to fight. At least two of them have since been killed, the "
            "agency said.",
            "“My son went to cook, not to carry a gun,” said Sunita Devi, whose son called her "
            "from a field hospital in June.",
            "A spokesman for the Ministry of External Affairs, Arvind Mehta, said New Delhi had "
            "raised the matter with Moscow and that 85 Indians had so far been discharged.",
        ],
        "spans": [
            (T, "Online Ads", 0, 0),
            (C, "India", 1, 0),
            (A, "Central Bureau of Investigation", 1, 0),
            (F, "four", 1, 0),
            (F, "at least 35", 1, 0),
            (C, "Russia", 1, 0),
            (T, "advertisements for jobs as helpers and cooks", 1, 0),
            (C, "Russia", 2, 0),
            (T, "threatened with prison", 2, 0),
            (F, "At least two", 2, 0),
            (Q, "My son went to cook, not to carry a gun,", 3, 0),
            (A, "Sunita Devi", 3, 0),
            (A, "Ministry of External Affairs", 4, 0),
            (A, "Arvind Mehta", 4, 0),
            (A, "New Delhi", 4, 0),
            (A, "Moscow", 4, 0),
            (F, "85", 4, 0),
        ],
    },
]
