"""Character tables for :mod:`dedup.text`: scripts without spaces, marks, invisibles, quotes."""

from __future__ import annotations

import re
import unicodedata

# Scripts written without spaces between words: each character becomes one token.
NOSPACE = (
    "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u19e0-\u19ff\u3040-\u30fa\u30fc-\u30ff"
    "\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ua9e0-\ua9ff\uaa60-\uaa7f"
    "\U00020000-\U0003134f"
)


def _char_classes() -> tuple[str, str]:
    """Regex class bodies: combining marks of the BMP (astral ones would make regex character
    sets slow), and invisible characters (control or format, not whitespace)."""
    runs: tuple[list[list[int]], list[list[int]]] = ([], [])
    for cp in (*range(0x10000), *range(0x1BCA0, 0x1BCA4), *range(0x1D173, 0x1D17B),
               *range(0xE0000, 0xE0080)):  # fmt: skip
        cat = unicodedata.category(chr(cp))
        if cat[0] == "M" and cp < 0x10000:
            which = runs[0]
        elif cat in ("Cc", "Cf") and not chr(cp).isspace():
            which = runs[1]
        else:
            continue
        if which and which[-1][1] == cp - 1:
            which[-1][1] = cp
        else:
            which.append([cp, cp])
    marks, invisible = (
        "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in r)
        for r in runs
    )
    return marks, invisible


MARKS, INVISIBLE = _char_classes()

# Typographic quotes, primes and dashes, and their ASCII comparison form.
ASCII_FORM = (
    dict.fromkeys("\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033\u2036\u301d\u301e\u301f", '"')
    | dict.fromkeys("\u2018\u2019\u201a\u201b\u2039\u203a\u2032\u2035`\u00b4", "'")
    | dict.fromkeys(
        "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e3a\u2e3b\u2e17\u2e1a\u2e40\u058a"
        "\u05be\u1400\u1806\ufe58\ufe63\uff0d",
        "-",
    )
)

# Opening quotation marks and the marks that close them (German „…“, French «…», Danish »…«).
QUOTE_PAIRS = {
    "\u201c": "\u201d", "\u201e": "\u201c\u201d", "\u201f": "\u201d", "\u00ab": "\u00bb",
    "\u00bb": "\u00ab", "\u2018": "\u2019", "\u201a": "\u2018\u2019", "\u201b": "\u2019",
    "\u2039": "\u203a", "\u203a": "\u2039", "\u300c": "\u300d", "\u300e": "\u300f",
    '"': '"', "'": "'", "\u201d": "\u201d",
}  # fmt: skip

# Marks that open and close alike (or double as apostrophes): they need context to be read.
SYMMETRIC_QUOTES = frozenset("\"'\u2019\u201d")
