"""Paragraphs, sentences, quotations and comparison tokens of news text.

Pure functions on ``str``; every span is a ``(start, end)`` pair of offsets into the original
string, so ``text[start:end]`` is the piece exactly as written.  All functions run in linear
time (compiled regexes and fast searches, Python work only per line break, stop character or
quote mark).

Paragraph rule: a blank line, a page or paragraph separator, or a line break followed by
indentation or a list bullet always ends a paragraph.  In hard-wrapped text (lines of about equal
length, at most 100 characters) a line break ends one only after a short line.  Otherwise a
single line break ends one (headlines, list items) unless the line reads as wrapped: it does not
end in ``.!?…:`` and the next line starts in lower case, or it ends in ``,;(-&/``, a dash or a
function word (``the``, ``of``...).
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence

from dedup import _abbreviations as _ab
from dedup import _unicode as _u
from dedup.article import Sentence

__all__ = [
    "MAX_SENTENCE_CHARS",
    "normalize",
    "quoted_spans",
    "sentence_spans",
    "split_paragraphs",
    "split_sentences",
    "token_line",
    "token_lines",
    "tokenize",
]

MAX_SENTENCE_CHARS = 1000
"""Longest sentence returned; longer runs are cut at their last whitespace (or hard) so that
later stages never see unbounded sentences from text without punctuation."""

_OTHER_BREAKS = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"  # line breaks besides "\n"
_LB = f"(?:\r\n|[\n{_OTHER_BREAKS}])"
_LB_RE = re.compile(_LB)
# a line break and the whitespace after it; "\r\n" needs no branch of its own (\s* takes the
# "\n"), and a pattern that starts with a character set is scanned for it in C, 2-3x faster
_BREAK = re.compile(f"[\n{_OTHER_BREAKS}]\\s*")
_NEWLINE = re.compile(r"\n\s*")  # _BREAK in a text whose only line break is "\n"
_HARD_SEP = re.compile(r"[\x0c\x1c-\x1e\u2029]|" + _LB + r"\s*" + _LB)  # blank line, separator
_WS = re.compile(r"\s*")
_BULLET = re.compile(r"[-*\u2022\u25cf\u25aa\u2013\u2014]\s|\d{1,3}[.)]\s")
_CUT = re.compile(r"(?s).*\S(?=\s)")  # longest prefix ending just before whitespace
_JOIN_AFTER = frozenset(",;(-\u2010\u2013\u2014&/")
_FINAL = frozenset(".!?\u2026:\u3002\uff01\uff1f")

_CJK_STOPS = frozenset("\u3002\uff01\uff1f\uff61")
_STOP_CHARS = ".!?\u2026\u203c\u2047\u2048\u2049\u0964\u0965\u061f\u06d4\u0589\uff0e" + "".join(
    sorted(_CJK_STOPS)
)
_STOPS = f"[{re.escape(_STOP_CHARS)}]"
_ASCII_STOPS = "".join(c for c in _STOP_CHARS if c.isascii())
# "[stops][stops]*", not "[stops]+": a leading set is scanned for in C; a full stop between two
# digits (3.5) is never a candidate (a fifth of all in news text; the rules would reject it)
_CANDIDATE = re.compile(
    rf"(?P<p>{_STOPS}{_STOPS}*)(?!(?<=\d\.)\d)(?P<q>[)\]}}\"'\u201d\u2019\u00bb\u203a\u300d\u300f\uff09]*)(?![a-z])"
)
_NEXT = re.compile(r"\s+([\"'\u201c\u2018\u00ab\u201e\u201a(\[]*)([^\W_]*)")
_DOTTED = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")  # U.S, a.m, J.R.R
_TERMINAL = re.compile(r"[.!?]")
_OPENERS = "\"'\u201c\u2018\u00ab\u201e\u201a\u2039(["


def _skip_space(text: str, pos: int, end: int | None = None) -> int:
    """The first position at or after ``pos`` that is not whitespace (or ``end``)."""
    end = len(text) if end is None else end
    if pos + 1 < end and text[pos] == " " and not text[pos + 1].isspace():
        return pos + 1  # one space, as most often: no regex
    m = _WS.match(text, pos, end)
    return m.end() if m else pos


@functools.lru_cache(maxsize=4)
def _paragraphs(text: str, start: int) -> tuple[tuple[int, int], ...]:
    """``split_paragraphs``, remembered for the last few texts: sentences and quotes of one
    article both need its paragraphs."""
    return tuple(split_paragraphs(text, start))


def split_paragraphs(text: str, start: int = 0) -> list[tuple[int, int]]:
    """Return whitespace-trimmed ``(start, end)`` spans of the paragraphs of ``text[start:]``.

    >>> t = "Headline\\n\\nFirst line\\ncontinues here. Next.\\nNew paragraph"
    >>> [t[a:b] for a, b in split_paragraphs(t)]
    ['Headline', 'First line\\ncontinues here. Next.', 'New paragraph']
    """
    spans = []
    lo = _skip_space(text, start)
    for gap_start, gap_end in _paragraph_breaks(text, lo):
        end = lo + len(text[lo:gap_start].rstrip())
        if end > lo:
            spans.append((lo, end))
        lo = gap_end
    end = lo + len(text[lo:].rstrip())
    if lo < end:
        spans.append((lo, end))
    return spans


def _paragraph_breaks(text: str, lo: int) -> list[tuple[int, int]]:
    """Spans of the line breaks of ``text[lo:]`` (with the whitespace after them) that end a
    paragraph."""
    # "\n" is found by a fast search for one character, a set of them only by trying each
    found = _BREAK if any(c in text for c in _OTHER_BREAKS) else _NEWLINE
    matches = list(found.finditer(text, lo))
    if all(map(_hard_gap, {m.group() for m in matches})):  # blank lines only, as in most news
        return [m.span() for m in matches]
    breaks = []
    paragraph = line = lo
    width = _wrap_width(text, lo)
    for m in matches:
        if not (m.end() < len(text) and _soft_break(text, paragraph, m, m.start() - line, width)):
            breaks.append(m.span())
            paragraph = m.end()
        line = m.end()
    return breaks


@functools.lru_cache(maxsize=256)
def _hard_gap(gap: str) -> bool:
    """Whether a line break and the whitespace after it end a paragraph whatever the lines
    around: a blank line, a separator, an indent."""
    if len(gap) <= 1:
        return False
    indent = _LB_RE.split(gap)[-1]
    return bool(_HARD_SEP.search(gap)) or len(indent) > 1 or "\t" in indent


def _wrap_width(text: str, lo: int) -> int:
    """The line width if the text reads as hard-wrapped (its first 200 lines, all but a quarter
    of them at least 3/4 as long as the longest, itself at most 100 characters), else 0."""
    lengths = []
    for m in itertools.islice(_BREAK.finditer(text, lo), 200):
        if not _HARD_SEP.search(m.group()):
            lengths.append(m.start() - lo)
        lo = m.end()
    width = max(lengths, default=101)
    if (
        len(lengths) < 4
        or width > 100
        or sum(4 * n < 3 * width for n in lengths) * 4 > len(lengths)
    ):
        return 0
    return width


def _soft_break(text: str, lo: int, m: re.Match[str], line: int, width: int) -> bool:
    """Whether the line break ``m`` (ending a line of length ``line``) is a hard wrap inside the
    paragraph starting at ``lo``; ``width`` is the wrap width of hard-wrapped text, else 0."""
    if _hard_gap(m.group()):
        return False
    if _BULLET.match(text, m.end()):
        return False
    if width:  # hard-wrapped text: only a short line ends a paragraph
        return 5 * line >= 3 * width
    tail = text[max(lo, m.start() - 16) : m.start()].rstrip()
    if not tail or tail[-1] in _FINAL:
        return False
    if text[m.end()].islower() or tail[-1] in _JOIN_AFTER:
        return True
    return tail.rsplit(None, 1)[-1] in _ab.LINE_CONTINUES


def split_sentences(text: str, start: int = 0) -> list[Sentence]:
    """Split ``text[start:]`` into sentences; each span is trimmed and slices back exactly.

    >>> t = 'Mr. Smith paid $1.2 billion. "It is a crime," he said.It ended.'
    >>> [t[s.start : s.end] for s in split_sentences(t)]
    ['Mr. Smith paid $1.2 billion.', '"It is a crime," he said.', 'It ended.']
    """
    spans = sentence_spans(text, start)
    return [Sentence(i, *spans[i]) for i in range(len(spans))]


def sentence_spans(text: str, start: int = 0) -> list[tuple[int, int, int]]:
    """``(start, end, paragraph)`` of each sentence of ``split_sentences``, without making
    ``Sentence`` objects (the form ``prepare`` stores).

    >>> sentence_spans("One. Two.\\n\\nThree.")
    [(0, 4, 0), (5, 9, 0), (11, 17, 1)]
    """
    stops = _positions(text, _ASCII_STOPS if text.isascii() else _STOP_CHARS, start)
    spans: list[tuple[int, int, int]] = []
    next_stop = 0  # paragraphs and stops both ascend
    for number, (lo, hi) in enumerate(_paragraphs(text, start)):
        while next_stop < len(stops) and stops[next_stop] < lo:
            next_stop += 1
        begin = resume = lo
        # each match of _CANDIDATE.finditer(text, lo, hi), found from the stops: a match
        # starts at one, and one followed by a space (most of them) is the match by itself
        while next_stop < len(stops) and (at := stops[next_stop]) < hi:
            next_stop += 1
            if at < resume:
                continue  # inside the last match: "...", "?!"
            after = at + 1
            if after >= hi:
                break  # the paragraph's last character: it ends the last sentence anyway
            closers_at = after
            if text[after] != " ":
                m = _CANDIDATE.match(text, at, hi)
                if m is None:
                    continue
                closers_at, after = m.start("q"), m.end()
                if after >= hi:
                    break
            resume = after
            cut = _boundary(text, at, closers_at, after, begin, hi)
            if cut is not None:
                _add_bounded(spans, text, begin, cut, number)
                begin = _skip_space(text, cut, hi)
        _add_bounded(spans, text, begin, hi, number)
    return spans


def _add_bounded(
    spans: list[tuple[int, int, int]], text: str, lo: int, hi: int, paragraph: int
) -> None:
    """Add the trimmed span ``text[lo:hi]`` of ``paragraph`` to ``spans``, cut into pieces of
    at most MAX_SENTENCE_CHARS."""
    if 0 < hi - lo <= MAX_SENTENCE_CHARS:  # as almost always: nothing to cut
        spans.append((lo, hi, paragraph))
    else:
        spans += ((a, b, paragraph) for a, b in _bounded(text, lo, hi))


def _positions(text: str, chars: str, start: int) -> list[int]:
    """The offsets, ascending, at or after ``start`` of every one of ``chars`` in ``text``: a
    fast search for each character (a regex of a set of them tries every offset in turn, about
    4x slower on news text)."""
    found: list[int] = []
    for char in chars:
        at = text.find(char, start)
        while at >= 0:
            found.append(at)
            at = text.find(char, at + 1)
    found.sort()
    return found


def _bounded(text: str, lo: int, hi: int) -> Iterator[tuple[int, int]]:
    """Cut the trimmed span ``text[lo:hi]`` into pieces of at most MAX_SENTENCE_CHARS."""
    while hi - lo > MAX_SENTENCE_CHARS:
        m = _CUT.match(text, lo, lo + MAX_SENTENCE_CHARS + 1)
        cut = m.end() if m else lo + MAX_SENTENCE_CHARS
        yield lo, cut
        lo = _skip_space(text, cut, hi)
    if hi > lo:
        yield lo, hi


def _previous_word(text: str, begin: int, pos: int) -> str:
    """The whitespace-delimited word ending at ``pos`` (at most 40 characters), openers stripped."""
    seg = text[max(begin, pos - 40) : pos]
    if not seg or seg[-1].isspace():
        return ""
    return seg.rsplit(None, 1)[-1].lstrip(_OPENERS)


@functools.lru_cache(maxsize=1 << 14)
def _abbreviation(word: str) -> str:
    """Classify the word before a full stop: 'never', 'number', 'maybe' or '' (an ordinary word)."""
    if word in _ab.NEVER_FINAL or word.lower() in _ab.NEVER_FINAL_LOWER:
        return "never"
    if word in _ab.BEFORE_NUMBER:
        return "number"
    if (
        (len(word) == 1 and word.isupper())
        or word in _ab.MAYBE_FINAL
        or ("." in word and _DOTTED.fullmatch(word))
    ):
        return "maybe"
    return ""


def _boundary(text: str, at: int, closers_at: int, after: int, begin: int, hi: int) -> int | None:
    """Where the sentence ends if the candidate ``text[at:after]`` ends it (its stops, then
    from ``closers_at`` its closing marks), else None."""
    punct, closers = text[at:closers_at], text[closers_at:after]
    if not _CJK_STOPS.isdisjoint(punct):
        return after
    if at == begin:
        return None  # a sentence does not end in its first character: "... To all who"
    word = _previous_word(text, begin, at)
    kind = _abbreviation(word) if punct == "." and not closers else ""
    if not text[after].isspace():
        return _glued_boundary(text, closers_at, after, begin, word, kind)
    if kind != "maybe" and text[after] == " " and after + 1 < hi and "A" <= text[after + 1] <= "Z":
        return None if kind == "never" else after  # one space, then a capital: no opener
    nm = _NEXT.match(text, after, hi)
    opener, nxt = (nm.group(1), nm.group(2)) if nm else ("", "")
    if not opener and nxt[:1].islower():
        return None
    if kind == "never" or (kind == "number" and nxt[:1].isdigit()):
        return None
    if kind == "maybe" and not opener and nxt not in _ab.SENTENCE_STARTERS:
        return None
    return after


def _glued_boundary(
    text: str, closers_at: int, after: int, begin: int, word: str, kind: str
) -> int | None:
    """Decide a candidate followed directly by a non-space (``it.The``, ``said."We``); its
    closing marks run from ``closers_at`` to ``after``."""
    first = text[after]
    if first.isdigit() or first == "-":
        if not (word[-2:].isalpha() and word[-1].islower()):
            return None  # 3.5, v2.0.1; but "the scenes.50 Cent", "it.- Next item"
    elif not (first.isupper() or first in "\u201c\u2018\u00ab\u201e"):
        return None
    if kind in ("never", "number") or (kind and not word.isalpha()) or len(word) == 1:
        return None  # Mr.Smith, U.S.Army, J.R.Tolkien; but Co.Zurich splits
    if not word or word.lower().startswith("www") or "://" in word or "@" in word:
        return None
    if word.startswith("<") and ">" in text[after : after + 16].split(None, 1)[0]:
        return None  # a wire-service instrument code: <DAIG.F>, <BP.L>
    if "@" in text[after : after + 40].split(None, 1)[0]:
        return None  # an e-mail address
    closers = text[closers_at:after]
    if '"' in closers:
        k = closers_at + closers.rindex('"')
        if closers.count('"') > 1 or _opens_quote(text, begin, k):
            return k  # the last quote mark opens the next sentence
    return after


def _opens_quote(text: str, begin: int, pos: int) -> bool:
    """Whether the ASCII quote at ``pos`` glued between two sentences opens the second one."""
    even_before = text.count('"', begin, pos) % 2 == 0
    stop = _TERMINAL.search(text, pos + 1, pos + 400)
    odd_after = text.count('"', pos + 1, stop.start() if stop else pos + 400) % 2 == 1
    return even_before or odd_after


_TOKEN = re.compile(rf"[\w{_u.MARKS}]+(?:'[\w{_u.MARKS}]+)*")
_NOSPACE = re.compile(f"[{_u.NOSPACE}]")
_INVISIBLE = re.compile(f"[{_u.INVISIBLE}]+")
_TYPOGRAPHIC = re.compile(f"[{''.join(_u.ASCII_FORM)}]")
_ASCII_INVISIBLE = re.compile(r"[\x00-\x08\x0e-\x1b\x7f]+")


def normalize(text: str) -> str:
    """Comparison form: NFKC, ASCII quotes and dashes, no invisible characters, casefolded,
    one space between words.

    >>> normalize("  \\u201cIllinois\\u2019 \\u2014 U.S.\\u201d\\u200b\\n")
    '"illinois\\' - u.s."'
    >>> normalize("``Quoted''")
    '"quoted"'
    """
    if text.isascii():  # a fast path: ASCII is NFKC already and casefolds to lower()
        text = _ASCII_INVISIBLE.sub("", text).lower().replace("`", "'")
    else:
        text = _INVISIBLE.sub("", text)
        text = _nfkc_casefold(text)
        text = _TYPOGRAPHIC.sub(_ascii_form, text)
    return " ".join(text.replace("''", '"').split())


def _ascii_form(m: re.Match[str]) -> str:
    return _u.ASCII_FORM[m.group()]


def tokenize(text: str) -> list[str]:
    """Word tokens of ``normalize(text)``: runs of letters, digits and marks.

    An apostrophe inside a word is kept (``don't``); apostrophes at word edges are dropped, so
    ``Illinois\u2019``, ``Illinois'`` and ``Illinois`` compare equal.  Each character of a script
    written without spaces (Chinese, Japanese kana, Thai, Lao, Khmer, Myanmar) is one token.

    >>> tokenize("Illinois\\u2019 well-known DON\\u2019T 3.5%")
    ['illinois', 'well', 'known', "don't", '3', '5']
    >>> tokenize("東京で")
    ['東', '京', 'で']
    """
    text = normalize(text).replace("_", " ")
    if not text.isascii() and _NOSPACE.search(text):
        text = _NOSPACE.sub(r" \g<0> ", text)
    return _TOKEN.findall(text)


_ASCII_DELETED = bytes([*range(0x00, 0x09), *range(0x0E, 0x1C), 0x7F])
_SEPARATORS = bytes(  # all ASCII but letters, digits and apostrophes become spaces
    c if c > 0x7F or chr(c) in "abcdefghijklmnopqrstuvwxyz0123456789'" else 0x20 for c in range(256)
)
# in text translated for tokens (word characters, apostrophes, spaces), an apostrophe that does
# not join two words; it starts with the apostrophe: a fast search (a third of the time of
# finding the tokens with a regex)
_EDGE_APOSTROPHE = re.compile(r"'(?:(?<![^\s']')|(?![^\s']))")


def token_line(text: str) -> str:
    """The tokens of ``text`` joined by single spaces: ``" ".join(tokenize(text))``, with a
    faster path for ASCII text (a sentence's "line").

    >>> token_line("Don't `quote'' me_on THIS, 3.5%")
    "don't quote me on this 3 5"
    """
    if not text.isascii():
        return " ".join(tokenize(text))
    # as bytes: a 256-entry table translates many times faster than str.translate's dict
    data = text.encode("ascii").lower().translate(None, _ASCII_DELETED)
    data = data.replace(b"`", b"'").replace(b"''", b'"').translate(_SEPARATORS)
    return _joined_tokens(data.decode("ascii"))


def _joined_tokens(translated: str) -> str:
    """The tokens of text already translated by ``_translated`` (letters, digits and marks
    normalised, apostrophes kept, all else spaces), joined by single spaces: only apostrophes
    (kept inside a word, dropped at its edges) need the regex; otherwise the tokens are the
    runs between spaces."""
    if "'" in translated:  # an apostrophe not between two word characters parts tokens
        translated = _EDGE_APOSTROPHE.sub(" ", translated)
    return " ".join(translated.split())


def token_lines(text: str, spans: Iterable[Sequence[int]]) -> list[str]:
    """``token_line`` of each ``text[start:end]`` (each span starts ``start, end``: the
    triples of ``sentence_spans`` will do), translating the text once for all its spans rather
    than normalising each span (about a quarter faster on ASCII news text, twice as fast with
    curly quotes).

    >>> token_lines("Don\u2019t panic. The BRIDGE shut.", [(0, 12), (13, 29)])
    ["don't panic", 'the bridge shut']
    """
    translated = _translated(text)
    if translated is None:
        return [token_line(text[span[0] : span[1]]) for span in spans]
    return [_joined_tokens(translated[span[0] : span[1]]) for span in spans]


def _translated(text: str) -> str | None:
    """``text`` with each character replaced by its one-character form in the tokens
    (``_token_form``), or None when normalising would not keep every offset (or a character
    of the text stands for one beyond Latin-1: Greek, Cyrillic... take the slower way)."""
    for char in () if text.isascii() else set(_NON_ASCII.findall(text)):  # a handful
        form = _token_form(char)
        if form is None or form > "\xff":
            return None
        if form != char:
            text = text.replace(char, form)
    # as bytes: a 256-entry table translates many times faster than str.translate's dict
    data = text.encode("latin-1").lower()  # lowers ASCII letters only: the others are forms
    if b"`" in data or b"''" in data or len(data.translate(None, _ASCII_DELETED)) < len(data):
        return None  # normalize turns these into fewer characters
    return data.translate(_SEPARATORS).decode("latin-1")


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


@functools.lru_cache(maxsize=1 << 14)
def _token_form(char: str) -> str | None:
    """What ``char`` stands for in ``tokenize``'s view of a text: its normalised letter,
    digit or mark, an apostrophe, or a space for any other character; None when normalising
    may not keep it one character whatever its neighbours (it decomposes, vanishes, composes
    with a neighbour, or belongs to a script written without spaces).

    >>> [_token_form(c) for c in "\u00c2\u00a3\u2019\u2014_\u00df"]
    ['\u00e2', ' ', "'", ' ', ' ', None]
    """
    form = _TYPOGRAPHIC.sub(_ascii_form, _nfkc_casefold(char))
    for one in (char, form):
        if (
            len(one) != 1
            or _NOSPACE.match(one)
            or _INVISIBLE.match(one)
            or unicodedata.category(one)[0] == "M"
            or "\u1100" <= one <= "\u11ff"  # Hangul jamo compose with their neighbours
        ):
            return None
    if form == "'":
        return form
    return form if form != "_" and _TOKEN.fullmatch(form) else " "


def _nfkc_casefold(text: str) -> str:
    """The Unicode part of ``normalize``: NFKC, casefolded, NFKC again."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())


_ONE_FOR_ONE = str.maketrans(_u.ASCII_FORM)  # typographic quotes and dashes: one ASCII character


def token_spans(text: str) -> list[tuple[int, int]] | None:
    """Character spans of the tokens of ``text``, one per token of ``tokenize(text)``; ``None``
    when normalising changes how the text breaks into tokens (spaceless scripts, underscores).

    >>> text = "Shares \u2018rose\u2019 3.5%, the\u00a0CEO said"
    >>> [text[a:b] for a, b in token_spans(text)]
    ['Shares', 'rose', '3', '5', 'the', 'CEO', 'said']
    >>> token_spans("snake_case") is None
    True
    """
    spans = [m.span() for m in _TOKEN.finditer(text.translate(_ONE_FOR_ONE))]
    if [normalize(text[a:b]) for a, b in spans] != tokenize(text):
        return None
    return spans


_QUOTE_CHARS = "".join(sorted({*_u.QUOTE_PAIRS, *"".join(_u.QUOTE_PAIRS.values())}))
_ASCII_QUOTES = "".join(c for c in _QUOTE_CHARS if c.isascii())


def quoted_spans(text: str, start: int = 0) -> list[tuple[int, int]]:
    """Return trimmed spans of text inside quotation marks (marks excluded), in order.

    Nested quotes lie inside their outer span.  A quote left open ends with its paragraph; a
    paragraph that continues it starts with an opening mark, which opens it again.

    >>> t = "He said \u201cwe\u2019ll win\u201d and \u2018left\u2019.\\n\\n\u201cUnclosed"
    >>> [t[a:b] for a, b in quoted_spans(t)]
    ['we\u2019ll win', 'left', 'Unclosed']
    """
    marks = _positions(text, _ASCII_QUOTES if text.isascii() else _QUOTE_CHARS, start)
    spans = []
    next_mark = 0  # paragraphs and marks both ascend
    for lo, hi in _paragraphs(text, start):
        closers, begin = "", 0
        while next_mark < len(marks) and marks[next_mark] < lo:
            next_mark += 1
        while next_mark < len(marks) and (i := marks[next_mark]) < hi:
            next_mark += 1
            mark = text[i]
            before = text[i - 1] if i > lo else " "
            after = text[i + 1] if i + 1 < hi else " "
            symmetric = mark in _u.SYMMETRIC_QUOTES  # straight quotes, right marks
            if symmetric and before.isalnum() and after.isalnum():
                continue  # an apostrophe
            if closers:
                if mark in closers and not (symmetric and before.isspace()):
                    spans.append((begin, i))
                    closers = ""
            elif mark in _u.QUOTE_PAIRS and not (
                symmetric and (after.isspace() or before.isalnum())
            ):
                closers, begin = _u.QUOTE_PAIRS[mark], i + 1
        if closers:
            spans.append((begin, hi))
    return [span for a, b in spans if (span := _trim(text, a, b))[0] < span[1]]


def _trim(text: str, lo: int, hi: int) -> tuple[int, int]:
    """``(lo, hi)`` with surrounding whitespace removed."""
    piece = text[lo:hi]
    stripped = piece.lstrip()
    lo += len(piece) - len(stripped)
    return lo, lo + len(stripped.rstrip())
