"""Word lists of the pattern rules: numbers, dates, tactics, titles, organisations, places."""

from __future__ import annotations

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
