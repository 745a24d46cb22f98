"""Seeded synthetic syndication corpus built on real base text, with exact sentence gold.

Each target document glues a copied passage of a source document, edited at one level, between
paragraphs of unrelated filler text. Sources are dated before their copies, so the direction of
every copy is known. The base texts are supplied by the caller (Reuters bodies read at run time);
nothing here stores or ships corpus text.

>>> words = "one two three four five six seven eight nine ten".split()
>>> edit_words("alpha beta gamma delta.", 0.0, random.Random(0), words)
'alpha beta gamma delta.'
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass

from benchmarks.metrics import GoldPair, Span

LEVELS = (
    "verbatim",
    "edit05",
    "edit15",
    "edit30",
    "shuffled",
    "restyled",
    "cut",
    "glued",
)
"""Edit levels: verbatim copy; 5/15/30 % of words substituted, deleted or inserted; sentence
order shuffled; punctuation, case and quote style changed; cut mid-sentence inside a paragraph;
glued to the filler without any whitespace."""

EDIT_RATES = {"edit05": 0.05, "edit15": 0.15, "edit30": 0.30}
MIN_GOLD_WORDS = 5
"""Copied sentences with fewer words are optional gold: not required for recall."""

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(A-Z0-9])")
_TERMINAL = re.compile(r"[.!?][\"')\]]*$")
_BASE = dt.date(1987, 1, 1)
_SIGN_OFF = re.compile(r"\s*\bReuter\s*$", re.I)
_TEMPLATED = re.compile(r"\b(shr|qtr|qtly|mths|cts)\b", re.I)


@dataclass(frozen=True, slots=True)
class SynthDoc:
    """A generated document: id, text and ISO date."""

    id: str
    text: str
    date: str


@dataclass(frozen=True, slots=True)
class SynthCorpus:
    """Documents, sentence gold (target span copied from source span) and per-target facts."""

    docs: tuple[SynthDoc, ...]
    gold: tuple[GoldPair, ...]
    level: dict[str, str]
    source: dict[str, str]


def paragraphs(text: str) -> list[str]:
    """Paragraphs of a wire body (blank lines or indented lines), whitespace collapsed."""
    parts = re.split(r"\n\s*\n|\n(?=[ \t]{2,})", text)
    return [p for p in (" ".join(part.split()) for part in parts) if p]


def sentences(paragraph: str) -> list[str]:
    """Split a paragraph at sentence ends followed by a capital, digit or quote."""
    return [s for s in _SENTENCE_END.split(paragraph) if s]


def edit_words(sentence: str, rate: float, rng: random.Random, vocab: Sequence[str]) -> str:
    """Substitute, delete or insert round(rate * words) words.

    The final punctuation and an initial capital are kept, so sentence boundaries survive.
    """
    end = _TERMINAL.search(sentence)
    tail = end.group(0) if end else ""
    words = sentence[: len(sentence) - len(tail)].split()
    count = round(rate * len(words))
    for position in sorted(rng.sample(range(len(words)), min(count, len(words))), reverse=True):
        op = rng.choice(("sub", "del", "ins"))
        if op == "sub":
            words[position] = rng.choice(vocab)
        elif op == "del" and len(words) > 1:
            del words[position]
        else:
            words.insert(position, rng.choice(vocab))
    if words and sentence[:1].isupper():
        words[0] = words[0][:1].upper() + words[0][1:]  # keep the sentence boundary visible
    return " ".join(words) + tail


def shuffled_order(count: int, rng: random.Random) -> list[int]:
    """A permutation of range(count) that moves at least one item when count >= 2."""
    order = list(range(count))
    while count >= 2 and order == sorted(order):
        rng.shuffle(order)
    return order


def restyle(sentence: str) -> str:
    """Change quote style, punctuation and case: curly quotes, no commas, lower case."""
    out, opening = [], True
    for ch in sentence:
        if ch == '"':
            out.append("\u201c" if opening else "\u201d")
            opening = not opening
        elif ch == "'":
            out.append("\u2019")
        elif ch != ",":
            out.append(ch)
    return "".join(out).replace(" -- ", " \u2014 ").lower()


def cut_words(sentence: str, drop: int, *, from_start: bool) -> tuple[int, int]:
    """Character range of ``sentence`` left after dropping ``drop`` words at one end."""
    spans = [m.span() for m in re.finditer(r"\S+", sentence)]
    drop = min(drop, len(spans) - 1)
    if drop <= 0:
        return 0, len(sentence)
    if from_start:
        return spans[drop][0], len(sentence)
    return 0, spans[len(spans) - 1 - drop][1]


@dataclass(frozen=True, slots=True)
class BaseText:
    """A normalized base document: paragraphs of sentences, with each sentence's span."""

    text: str
    spans: tuple[tuple[tuple[int, int], ...], ...]

    def sentence_spans(self) -> list[tuple[int, int]]:
        """All sentence spans in reading order."""
        return [span for para in self.spans for span in para]


def base_text(raw: str) -> BaseText:
    """Normalize a wire body: paragraphs joined by a blank line, sentences by one space."""
    text, spans = "", []
    for para in paragraphs(_SIGN_OFF.sub("", raw)):
        if text:
            text += "\n\n"
        para_spans: list[tuple[int, int]] = []
        for sentence in sentences(para):
            if para_spans:
                text += " "
            para_spans.append((len(text), len(text) + len(sentence)))
            text += sentence
        spans.append(tuple(para_spans))
    return BaseText(text, tuple(spans))


def _word_count(text: str) -> int:
    return len(text.split())


def _grams(text: str, k: int = 3) -> set[str]:
    """Word k-grams with every number masked, so templated sentences look alike."""
    words = re.findall(r"\w+", re.sub(r"\d+", "0", text.lower()))
    return {" ".join(words[i : i + k]) for i in range(len(words) - k + 1)}


def _near_seen(base: BaseText, seen: set[str]) -> bool:
    """True when some sentence has half or more of its word 3-grams in ``seen``."""
    for s, e in base.sentence_spans():
        grams = _grams(base.text[s:e])
        if grams and 2 * len(grams & seen) >= len(grams):
            return True
    return False


def select_bases(raw_texts: Sequence[str], count: int, seed: int) -> list[BaseText]:
    """Pick ``count`` prose bodies (4+ sentences of 5+ words), no templated earnings items,
    none with a sentence that half-repeats (by number-masked word 3-grams) an earlier pick."""
    order = list(range(len(raw_texts)))
    random.Random(seed).shuffle(order)
    seen: set[str] = set()
    chosen: list[BaseText] = []
    for i in order:
        if len(chosen) == count:
            break
        base = base_text(raw_texts[i])
        long = [s for s in base.sentence_spans() if _word_count(base.text[s[0] : s[1]]) >= 5]
        if len(long) < 4 or _TEMPLATED.search(base.text) or _near_seen(base, seen):
            continue
        seen |= _grams(base.text)
        chosen.append(base)
    if len(chosen) < count:
        raise ValueError(f"only {len(chosen)} usable base texts, need {count}")
    return chosen


Piece = tuple[str, tuple[int, int]]
"""A copied sentence as it appears in the target, and the source span it came from."""


def copied_run(base: BaseText, rng: random.Random) -> list[list[tuple[int, int]]]:
    """Consecutive whole paragraphs of ``base`` holding at least 3 sentences."""
    paras = [list(p) for p in base.spans if p]
    start = end = rng.randrange(len(paras))
    while sum(len(p) for p in paras[start : end + 1]) < 3:
        if end + 1 < len(paras):
            end += 1
        elif start > 0:
            start -= 1
        else:
            break
    return paras[start : end + 1]


def edit_passage(
    level: str,
    base: BaseText,
    run: list[list[tuple[int, int]]],
    rng: random.Random,
    vocab: Sequence[str],
) -> list[list[Piece]]:
    """Apply one edit level to a copied run; return paragraphs of (text, source span)."""
    paras = [[(base.text[s:e], (s, e)) for s, e in para] for para in run]
    flat = [piece for para in paras for piece in para]
    if level in EDIT_RATES:
        rate = EDIT_RATES[level]
        return [[(edit_words(t, rate, rng, vocab), span) for t, span in para] for para in paras]
    if level == "restyled":
        return [[(restyle(t), span) for t, span in para] for para in paras]
    if level == "shuffled":
        return [[flat[i] for i in shuffled_order(len(flat), rng)]]
    if level == "cut":
        return [_cut_ends(flat, rng)]
    return paras


def _cut_ends(flat: list[Piece], rng: random.Random) -> list[Piece]:
    """Drop a few words at the start of the first and the end of the last sentence."""
    out = list(flat)
    text, (s, _e) = out[0]
    lo, hi = cut_words(text, rng.randint(2, 5), from_start=True)
    out[0] = (text[lo:hi], (s + lo, s + hi))
    text, (s, _e) = out[-1]
    lo, hi = cut_words(text, rng.randint(2, 5), from_start=False)
    out[-1] = (text[lo:hi], (s + lo, s + hi))
    return out


def assemble(
    level: str, filler: BaseText, passage: list[list[Piece]]
) -> tuple[str, list[tuple[tuple[int, int], tuple[int, int]]]]:
    """Place the passage between two halves of the filler; return text and copied spans.

    Copied spans are (target span, source span). ``cut`` puts the passage inside one
    paragraph, ``glued`` joins it to the filler with no whitespace at all, the other levels
    give it its own paragraphs.
    """
    flat = [filler.text[s:e] for s, e in filler.sentence_spans()]
    half = max(1, len(flat) // 2)
    before, after = " ".join(flat[:half]), " ".join(flat[half:])
    seam = {"cut": " ", "glued": ""}.get(level, "\n\n")
    text, copies = before + seam, []
    for number, para in enumerate(passage):
        if number:
            text += "\n\n"
        for index, (sentence, source) in enumerate(para):
            if index:
                text += " "
            copies.append(((len(text), len(text) + len(sentence)), source))
            text += sentence
    return text + seam + after, copies


def _date(days: int) -> str:
    return (_BASE + dt.timedelta(days=days)).isoformat()


def build_corpus(
    raw_texts: Sequence[str], *, per_level: int = 30, negatives: int | None = None, seed: int = 0
) -> SynthCorpus:
    """Generate ``per_level`` copies per edit level, their sources and unrelated negatives.

    Every source is copied once, into a target dated 1 to 10 days later; fillers and negatives
    are distinct base texts that share no 8-word shingle with any other base text.
    """
    n = per_level * len(LEVELS)
    extra = 2 * per_level if negatives is None else negatives
    bases = select_bases(raw_texts, 2 * n + extra, seed)
    vocab = sorted({w for b in bases for w in re.findall(r"[a-z]{3,}", b.text.lower())})
    rng = random.Random(seed)
    docs, gold = [], []
    level_of, source_of = {}, {}
    for i, src in enumerate(bases[:n]):
        level, sid = LEVELS[i % len(LEVELS)], f"src-{i:04d}"
        tid = f"copy-{level}-{i // len(LEVELS):03d}"
        passage = edit_passage(level, src, copied_run(src, rng), rng, vocab)
        text, copies = assemble(level, bases[n + i], passage)
        days = i % 90
        docs += [
            SynthDoc(sid, src.text, _date(days)),
            SynthDoc(tid, text, _date(days + rng.randint(1, 10))),
        ]
        for t, s in copies:
            words = _word_count(src.text[s[0] : s[1]])
            gold.append(GoldPair(Span(tid, *t), (Span(sid, *s),), required=words >= MIN_GOLD_WORDS))
        level_of[tid], source_of[tid] = level, sid
    for j, base in enumerate(bases[2 * n :]):
        docs.append(SynthDoc(f"neg-{j:04d}", base.text, _date(rng.randint(0, 100))))
    return SynthCorpus(tuple(docs), tuple(gold), level_of, source_of)
