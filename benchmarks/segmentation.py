"""Sentence-splitter accuracy and speed on the BBC corpus, dedup.text against other splitters.

Gold: ``bbc/alignment.jsonl`` gives, per article, the character spans of the article sentences
that its extractive summary copies verbatim, and where each copy sits in the summary (where
sentences are often glued: ``end.Next``).  Accuracy is the share of gold spans a splitter
reproduces exactly (after trimming whitespace), in the articles and in the summaries; speed is
million characters per second of CPU time (process_time, best of --repeat runs, so that a busy
machine distorts it less) over all articles.  Caveat: the gold spans were cut by a simple regex
splitter (``[.!?]["')]*`` before whitespace), so they share its mistakes; the ``regex`` row
shows that splitter.

usage: python benchmarks/segmentation.py [--corpora DIR] [--splitters dedup,pysbd,...]
                                        [--limit N] [--repeat R]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from dedup.text import split_sentences, tokenize

Spans = list[tuple[int, int]]
DEFAULT_CORPORA = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"


@dataclass(frozen=True, slots=True)
class BbcDoc:
    """An article, its summary, and the gold sentence spans in each."""

    doc: str
    article: str
    summary: str
    article_gold: tuple[tuple[int, int], ...]
    summary_gold: tuple[tuple[int, int], ...]


def load_bbc(root: Path, limit: int | None = None) -> list[BbcDoc]:
    """Read ``root/bbc``: articles, summaries and ``alignment.jsonl`` (latin-1 text)."""
    bbc = root / "bbc"
    docs = []
    with (bbc / "alignment.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            rec = json.loads(line)
            article = (bbc / "articles" / rec["doc"]).read_text(encoding="latin-1")
            summary = (bbc / "summaries" / rec["doc"]).read_text(encoding="latin-1")
            copies = rec["copies"]
            art = tuple((c["article_offset"], c["article_offset"] + c["length"]) for c in copies)
            summ = tuple((c["summary_offset"], c["summary_offset"] + c["length"]) for c in copies)
            docs.append(BbcDoc(rec["doc"], article, summary, art, summ))
            if limit is not None and len(docs) >= limit:
                break
    return docs


def _trimmed(text: str, spans: Iterator[tuple[int, int]]) -> Spans:
    out = []
    for a, b in spans:
        piece = text[a:b]
        lead = len(piece) - len(piece.lstrip())
        out.append((a + lead, a + len(piece.rstrip())))
    return out


def _dedup(text: str) -> Spans:
    return [(s.start, s.end) for s in split_sentences(text)]


def _regex(text: str) -> Spans:
    """The splitter that built the gold (build_alignment.py), without its 15-character filter."""
    pattern = re.compile(r".+?(?:[.!?][\"')]*(?=\s|$)|$)")
    spans = (
        (p.start() + m.start(), p.start() + m.end())
        for p in re.finditer(r"[^\n]+", text)
        for m in pattern.finditer(p.group())
    )
    return _trimmed(text, spans)


def _pysbd() -> Callable[[str], Spans]:
    import pysbd  # type: ignore[import-untyped]

    seg = pysbd.Segmenter(language="en", clean=False, char_span=True)
    return lambda text: _trimmed(text, ((s.start, s.end) for s in seg.segment(text)))


def _blingfire() -> Callable[[str], Spans]:
    import blingfire  # type: ignore[import-untyped]

    return lambda text: _trimmed(text, iter(blingfire.text_to_sentences_and_offsets(text)[1]))


def _syntok() -> Callable[[str], Spans]:
    from syntok import segmenter  # type: ignore[import-untyped]

    def split(text: str) -> Spans:
        return [
            (s[0].offset, s[-1].offset + len(s[-1].value))
            for para in segmenter.analyze(text)
            for s in para
        ]

    return split


SPLITTERS: dict[str, Callable[[], Callable[[str], Spans]]] = {
    "dedup": lambda: _dedup,
    "regex": lambda: _regex,
    "blingfire": _blingfire,
    "syntok": _syntok,
    "pysbd": _pysbd,
}


@dataclass(frozen=True, slots=True)
class Result:
    """One splitter's scores."""

    name: str
    article_exact: float
    summary_exact: float
    mchars_per_s: float


def evaluate(
    name: str, split: Callable[[str], Spans], docs: list[BbcDoc], repeat: int = 1
) -> Result:
    """Exact-span recall of the gold in articles and summaries, and speed on the articles."""
    seconds = float("inf")
    for _ in range(repeat):  # best of ``repeat`` runs: the machine may be shared
        start = time.process_time()
        predicted = [set(split(d.article)) for d in docs]
        seconds = min(seconds, time.process_time() - start)
    chars = sum(len(d.article) for d in docs)
    art_hits = sum(
        len(p.intersection(d.article_gold)) for p, d in zip(predicted, docs, strict=True)
    )
    summ_hits = sum(len(set(split(d.summary)).intersection(d.summary_gold)) for d in docs)
    gold = sum(len(d.article_gold) for d in docs)
    return Result(name, art_hits / gold, summ_hits / gold, chars / seconds / 1e6)


def tokenize_speed(docs: list[BbcDoc], repeat: int = 1) -> float:
    """Million characters per CPU second of ``dedup.text.tokenize`` on the articles (best run)."""
    seconds = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        for d in docs:
            tokenize(d.article)
        seconds = min(seconds, time.process_time() - start)
    return sum(len(d.article) for d in docs) / seconds / 1e6


def main(argv: list[str] | None = None) -> int:
    """Print a table of splitter accuracy and speed on the BBC corpus."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--splitters", default=",".join(SPLITTERS))
    parser.add_argument("--limit", type=int, default=None, help="first N articles only")
    parser.add_argument("--repeat", type=int, default=3, help="timing runs; the best counts")
    args = parser.parse_args(argv)
    if not (args.corpora / "bbc" / "alignment.jsonl").is_file():
        print(f"BBC corpus not found under {args.corpora}; pass --corpora DIR", file=sys.stderr)
        return 1
    docs = load_bbc(args.corpora, args.limit)
    gold = sum(len(d.article_gold) for d in docs)
    print(f"{len(docs)} articles, {gold} gold sentences")
    print(f"{'splitter':<10} {'article %':>9} {'summary %':>9} {'Mchar/s':>8}")
    for name in args.splitters.split(","):
        module = {"pysbd": "pysbd", "blingfire": "blingfire", "syntok": "syntok"}.get(name)
        if module and importlib.util.find_spec(module) is None:
            print(f"{name:<10} not installed")
            continue
        r = evaluate(name, SPLITTERS[name](), docs, args.repeat)
        article, summary = 100 * r.article_exact, 100 * r.summary_exact
        print(f"{name:<10} {article:9.2f} {summary:9.2f} {r.mchars_per_s:8.2f}")
    print(f"tokenize: {tokenize_speed(docs, args.repeat):.2f} Mchar/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
