"""Pure text navigation for the edit session: sentences, paragraphs, quotations, names, numbers."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import pairwise

from annotator.records.tokenization import TokenIndex

SENTENCE_END = frozenset({".", "!", "?", "…", "..."})
CLOSERS = frozenset({"”", '"', "’", "'", ")", "]", "»"})
QUOTE_PAIRS = ("“”", '""', "‘’", "«»")
NAME_CONNECTORS = frozenset({"of", "the", "for", "de", "al", "bin", "von", "van", "del", "&", "-"})
LEADING_NON_NAMES = frozenset(
    {
        "The",
        "A",
        "An",
        "This",
        "That",
        "These",
        "Those",
        "In",
        "On",
        "At",
        "For",
        "But",
        "And",
        "If",
    }
)
FUNCTION_WORDS = frozenset(
    [
        "he",
        "she",
        "it",
        "they",
        "we",
        "you",
        "i",
        "his",
        "her",
        "its",
        "their",
        "our",
        "my",
        "your",
        "this",
        "that",
        "these",
        "those",
        "there",
        "here",
        "however",
        "meanwhile",
        "moreover",
        "furthermore",
        "instead",
        "still",
        "yet",
        "so",
        "also",
        "then",
        "now",
        "today",
        "yesterday",
        "recently",
        "earlier",
        "later",
        "last",
        "next",
        "some",
        "many",
        "most",
        "all",
        "both",
        "each",
        "every",
        "other",
        "another",
        "such",
        "few",
        "several",
        "no",
        "not",
        "more",
        "after",
        "before",
        "since",
        "while",
        "when",
        "where",
        "as",
        "although",
        "though",
        "despite",
        "during",
        "among",
        "according",
        "once",
        "until",
        "with",
        "without",
        "from",
        "by",
        "to",
        "of",
        "about",
        "under",
        "over",
        "into",
        "what",
        "who",
        "which",
        "why",
        "how",
        "one",
        "if",
        "but",
        "and",
        "or",
        "nor",
        "for",
        "in",
        "on",
        "at",
        "the",
        "a",
        "an",
    ]
)
POSSESSIVES = frozenset({"'s", "’s", "'", "’"})
NUMBER_WORDS = frozenset(
    [
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fifteen",
        "twenty",
        "thirty",
        "forty",
        "fifty",
        "sixty",
        "seventy",
        "eighty",
        "ninety",
        "hundred",
        "hundreds",
        "thousand",
        "thousands",
        "million",
        "millions",
        "billion",
        "billions",
        "dozen",
        "dozens",
        "double",
        "triple",
        "half",
        "twice",
    ]
)
NUMBER_QUALIFIERS = frozenset(
    [
        "nearly",
        "over",
        "about",
        "around",
        "almost",
        "some",
        "roughly",
        "approximately",
        "only",
        "up",
        "to",
        "at",
        "least",
        "more",
        "than",
        "fewer",
        "less",
        "under",
        "most",
        "some",
    ]
)
NUMBER_TAIL = frozenset({"%", "percent", "per", "cent"})
TIME_UNITS = frozenset(
    ["hour", "hours", "day", "days", "week", "weeks", "month", "months", "year", "years"]
)
MONTHS = frozenset(
    [
        "January",
        "February",
        "March",
        "April",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ]
)
ADJECTIVE_ENDINGS = ("ian", "ean", "yan", "ese", "ish", "ern", "can", "ani", "aqi", "eli", "shi")
CLAUSE_MARKS = frozenset({",", ";", ":", ".", "!", "?", "(", ")", "“", "”", '"', "—", "–", "…"})
NUMBER_JOINERS = frozenset({"to", "or", "and", "-", "–"})


class TextNav:
    """Token-level views of one document's text used by navigation and smart selections."""

    def __init__(self, text: str, index: TokenIndex) -> None:
        """Index the tokens once: their texts, line breaks before them, sentence starts."""
        self.text = text
        self.index = index
        self.starts = index.starts
        self.ends = index.ends
        self.words = [text[s:e] for s, e in zip(self.starts, self.ends, strict=True)]
        count = len(self.starts)
        self.newline_before = [
            i == 0 or "\n" in text[self.ends[i - 1] : self.starts[i]] for i in range(count)
        ]
        self.paragraph_starts = [i for i in range(count) if self.newline_before[i]]
        self.sentence_starts = self._sentence_starts()
        self.lower_words = frozenset(w for w in self.words if w.islower())
        self.headline = self._headline_tokens()
        self.opens_sentence = self._sentence_openers()
        self.body_names = frozenset(
            self.words[t]
            for t in range(count)
            if self.is_capitalised(t) and not self.opens_sentence[t] and not self.headline[t]
        )

    def _sentence_openers(self) -> list[bool]:
        """Per token, whether only punctuation (a bullet, a dash, a mark) stands before it in its sentence."""
        out = [False] * len(self.words)
        starts = set(self.sentence_starts)
        opening = False
        for t in range(len(self.words)):
            if t in starts or self.newline_before[t]:
                opening = True
            out[t] = opening
            if any(ch.isalnum() for ch in self.words[t]):
                opening = False
        return out

    def _headline_tokens(self) -> list[bool]:
        """Per token, whether it sits in a Title Case line (a headline or subheading)."""
        out = [False] * len(self.words)
        bounds = [*self.paragraph_starts, len(self.words)]
        for first, end in pairwise(bounds):
            words = [w for w in self.words[first:end] if w[:1].isalpha()]
            long_words = [w for w in words if len(w) > 3]
            if (
                len(words) >= 2
                and len(words) <= 14
                and all(w[0].isupper() for w in long_words)
                and self.words[end - 1] not in SENTENCE_END
            ):
                out[first:end] = [True] * (end - first)
        return out

    def is_common(self, token: int) -> bool:
        """Whether a capitalised word is an ordinary word (lower case elsewhere, or a function word)."""
        word = self.words[token]
        lower = word.lower()
        return word in LEADING_NON_NAMES or lower in FUNCTION_WORDS or lower in self.lower_words

    def is_name_word(self, token: int) -> bool:
        """Whether a capitalised token may be part of a name: not an ordinary word capitalised
        only because it opens a sentence or sits in a Title Case headline, nor a month or day."""
        if not self.is_capitalised(token) or self.words[token] in MONTHS:
            return False
        if self.headline[token]:
            return self.words[token] in self.body_names
        return not (self.opens_sentence[token] and self.is_common(token))

    def is_year(self, token: int) -> bool:
        """Whether a token is a bare year (a date, never a FIGURE)."""
        word = self.words[token]
        return len(word) == 4 and word.isdigit() and 1800 <= int(word) <= 2199

    def is_word(self, token: int) -> bool:
        """Whether a token holds a letter or digit (punctuation is no word)."""
        return any(ch.isalnum() for ch in self.words[token])

    def word_next(self, token: int) -> int | None:
        """The next word token after `token`."""
        for t in range(token + 1, len(self.words)):
            if self.is_word(t):
                return t
        return None

    def word_prev(self, token: int) -> int | None:
        """The previous word token before `token`."""
        for t in range(token - 1, -1, -1):
            if self.is_word(t):
                return t
        return None

    def clause_end(self, token: int) -> int | None:
        """The last word after `token` before the next punctuation mark or line break."""
        last = None
        for t in range(token + 1, len(self.words)):
            if self.words[t] in CLAUSE_MARKS or self.newline_before[t]:
                break
            if self.is_word(t):
                last = t
        return last

    def clause_start(self, token: int) -> int | None:
        """The first word before `token` after the previous punctuation mark or line break."""
        first = None
        for t in range(token - 1, -1, -1):
            if self.words[t] in CLAUSE_MARKS:
                break
            if self.is_word(t):
                first = t
            if self.newline_before[t]:
                break
        return first

    def __len__(self) -> int:
        """Number of tokens."""
        return len(self.starts)

    def _sentence_starts(self) -> list[int]:
        """Token indices that begin a sentence (after . ! ? and closing marks, or a line break)."""
        out: list[int] = []
        ended = True
        for i, word in enumerate(self.words):
            if self.newline_before[i] or (ended and word not in CLOSERS):
                out.append(i)
                ended = False
            if word in SENTENCE_END:
                ended = True
            elif word not in CLOSERS:
                ended = False
        return out or [0]

    @staticmethod
    def _next_in(starts: list[int], token: int) -> int | None:
        """First index in a sorted list after `token`."""
        i = bisect_right(starts, token)
        return starts[i] if i < len(starts) else None

    @staticmethod
    def _prev_in(starts: list[int], token: int) -> int | None:
        """Last index in a sorted list before `token`."""
        i = bisect_left(starts, token) - 1
        return starts[i] if i >= 0 else None

    def sentence_next(self, token: int) -> int | None:
        """Start of the next sentence."""
        return self._next_in(self.sentence_starts, token)

    def sentence_prev(self, token: int) -> int | None:
        """Start of the previous sentence (or this one's start if inside it)."""
        return self._prev_in(self.sentence_starts, token)

    def paragraph_next(self, token: int) -> int | None:
        """Start of the next paragraph."""
        return self._next_in(self.paragraph_starts, token)

    def paragraph_prev(self, token: int) -> int | None:
        """Start of the previous paragraph (or this one's start if inside it)."""
        return self._prev_in(self.paragraph_starts, token)

    def sentence_at(self, token: int) -> tuple[int, int]:
        """Inclusive token range of the sentence holding `token`."""
        i = bisect_right(self.sentence_starts, token) - 1
        first = self.sentence_starts[max(i, 0)]
        nxt = self.sentence_starts[i + 1] if i + 1 < len(self.sentence_starts) else len(self)
        return first, nxt - 1

    def quote_around(self, token: int, window: int = 4000) -> tuple[int, int] | None:
        """Tokens between the quotation marks around (or starting at) `token`, marks excluded."""
        if not len(self):
            return None
        pos = self.starts[token]
        lo = max(0, pos - window)
        best: tuple[int, int] | None = None
        for pair in QUOTE_PAIRS:
            opener, closer = pair[0], pair[1]
            open_at = self._find_opener(pos, lo, opener, closer)
            if open_at is None:
                continue
            close_at = self.text.find(closer, open_at + 1, open_at + 1 + 2 * window)
            if close_at < 0 or (close_at < pos and self.text[pos] != closer):
                continue
            if best is None or open_at > best[0]:
                best = (open_at, close_at)
        if best is None:
            return None
        return self.index.tokens_within(best[0] + 1, best[1])

    def _find_opener(self, pos: int, lo: int, opener: str, closer: str) -> int | None:
        """Offset of the opening mark whose quotation holds `pos`, if any."""
        text = self.text
        if opener != closer:
            if text[pos] == opener:
                return pos
            at = text.rfind(opener, lo, pos)
            if at < 0:
                return None
            shut = text.find(closer, at + 1, pos)
            return at if shut < 0 else None
        para = text.rfind("\n", lo, pos) + 1
        marks = [m.start() for m in re.finditer(re.escape(opener), text[para:pos])]
        if text[pos] == opener and len(marks) % 2 == 0:
            return pos
        return para + marks[-1] if len(marks) % 2 == 1 else None

    def is_capitalised(self, token: int) -> bool:
        """Whether a token starts with an upper-case letter."""
        word = self.words[token]
        return bool(word) and word[0].isupper()

    def is_numeric(self, token: int) -> bool:
        """Whether a token is a number (digits or a number word)."""
        word = self.words[token]
        return any(ch.isdigit() for ch in word) or word.lower() in NUMBER_WORDS

    def name_run(self, token: int) -> tuple[int, int] | None:
        """The capitalised name run holding `token` (connectors like 'of the' allowed inside)."""
        if not self.is_capitalised(token):
            return None
        first = token
        while first > 0 and not self.newline_before[first]:
            prev = first - 1
            if self.is_capitalised(prev):
                first = prev
            elif self.words[prev] in NAME_CONNECTORS and prev > 0 and self.is_capitalised(prev - 1):
                first = prev - 1
            else:
                break
        last = token
        count = len(self)
        while last + 1 < count and not self.newline_before[last + 1]:
            nxt = last + 1
            if self.is_capitalised(nxt):
                last = nxt
            elif self.words[nxt] in NAME_CONNECTORS:
                j = nxt
                while j < count and self.words[j] in NAME_CONNECTORS:
                    j += 1
                if j < count and self.is_capitalised(j) and not self.newline_before[j]:
                    last = j
                else:
                    break
            else:
                break
        while first < token and self.words[first] in LEADING_NON_NAMES:
            first += 1
        return first, last

    def number_run(self, token: int) -> tuple[int, int] | None:
        """The quantity holding `token`: numbers, number words and leading qualifiers."""
        count = len(self)
        core = token
        while core < count and not self.is_numeric(core):
            if self.words[core].lower() not in NUMBER_QUALIFIERS or core - token > 3:
                return None
            core += 1
        if core >= count:
            return None
        last = core
        while last + 1 < count:
            nxt = self.words[last + 1].lower()
            if self.is_numeric(last + 1) or nxt in NUMBER_TAIL or nxt in TIME_UNITS:
                last += 1
            elif nxt in NUMBER_JOINERS and last + 2 < count and self.is_numeric(last + 2):
                last += 2
            else:
                break
        first = core
        while (
            first > 0
            and not self.newline_before[first]
            and (self.is_numeric(first - 1) or self.words[first - 1].lower() in NUMBER_QUALIFIERS)
        ):
            first -= 1
        return first, last

    def candidate_at(self, token: int) -> tuple[int, int, str] | None:
        """A likely span starting at `token`: (first, last, kind) for a quote, name or number."""
        word = self.words[token]
        if any(word == pair[0] for pair in QUOTE_PAIRS) and token + 1 < len(self):
            quoted = self.quote_around(token)
            if quoted is not None and quoted[0] == token + 1:
                return (*quoted, "quote")
        run = self.number_run(token)
        if run is not None and run[0] == token and not (run[0] == run[1] and self.is_year(token)):
            return (*run, "number")
        run = self.name_candidate(token)
        return (*run, "name") if run is not None else None

    def name_candidate(self, token: int) -> tuple[int, int] | None:
        """A name run starting at `token`, of name words only; nationality adjectives left out."""
        if not self.is_name_word(token):
            return None
        if token > 0 and not self.newline_before[token] and self.is_name_word(token - 1):
            return None
        run = self.name_run(token)
        if run is None:
            return None
        last = token
        while last < run[1] and (self.is_name_word(last + 1) or not self.is_capitalised(last + 1)):
            last += 1
        while last > token and not self.is_capitalised(last):
            last -= 1
        after = last + 1
        if (
            self.words[last].endswith(ADJECTIVE_ENDINGS)
            and after < len(self.words)
            and self.words[after].islower()
        ):
            return None
        return token, last

    def name_or_number(self, token: int) -> tuple[int, int] | None:
        """The quantity at `token` if there is one, else the capitalised name run."""
        return self.number_run(token) or self.name_run(token)

    def search(self, pattern: str) -> list[tuple[int, int]]:
        """Token ranges of a regex's matches (smart case); re.error for a bad pattern."""
        flags = 0 if any(ch.isupper() for ch in pattern) else re.IGNORECASE
        regex = re.compile(pattern, flags)
        out: list[tuple[int, int]] = []
        for match in regex.finditer(self.text):
            if match.end() == match.start():
                continue
            found = self.index.snap(match.start(), match.end())
            if found is not None and (not out or out[-1] != found):
                out.append(found)
        return out
