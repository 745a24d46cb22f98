"""Seeded generator of large news corpora with injected copies whose offsets are recorded.

Background text: each sentence is spliced from fragments (4-10 words, at most half of the
sentence) of real sentences of the Reuters-21578 and BBC corpora, read at run time and never
stored. Real sentences used whole would recur about twice per article at 10^4 articles and
hundreds of times at 10^6, making every article a "copy" of dozens of others; fragments keep
the phrasing and word statistics of real news while leaving each background sentence unique, at
every corpus size. (A sentence cut whole from one window of a pool sentence would not be: such
short sentences recur by chance, quadratically in the corpus size.)

Injected copies (the gold):

* ``passage``: a run of 2-8 consecutive sentences of an earlier original article (one of the
  last ``window`` ones, another outlet), verbatim or lightly edited, inserted as a paragraph of
  a later article;
* ``syndication``: a whole original article republished, verbatim or lightly edited, by 2-6
  other outlets within the next few hundred articles.

Articles are streamed to ``OUT/corpus/part-NNN.jsonl`` (``{"id","text","date","outlet"}`` per
line) and the gold to ``OUT/gold.jsonl``; only a bounded window of recent articles is held in
memory. Dates strictly increase with the article number, so every source is dated before its
copies, and the corpus of ``n`` articles is a prefix of the corpus of ``m > n`` (same seed).

>>> pool = ["The harbour bridge will stay closed until the inspectors finish in May."] * 3
>>> first = next(generate(pool, 5, seed=1))
>>> first.article.id, first.copies
('a0000000', ())
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import random
import re
import sys
import time
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

__all__ = [
    "Copy",
    "GenArticle",
    "Generated",
    "Settings",
    "generate",
    "light_edit",
    "load_pool",
    "main",
    "write_corpus",
]

DEFAULT_CORPORA = Path("..") / "shared" / "corpora"
"""Corpora root, relative to the repository checkout (the layout of the team's machines)."""

_START = dt.datetime(2026, 1, 1)
_SENTENCE = re.compile(r"\S.*?[.!?][\"')]*(?=\s+[\"'(]?[A-Z0-9]|\s*$)", re.S)
_TEMPLATED = re.compile(r"\b(shr|qtr|qtly|mths|cts|div|vs)\b", re.I)
_TRAILING = ".!?;:,-"


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """Shape of a generated corpus; the defaults are the ones the speed benchmark uses."""

    words: int = 500
    """Mean words per original article (normal, sd ``words // 5``, at least 100)."""
    copy_rate: float = 0.3
    """Share of original articles that receive a copied passage from an earlier article."""
    syndication_rate: float = 0.01
    """Share of original articles republished whole by several other outlets."""
    light_share: float = 0.5
    """Share of copies (passages and syndicated articles) lightly edited instead of verbatim."""
    edit_rate: float = 0.08
    """Chance per word of a light edit (substitution, deletion or insertion)."""
    outlets: int = 100
    window: int = 2000
    """Copies come from the last ``window`` original articles: bounded memory."""


@dataclass(frozen=True, slots=True)
class GenArticle:
    """A generated article, as written to the corpus JSONL."""

    id: str
    text: str
    date: str
    outlet: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Copy:
    """Gold: ``target``'s ``[target_start, target_end)`` copies ``source``'s span."""

    target: str
    target_start: int
    target_end: int
    source: str
    source_start: int
    source_end: int
    level: str
    """``verbatim`` or ``light``."""
    kind: str
    """``passage`` or ``syndication``."""
    sentences: int


@dataclass(frozen=True, slots=True)
class Generated:
    """One article and the copies injected into it (empty for an untouched article)."""

    article: GenArticle
    copies: tuple[Copy, ...]
    words: int


Item = tuple[str, str]
"""A sentence and the separator written before it (``" "`` or ``"\\n\\n"``)."""


@dataclass(slots=True)
class _Original:
    """A recent original article: its text, and the spans of its own (not copied) sentences."""

    id: str
    outlet: str
    text: str
    items: list[Item]
    runs: list[list[tuple[int, int]]]
    """Own sentence spans, grouped into runs of consecutive sentences."""


@dataclass(slots=True)
class _Pending:
    """A syndicated copy waiting for its slot in the stream."""

    due: int
    source: _Original
    outlet: str
    level: str


@dataclass(slots=True)
class _State:
    rng: random.Random
    pool: list[list[str]]
    vocab: list[str]
    settings: Settings
    recent: deque[_Original]
    pending: list[_Pending] = field(default_factory=list)


def generate(
    pool: Sequence[str], articles: int, *, seed: int, settings: Settings = Settings()
) -> Iterator[Generated]:
    """Yield ``articles`` generated articles in date order, each with its injected copies."""
    # pool sentences lose their final punctuation: a fragment never ends a sentence early
    words = [_strip_end(s.replace('"', "").split()) for s in pool]
    words = [w for w in words if len(w) >= 4]
    if not words:
        raise ValueError("the sentence pool holds no sentence of 4 words or more")
    state = _State(
        rng=random.Random(seed),
        pool=words,
        vocab=sorted({w.strip(_TRAILING).lower() for s in words for w in s} - {""}),
        settings=settings,
        recent=deque(maxlen=settings.window),
    )
    moment = _START
    for number in range(articles):
        moment += dt.timedelta(seconds=1 + int(state.rng.random() * 120))
        due = next((p for p in state.pending if p.due <= number), None)
        if due is not None:
            state.pending.remove(due)
            yield _syndicated(state, number, moment, due)
        else:
            yield _original(state, number, moment)


def _strip_end(words: list[str]) -> list[str]:
    if words:
        words[-1] = words[-1].rstrip(_TRAILING + "')") or words[-1]
    return words


def _original(state: _State, number: int, moment: dt.datetime) -> Generated:
    rng, settings = state.rng, state.settings
    outlet = _outlet(int(rng.random() * settings.outlets))
    items = _background(state, max(100, int(rng.gauss(settings.words, settings.words / 5))))
    article_id = _id(number)
    block: list[Item] = []
    source: _Original | None = None
    span = (0, 0)
    level = "verbatim"
    if state.recent and rng.random() < settings.copy_rate:
        source = _pick_source(state, outlet)
        if source is not None:
            level = "light" if rng.random() < settings.light_share else "verbatim"
            block, span = _passage(state, source, level)
    at = 1 + int(rng.random() * len(items)) if block else len(items)
    if block:
        block[0] = (block[0][0], "\n\n")
        if at < len(items):
            items[at] = (items[at][0], "\n\n")
    text, spans = _render([*items[:at], *block, *items[at:]])
    runs = [spans[:at], spans[at + len(block) :]]
    original = _Original(article_id, outlet, text, [*items[:at], *block, *items[at:]], runs)
    copies: tuple[Copy, ...] = ()
    if source is not None and block:
        copies = (
            Copy(
                target=article_id,
                target_start=spans[at][0],
                target_end=spans[at + len(block) - 1][1],
                source=source.id,
                source_start=span[0],
                source_end=span[1],
                level=level,
                kind="passage",
                sentences=len(block),
            ),
        )
    state.recent.append(original)
    if rng.random() < state.settings.syndication_rate:
        _schedule(state, original, number)
    article = GenArticle(article_id, text, moment.isoformat(timespec="seconds"), outlet)
    return Generated(article, copies, _count_words(original.items))


def _syndicated(state: _State, number: int, moment: dt.datetime, due: _Pending) -> Generated:
    source = due.source
    items = source.items
    if due.level == "light":
        items = [(_edit(s, state), sep) for s, sep in items]
    text, _ = _render(items)
    article_id = _id(number)
    copy = Copy(
        target=article_id,
        target_start=0,
        target_end=len(text),
        source=source.id,
        source_start=0,
        source_end=len(source.text),
        level=due.level,
        kind="syndication",
        sentences=len(items),
    )
    article = GenArticle(article_id, text, moment.isoformat(timespec="seconds"), due.outlet)
    return Generated(article, (copy,), _count_words(items))


def _schedule(state: _State, original: _Original, number: int) -> None:
    rng = state.rng
    outlets = {original.outlet}
    for _ in range(2 + int(rng.random() * 5)):
        outlet = _outlet(int(rng.random() * state.settings.outlets))
        if outlet in outlets:
            continue
        outlets.add(outlet)
        level = "light" if rng.random() < state.settings.light_share else "verbatim"
        due = number + 1 + int(rng.random() * 300)
        state.pending.append(_Pending(due, original, outlet, level))


def _pick_source(state: _State, outlet: str) -> _Original | None:
    for _ in range(4):
        candidate = state.recent[int(state.rng.random() * len(state.recent))]
        if candidate.outlet != outlet and max(len(r) for r in candidate.runs) >= 2:
            return candidate
    return None


def _passage(state: _State, source: _Original, level: str) -> tuple[list[Item], tuple[int, int]]:
    """A run of 2-8 of ``source``'s own sentences: the items to insert and the source span."""
    rng = state.rng
    runs = [r for r in source.runs if len(r) >= 2]
    run = runs[int(rng.random() * len(runs))]
    length = min(len(run), 2 + int(rng.random() * 7))
    first = int(rng.random() * (len(run) - length + 1))
    spans = run[first : first + length]
    sentences = [source.text[a:b] for a, b in spans]
    separators = [" ", *(source.text[spans[k - 1][1] : spans[k][0]] for k in range(1, length))]
    if level == "light":
        sentences = [_edit(s, state) for s in sentences]
    return list(zip(sentences, separators, strict=True)), (spans[0][0], spans[-1][1])


def _background(state: _State, words: int) -> list[Item]:
    """Sentences spliced from pool fragments until ``words`` words, in paragraphs of 1-3."""
    rng = state.rng
    items: list[Item] = []
    total = 0
    left_in_paragraph = 0
    while total < words:
        sentence = _sentence(state)
        separator = " "
        if left_in_paragraph == 0:
            separator = "\n\n"
            left_in_paragraph = 1 + int(rng.random() * 3)
        left_in_paragraph -= 1
        items.append((" ".join(sentence), separator))
        total += len(sentence)
    return items


def _sentence(state: _State) -> list[str]:
    """A sentence as long as a random real one, made of fragments of others: 4-10 words each,
    and never more than half of the sentence, so that no sentence is one window of a pool
    sentence (a short sentence cut whole from one window would recur by chance, the more often
    the larger the corpus)."""
    draw, pool = state.rng.random, state.pool
    size = len(pool)
    length = len(pool[int(draw() * size)])
    half = (length + 1) // 2
    out: list[str] = []
    while len(out) < length:
        source = pool[int(draw() * size)]
        take = min(4 + int(draw() * 7), len(source), half, max(length - len(out), 4))
        start = int(draw() * (len(source) - take + 1))
        out += source[start : start + take]
    out[0] = out[0][:1].upper() + out[0][1:]
    out[-1] += "."
    return out


def light_edit(sentence: str, rng: random.Random, vocab: Sequence[str], rate: float) -> str:
    """Substitute, delete or insert words at ``rate`` per word; keep the first and last word.

    >>> light_edit("The bridge will stay closed until May.", random.Random(0), ["x"], 0.0)
    'The bridge will stay closed until May.'
    """
    words = sentence.split(" ")
    out = words[:1]
    for word in words[1:-1]:
        draw = rng.random()
        if draw >= rate:
            out.append(word)
        elif draw < rate / 3:
            out.append(vocab[int(rng.random() * len(vocab))])
        elif draw < 2 * rate / 3:
            out.extend((word, vocab[int(rng.random() * len(vocab))]))
    out.extend(words[1:][-1:])
    return " ".join(out)


def _edit(sentence: str, state: _State) -> str:
    return light_edit(sentence, state.rng, state.vocab, state.settings.edit_rate)


def _render(items: Sequence[Item]) -> tuple[str, list[tuple[int, int]]]:
    """Join items into a text; return it and every sentence's ``(start, end)``."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    position = 0
    for k, (sentence, separator) in enumerate(items):
        if k:
            parts.append(separator)
            position += len(separator)
        parts.append(sentence)
        spans.append((position, position + len(sentence)))
        position += len(sentence)
    return "".join(parts), spans


def _count_words(items: Sequence[Item]) -> int:
    return sum(s.count(" ") + 1 for s, _ in items)


def _id(number: int) -> str:
    return f"a{number:07d}"


def _outlet(number: int) -> str:
    return f"outlet-{number:03d}"


# --- writing ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Summary:
    """What ``write_corpus`` wrote: counts, for the manifest and the speed benchmark."""

    articles: int
    words: int
    chars: int
    copies: int
    passages: int
    syndicated: int
    seed: int
    pool: int
    seconds: float


def write_corpus(
    out: Path,
    pool: Sequence[str],
    articles: int,
    *,
    seed: int,
    settings: Settings = Settings(),
    shard: int = 100_000,
) -> Summary:
    """Stream a corpus to ``out/corpus/part-NNN.jsonl``, the gold to ``out/gold.jsonl``."""
    began = time.perf_counter()
    folder = out / "corpus"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("part-*.jsonl"):
        old.unlink()
    words = chars = passages = syndicated = 0
    stream = None
    with (out / "gold.jsonl").open("w", encoding="utf-8", newline="\n") as gold:
        try:
            for number, item in enumerate(generate(pool, articles, seed=seed, settings=settings)):
                if number % shard == 0:
                    if stream is not None:
                        stream.close()
                    part = folder / f"part-{number // shard:03d}.jsonl"
                    stream = part.open("w", encoding="utf-8", newline="\n")
                assert stream is not None
                stream.write(json.dumps(asdict(item.article), ensure_ascii=False) + "\n")
                for copy in item.copies:
                    gold.write(json.dumps(asdict(copy)) + "\n")
                    passages += copy.kind == "passage"
                    syndicated += copy.kind == "syndication"
                words += item.words
                chars += len(item.article.text)
        finally:
            if stream is not None:
                stream.close()
    summary = Summary(
        articles=articles,
        words=words,
        chars=chars,
        copies=passages + syndicated,
        passages=passages,
        syndicated=syndicated,
        seed=seed,
        pool=len(pool),
        seconds=round(time.perf_counter() - began, 2),
    )
    settings_dict = asdict(settings)
    manifest = {**asdict(summary), "settings": settings_dict}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return summary


# --- the sentence pool --------------------------------------------------------------------------


def load_pool(corpora: Path) -> list[str]:
    """Distinct sentences of 6-50 words from Reuters-21578 bodies and BBC articles, sorted."""
    reuters, bbc = corpora / "reuters21578", corpora / "bbc" / "articles"
    if not reuters.is_dir() or not bbc.is_dir():
        raise FileNotFoundError(
            f"corpora not found: need {reuters} and {bbc} (pass --corpora DIR, the folder that "
            "holds reuters21578/ and bbc/)"
        )
    found: set[str] = set()
    for path in sorted(reuters.glob("reut2-*.sgm")):
        sgml = path.read_text(encoding="latin-1")
        for body in re.findall(r"<BODY>(.*?)</BODY>", sgml, re.S):
            text = html.unescape(body).replace("\x03", "")
            if not _TEMPLATED.search(text):
                found.update(_pool_sentences(re.sub(r"\s*\bReuter\s*$", "", text)))
    for path in sorted(bbc.glob("*/*.txt")):
        text = path.read_text(encoding="latin-1")
        found.update(_pool_sentences(text.partition("\n")[2]))
    return sorted(found)


def _pool_sentences(text: str) -> Iterator[str]:
    for paragraph in re.split(r"\n\s*\n|\n(?=[ \t]{2,})", text):
        for m in _SENTENCE.finditer(" ".join(paragraph.split())):
            sentence = m.group(0)
            words = sentence.split()
            upper = sum(w.isupper() for w in words)
            if 6 <= len(words) <= 50 and sentence[0].isupper() and 3 * upper < len(words):
                yield sentence


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m benchmarks.gencorpus --articles N --seed S --out DIR``."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.gencorpus", description=__doc__)
    parser.add_argument("--articles", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    args = parser.parse_args(argv)
    try:
        pool = load_pool(args.corpora)
    except FileNotFoundError as error:
        print(f"gencorpus: {error}", file=sys.stderr)
        return 2
    summary = write_corpus(args.out, pool, args.articles, seed=args.seed)
    print(
        f"{summary.articles} articles, {summary.words} words, {summary.copies} injected copies "
        f"({summary.passages} passages, {summary.syndicated} syndicated) from a pool of "
        f"{summary.pool} sentences in {summary.seconds:.1f} s -> {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
