"""The one sanitiser: every code point shown one for one, nothing unsafe left."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from annotator.display import safe_char, safe_lines, safe_text


@given(st.text())
def test_display_safe_text_is_each_code_point_made_safe_and_keeps_offsets(text):
    shown = safe_text(text)
    assert shown == "".join(safe_char(ch) for ch in text)
    assert len(shown) == len(text)
    unsafe = ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")
    assert not any(unicodedata.category(ch) in unsafe for ch in shown)


def test_display_escape_sequences_and_invisible_characters_become_visible_symbols():
    assert safe_text("a\x1b[2Jb") == "a␛[2Jb"
    assert safe_text("x\u202ey") == "x·y"  # a right-to-left override would reorder the line
    assert safe_text("→ “Kenya” 🇺🇦") == "→ “Kenya” 🇺🇦"  # printable text is kept as is
    assert safe_lines("one\x07\ntwo") == "one␇\ntwo"
