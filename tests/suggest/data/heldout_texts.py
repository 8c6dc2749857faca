"""Held-out news paragraphs for the patterns suggester, written for the tests, with their hand annotation.

The stories, people, organisations, numbers and quotations are invented for testing and are not
reports of real events. Each article is a list of paragraphs (one line each) and its spans as
(label, text, paragraph, occurrence): the n-th whole-token occurrence of `text` in that paragraph.
"""

from __future__ import annotations

A, C, F, T, Q = "ACTOR", "COUNTRY", "FIGURE", "TACTIC", "QUOTE"

ARTICLES: list[dict] = [
    {
        "title": "West African women recruited through fake job ads end up in a drone plant",
        "paragraphs": [
            "Fake Job Ads Lure Women to Drone Plant",
            "Ghana’s Ministry of Foreign Affairs said on Tuesday that it had opened an inquiry "
            "after at least 46 Ghanaian women were flown to the Tatarstan region of Russia on what "
            "they believed were hospitality and catering contracts.",
            "According to the ministry, the women answered fake job advertisements shared on social "
            "media that promised well-paid hotel jobs and free flights. Once they arrived, recruiters "
            "confiscated their passports and assigned them to assemble attack drones, working shifts "
            "of 12 hours for a fraction of the advertised pay.",
            "“They were told they were going to work in hotels. Nobody mentioned weapons,” said "
            "Deputy Foreign Minister Kwame Asante-Boateng, who added that Accra had asked Moscow for "
            "the women’s immediate return.",
            "Togo and Cameroon have reported similar cases. Efua Mensah, a researcher at the Global "
            "Initiative Against Transnational Organized Crime, said roughly 200 women from seven "
            "African countries had been recruited through the same scheme since 2023, many of them "
            "aged between 18 and 22. Women who tried to leave were threatened with fines and "
            "deportation, Mensah said.",
        ],
        "spans": [
            (T, "Fake Job Ads", 0, 0),
            (C, "Ghana", 1, 0),
            (A, "Ministry of Foreign Affairs", 1, 0),
            (F, "at least 46", 1, 0),
            (C, "Russia", 1, 0),
            (T, "fake job advertisements", 2, 0),
            (T, "promised well-paid hotel jobs and free flights", 2, 0),
            (T, "confiscated their passports", 2, 0),
            (F, "12 hours", 2, 0),
            (
                Q,
                "They were told they were going to work in hotels. Nobody mentioned weapons,",
                3,
                0,
            ),
            (A, "Deputy Foreign Minister Kwame Asante-Boateng", 3, 0),
            (A, "Accra", 3, 0),
            (A, "Moscow", 3, 0),
            (C, "Togo", 4, 0),
            (C, "Cameroon", 4, 0),
            (A, "Efua Mensah", 4, 0),
            (A, "Global Initiative Against Transnational Organized Crime", 4, 0),
            (F, "roughly 200", 4, 0),
            (F, "seven", 4, 0),
            (F, "between 18 and 22", 4, 0),
            (T, "threatened with fines and deportation", 4, 0),
            (A, "Mensah", 4, 1),
        ],
    },
    {
        "title": "Colombian veterans hired for a war they never signed up for",
        "paragraphs": [
            "Colombia’s government has apologised to Sudan after an investigation found that more "
            "than 300 retired Colombian soldiers were fighting alongside the Rapid Support Forces in "
            "Darfur.",
            "Foreign Minister Laura Sarmiento said the men had been hired by a private security firm "
            "in Bogotá that told them they would guard oil installations in the United Arab "
            "Emirates. “They signed up to protect pipelines and were sent to a war instead,” "
            "Sarmiento told reporters.",
            "Families said recruiters offered salaries of about $2,600 a month, nearly four times a "
            "Colombian army pension, and paid signing bonuses in cash. Several veterans said their "
            "contracts were written in English, which few of them could read, and that recruiters "
            "took away their phones after they landed in Abu Dhabi.",
            "At least 22 Colombians have been killed in Sudan since November, according to a count "
            "by the newspaper El Tiempo. Colonel Andrés Villamil, a spokesman for the army, said the "
            'force had no authority over retired personnel but was "cooperating fully" with '
            "prosecutors.",
            'Sudan\'s army-aligned government called the recruitment "an act of aggression" and said '
            "it would ask the UN Security Council to sanction the company.",
        ],
        "spans": [
            (C, "Colombia", 0, 0),
            (C, "Sudan", 0, 0),
            (F, "more than 300", 0, 0),
            (A, "Rapid Support Forces", 0, 0),
            (A, "Foreign Minister Laura Sarmiento", 1, 0),
            (T, "told them they would guard oil installations", 1, 0),
            (C, "United Arab Emirates", 1, 0),
            (Q, "They signed up to protect pipelines and were sent to a war instead,", 1, 0),
            (A, "Sarmiento", 1, 1),
            (T, "offered salaries", 2, 0),
            (F, "about $2,600", 2, 0),
            (F, "nearly four times", 2, 0),
            (T, "paid signing bonuses in cash", 2, 0),
            (T, "took away their phones", 2, 0),
            (F, "At least 22", 3, 0),
            (C, "Sudan", 3, 0),
            (A, "El Tiempo", 3, 0),
            (A, "Colonel Andrés Villamil", 3, 0),
            (Q, "cooperating fully", 3, 0),
            (C, "Sudan", 4, 0),
            (Q, "an act of aggression", 4, 0),
            (A, "UN Security Council", 4, 0),
        ],
    },
    {
        "title": "Rohingya men conscripted from camps, witnesses say",
        "paragraphs": [
            "Myanmar’s military has forcibly conscripted at least 1,000 Rohingya men from camps in "
            "Rakhine State since February, according to the Arakan Legal Aid Network. Witnesses "
            "said soldiers rounded up young men at night and warned families that food rations would "
            "be cut off if their sons refused to serve.",
            "“They came with a list of names and told us the boys had to go or the whole camp would "
            "be punished,” a father in Sittwe told the group by phone.",
            "The junta’s spokesman, Major General Thant Zin Oo, denied the accounts, saying recruits "
            "were volunteers who had been paid 150,000 kyats and promised citizenship cards. Helena "
            "Marsh, the United Nations special rapporteur on Myanmar, said in a statement that such "
            'promises were "a cruel lie to a stateless people".',
            "Bangladesh, which hosts nearly one million Rohingya refugees near Cox's Bazar, said "
            "dozens of young men had also been abducted from camps on its side of the border by "
            "armed groups and taken into Myanmar to fight. Dhaka summoned Myanmar's ambassador over "
            "the abductions on Thursday.",
        ],
        "spans": [
            (C, "Myanmar", 0, 0),
            (T, "forcibly conscripted", 0, 0),
            (F, "at least 1,000", 0, 0),
            (A, "Arakan Legal Aid Network", 0, 0),
            (T, "rounded up", 0, 0),
            (T, "warned families that food rations would be cut off", 0, 0),
            (
                Q,
                "They came with a list of names and told us the boys had to go or the whole camp "
                "would be punished,",
                1,
                0,
            ),
            (A, "Major General Thant Zin Oo", 2, 0),
            (F, "150,000", 2, 0),
            (T, "promised citizenship cards", 2, 0),
            (A, "Helena Marsh", 2, 0),
            (A, "United Nations", 2, 0),
            (C, "Myanmar", 2, 0),
            (Q, "a cruel lie to a stateless people", 2, 0),
            (C, "Bangladesh", 3, 0),
            (F, "nearly one million", 3, 0),
            (F, "dozens", 3, 0),
            (T, "abducted", 3, 0),
            (C, "Myanmar", 3, 0),
            (A, "Dhaka", 3, 0),
            (C, "Myanmar", 3, 1),
        ],
    },
    {
        "title": "Prisoner swap brings home 103 Ukrainians",
        "paragraphs": [
            "Ukraine and Russia exchanged 206 prisoners of war on Saturday in a swap brokered by the "
            "United Arab Emirates, the 14th such exchange mediated by Abu Dhabi since the start of "
            "the full-scale invasion.",
            "Among the 103 Ukrainians returned were 17 National Guard members who had been held for "
            "more than two years. Olena Kravchuk, Ukraine’s human rights commissioner, said some of "
            "the freed men had lost up to 30 kilograms in captivity and described beatings and "
            "starvation diets in detention centres.",
            "“Every man who came home today told us the same thing: they were beaten, starved and "
            "questioned for months,” Kravchuk wrote on Telegram.",
            "Russia’s Defence Ministry said its own soldiers would be flown to Moscow for medical "
            "treatment. Among them were two Cameroonian recruits. One of them, interviewed by "
            "Ukrainian reporters before the swap, said he had been recruited in a Russian prison "
            "with a promise that his sentence would be cancelled after six months of service.",
        ],
        "spans": [
            (C, "Ukraine", 0, 0),
            (C, "Russia", 0, 0),
            (F, "206", 0, 0),
            (C, "United Arab Emirates", 0, 0),
            (A, "Abu Dhabi", 0, 0),
            (F, "103", 1, 0),
            (F, "17", 1, 0),
            (A, "National Guard", 1, 0),
            (F, "more than two years", 1, 0),
            (A, "Olena Kravchuk", 1, 0),
            (C, "Ukraine", 1, 0),
            (F, "up to 30", 1, 0),
            (
                Q,
                "Every man who came home today told us the same thing: they were beaten, starved "
                "and questioned for months,",
                2,
                0,
            ),
            (A, "Kravchuk", 2, 0),
            (C, "Russia", 3, 0),
            (A, "Defence Ministry", 3, 0),
            (F, "two", 3, 0),
            (T, "recruited in a Russian prison", 3, 0),
            (T, "promise that his sentence would be cancelled", 3, 0),
            (F, "six months", 3, 0),
        ],
    },
    {
        "title": "Sudan death toll far higher than recorded, study finds",
        "paragraphs": [
            "More than 61,000 people have died in Khartoum state alone since fighting began in April "
            "2023, according to a study by the London School of Hygiene and Tropical Medicine, far "
            "above the roughly 20,000 deaths recorded by the Armed Conflict Location and Event Data "
            "Project for the whole country.",
            "The researchers estimated that 26,000 of those deaths were caused directly by violence, "
            "while the rest were linked to hunger and disease. They warned that the true toll was "
            "probably higher, because fewer than one in ten deaths in Sudan is ever officially "
            "registered.",
            "“The numbers we have are a floor, not a ceiling,” said Dr. Amira Hassan, the study’s "
            "lead author.",
            "The World Health Organization says some 11 million people have been displaced inside "
            "Sudan, with another 3.2 million fleeing to Chad, Egypt and South Sudan. Chad’s "
            "government said this week that it was struggling to feed 600,000 new arrivals in its "
            "eastern provinces.",
            "The Rapid Support Forces have been accused of recruiting child soldiers from displaced "
            "families with offers of food and cash. The paramilitary group denied the claim.",
        ],
        "spans": [
            (F, "More than 61,000", 0, 0),
            (A, "London School of Hygiene and Tropical Medicine", 0, 0),
            (F, "roughly 20,000", 0, 0),
            (A, "Armed Conflict Location and Event Data Project", 0, 0),
            (F, "26,000", 1, 0),
            (F, "fewer than one in ten", 1, 0),
            (C, "Sudan", 1, 0),
            (Q, "The numbers we have are a floor, not a ceiling,", 2, 0),
            (A, "Dr. Amira Hassan", 2, 0),
            (A, "World Health Organization", 3, 0),
            (F, "some 11 million", 3, 0),
            (C, "Sudan", 3, 0),
            (F, "3.2 million", 3, 0),
            (C, "Chad", 3, 0),
            (C, "Egypt", 3, 0),
            (C, "South Sudan", 3, 0),
            (C, "Chad", 3, 1),
            (F, "600,000", 3, 0),
            (A, "Rapid Support Forces", 4, 0),
            (T, "offers of food and cash", 4, 0),
        ],
    },
    {
        "title": "Bangladeshi workers sent to the front after answering factory job ads",
        "paragraphs": [
            "Bangladesh has suspended the licences of four Dhaka-based recruiting agencies after "
            "relatives said at least 12 migrant workers sent to Russia as cleaners and electricians "
            "had been handed rifles and deployed to the front in eastern Ukraine.",
            "The men paid agents between 800,000 and 1.2 million taka each for what were advertised "
            "as factory jobs in Moscow. After arriving, they said, they were taken to a military "
            "camp, where officers made them sign documents in Russian and warned that anyone who "
            "refused would be jailed for overstaying his visa.",
            "“My brother called me crying. He said they are sending us to war and we cannot say "
            "no,” said Rahima Akter, whose brother Mohammad Sohel has not been heard from since "
            "March.",
            "Police in Dhaka arrested two recruiters on Sunday. Inspector General Baharul Islam "
            "said the agencies had sent about 150 workers to Russia in the past two years and were "
            "also under investigation for debt bondage.",
            "The Bangladeshi embassy in Moscow said it had confirmed five deaths and was working "
            "with Russian authorities to repatriate the bodies.",
        ],
        "spans": [
            (C, "Bangladesh", 0, 0),
            (F, "four", 0, 0),
            (F, "at least 12", 0, 0),
            (C, "Russia", 0, 0),
            (C, "Ukraine", 0, 0),
            (F, "between 800,000 and 1.2 million", 1, 0),
            (T, "advertised as factory jobs", 1, 0),
            (T, "made them sign documents in Russian", 1, 0),
            (T, "warned that anyone who refused would be jailed", 1, 0),
            (
                Q,
                "My brother called me crying. He said they are sending us to war and we cannot "
                "say no,",
                2,
                0,
            ),
            (A, "Rahima Akter", 2, 0),
            (A, "Mohammad Sohel", 2, 0),
            (F, "two", 3, 0),
            (A, "Inspector General Baharul Islam", 3, 0),
            (F, "about 150", 3, 0),
            (C, "Russia", 3, 0),
            (T, "debt bondage", 3, 0),
            (F, "five", 4, 0),
        ],
    },
    {
        "title": "Serbian court jails three men for fighting in Ukraine",
        "paragraphs": [
            "A court in Belgrade on Wednesday sentenced three Serbian men to between one and three "
            "years in prison for fighting as mercenaries in eastern Ukraine, the first convictions "
            "under a 2014 law that bans citizens from joining foreign wars.",
            "Prosecutors said the men were recruited over Telegram by a former paratrooper who "
            "promised them Russian passports and 250,000 rubles each. One of the defendants, Nikola "
            'Petrović, told the court he had been "a fool who believed every word".',
            'Justice Minister Jelena Kostić said Belgrade would not become "a recruitment office '
            "for other people's wars\" and urged Moscow to stop advertising on Serbian social media.",
            "Russia’s embassy in Serbia called the verdict politically motivated. The Ministry of "
            "Internal Affairs estimates that around 40 Serbian citizens are currently fighting in "
            "Ukraine on both sides, while rights groups put the figure closer to 300. A fourth "
            "suspect, believed to be in Donetsk, will be tried in absentia.",
        ],
        "spans": [
            (F, "three", 0, 0),
            (F, "between one and three years", 0, 0),
            (C, "Ukraine", 0, 0),
            (T, "recruited over Telegram", 1, 0),
            (T, "promised them Russian passports", 1, 0),
            (F, "250,000", 1, 0),
            (A, "Nikola Petrović", 1, 0),
            (Q, "a fool who believed every word", 1, 0),
            (A, "Justice Minister Jelena Kostić", 2, 0),
            (A, "Belgrade", 2, 0),
            (Q, "a recruitment office for other people's wars", 2, 0),
            (A, "Moscow", 2, 0),
            (T, "advertising on Serbian social media", 2, 0),
            (C, "Russia", 3, 0),
            (C, "Serbia", 3, 0),
            (A, "Ministry of Internal Affairs", 3, 0),
            (F, "around 40", 3, 0),
            (C, "Ukraine", 3, 0),
            (F, "closer to 300", 3, 0),
        ],
    },
    {
        "title": "Yemeni men flown to Russia on promises of security jobs",
        "paragraphs": [
            "Yemeni Recruits Describe Debts and Threats",
            "Hundreds of Yemeni men were flown to Russia through Oman last year by a travel company "
            "that promised them jobs as security guards and engineers, the Aden-based group Yemen "
            "Rights Monitor said in a report on Monday. Once in Russia, it said, about 70 of them "
            "were taken to a training ground near Rostov and threatened with debts of $5,000 unless "
            "they signed contracts with the army.",
            "The report, based on interviews with 19 men who escaped or were sent home wounded, "
            "describes recruits being beaten when they asked to call their families. Some said they "
            "were told their relatives back home would be harmed if they deserted.",
            "“We went to earn money for our children, not to die in a war that has nothing to do "
            "with us,” one of the men, Abdullah Nasser, told the group.",
            "Oman’s Foreign Ministry said it had not been aware of the scheme and would review "
            "visas issued to the company. Minister of Expatriate Affairs Fatima al-Hakimi asked "
            'Russia to return all Yemenis held against their will and called the case "human '
            'trafficking dressed up as employment".',
        ],
        "spans": [
            (T, "Debts", 0, 0),
            (T, "Threats", 0, 0),
            (F, "Hundreds", 1, 0),
            (C, "Russia", 1, 0),
            (C, "Oman", 1, 0),
            (T, "promised them jobs as security guards and engineers", 1, 0),
            (A, "Yemen Rights Monitor", 1, 0),
            (C, "Russia", 1, 1),
            (F, "about 70", 1, 0),
            (T, "threatened with debts", 1, 0),
            (F, "$5,000", 1, 0),
            (F, "19", 2, 0),
            (T, "beaten", 2, 0),
            (T, "told their relatives back home would be harmed", 2, 0),
            (
                Q,
                "We went to earn money for our children, not to die in a war that has nothing to "
                "do with us,",
                3,
                0,
            ),
            (A, "Abdullah Nasser", 3, 0),
            (C, "Oman", 4, 0),
            (A, "Foreign Ministry", 4, 0),
            (A, "Minister of Expatriate Affairs Fatima al-Hakimi", 4, 0),
            (C, "Russia", 4, 0),
            (Q, "human trafficking dressed up as employment", 4, 0),
            (T, "human trafficking", 4, 0),
        ],
    },
]
