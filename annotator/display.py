"""The one sanitiser for text from data shown anywhere (terminal screens and CLI messages).

Labels, span texts, file names and messages that quote them can hold escape sequences, other
control characters and invisible format characters. Shown raw, they would move the cursor, set
the terminal's title or hide text. Each unsafe code point becomes one visible symbol, so the
shown text keeps the offsets of the original.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache


@lru_cache(maxsize=4096)
def safe_char(ch: str) -> str:
    """One code point as one harmless printable character (controls become U+2400 pictures)."""
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    if 0x80 <= code < 0xA0:
        return "\ufffd"
    category = unicodedata.category(ch)
    if category in ("Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
        return "\u00b7"
    return ch


def safe_text(text: str) -> str:
    """Replace every unsafe code point, one for one, so display offsets equal text offsets."""
    if text.isprintable():  # no control, format, surrogate, private, unassigned or separator
        return text
    return "".join(safe_char(ch) for ch in text)


def safe_lines(text: str) -> str:
    """`safe_text` of each line, keeping the line breaks of a message that has several."""
    if text.isprintable():
        return text
    return "\n".join(safe_text(line) for line in text.split("\n"))
