"""Readers for the evaluation corpora (see the README of each folder under the corpora root).

Every reader takes the corpus folder and returns plain records plus gold in the shapes of
``benchmarks.metrics``. Nothing here runs dedup; texts are read at run time and never stored.
"""

from __future__ import annotations

import csv
import html
import json
import math
import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from benchmarks.metrics import GoldPair, Span, SpanPair

# Folder name of each corpus under the corpora root.
CORPUS_DIRS = {
    "bbc": "bbc",
    "pan13": "pan13-subset",
    "reuters": "reuters21578",
    "clough": "clough-stevenson",
    "synthetic": "reuters21578",
}


@dataclass(frozen=True, slots=True)
class Doc:
    """A document to scan: id, text, optional ISO date, title and body start."""

    id: str
    text: str
    date: str | None = None
    title: str | None = None
    body_start: int = 0


def read_text(path: Path) -> str:
    """Read a text file as UTF-8, falling back to cp1252 and then latin-1."""
    raw = path.read_bytes()
    for codec in ("utf-8", "cp1252"):
        try:
            return raw.decode(codec)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


# --- BBC articles and extractive summaries ------------------------------------------------------

_BBC_SENTENCE = re.compile(r".+?(?:[.!?][\"')]*(?=\s|$)|$)")


def bbc_sentences(text: str) -> Iterator[tuple[int, str]]:
    """Sentences as build_alignment.py splits them: (offset, stripped text) of 15+ chars."""
    for para in re.finditer(r"[^\n]+", text):
        for m in _BBC_SENTENCE.finditer(para.group(0)):
            s = m.group(0).strip()
            if len(s) >= 15:
                lead = len(m.group(0)) - len(m.group(0).lstrip())
                yield para.start() + m.start() + lead, s


@dataclass(frozen=True, slots=True)
class BbcCategory:
    """One BBC category: its articles and summaries (undated) and the sentence gold."""

    name: str
    articles: tuple[Doc, ...]
    summaries: tuple[Doc, ...]
    gold: tuple[GoldPair, ...]


def _bbc_doc(path: Path, doc_id: str) -> Doc:
    text = path.read_text(encoding="latin-1")
    newline = text.find("\n")
    title = text[:newline].strip() if newline >= 0 else None
    return Doc(id=doc_id, text=text, title=title, body_start=max(newline + 1, 0))


def _occurrences(docs: Sequence[Doc]) -> dict[str, list[Span]]:
    """Every article span per sentence text (the equivalence classes of copied sentences)."""
    where: dict[str, list[Span]] = defaultdict(list)
    for doc in docs:
        for off, s in bbc_sentences(doc.text):
            if off >= doc.body_start:
                where[s].append(Span(doc.id, off, off + len(s)))
    return where


def read_bbc_category(root: Path, name: str) -> BbcCategory:
    """Read one category and build gold from alignment.jsonl.

    Equivalent sources: a summary sentence copied from article X may be reported against any
    span with the same sentence text, in X, in an (exact) duplicate of X, or in another summary
    that copied it too.
    """
    art_dir, sum_dir = root / "articles" / name, root / "summaries" / name
    articles = tuple(
        _bbc_doc(p, f"articles/{name}/{p.name}") for p in sorted(art_dir.glob("*.txt"))
    )
    summaries = tuple(
        _bbc_doc(p, f"summaries/{name}/{p.name}") for p in sorted(sum_dir.glob("*.txt"))
    )
    texts = {d.id: d.text for d in articles}
    records = []
    for line in (root / "alignment.jsonl").read_text().splitlines():
        rec = json.loads(line)
        if rec["doc"].startswith(name + "/"):
            records.append(rec)
    where = _occurrences(articles)
    for rec in records:
        art = f"articles/{rec['doc']}"
        for c in rec["copies"]:
            s = texts[art][c["article_offset"] : c["article_offset"] + c["length"]]
            where[s].append(
                Span(
                    f"summaries/{rec['doc']}",
                    c["summary_offset"],
                    c["summary_offset"] + c["length"],
                )
            )
    gold = []
    for rec in records:
        summ, art = f"summaries/{rec['doc']}", f"articles/{rec['doc']}"
        for c in rec["copies"]:
            a = Span(summ, c["summary_offset"], c["summary_offset"] + c["length"])
            own = Span(art, c["article_offset"], c["article_offset"] + c["length"])
            s = texts[art][own.start : own.end]
            others = tuple(sp for sp in where[s] if sp != a and sp != own)
            gold.append(GoldPair(a, (own, *others)))
    return BbcCategory(name, articles, summaries, tuple(gold))


def bbc_categories(root: Path) -> list[str]:
    """Category folder names of the BBC corpus."""
    return sorted(p.name for p in (root / "summaries").iterdir() if p.is_dir())


# --- PAN 2013 text alignment, no-obfuscation subset ---------------------------------------------


@dataclass(frozen=True, slots=True)
class PanData:
    """Listed suspicious/source pairs with reliable re-anchored cases, and the other cases."""

    docs: dict[str, Doc]
    pairs: tuple[tuple[str, str], ...]
    cases: tuple[SpanPair, ...]
    unreliable: tuple[SpanPair, ...]


def _pan_case(rec: dict[str, object]) -> SpanPair:
    r = rec["reanchored"] or rec["gold"]
    assert isinstance(r, dict)
    susp, src = str(rec["susp"]), str(rec["src"])
    a = Span(susp, r["this_offset"], r["this_offset"] + r["this_length"])
    return SpanPair(a, Span(src, r["source_offset"], r["source_offset"] + r["source_length"]))


def read_pan13(root: Path) -> PanData:
    """Read reanchored.jsonl; keep the listed pairs that hold at least one reliable case."""
    recs = [json.loads(x) for x in (root / "reanchored.jsonl").read_text().splitlines()]
    listed = [
        tuple(x.split()) for x in (root / "02-no-obfuscation" / "pairs").read_text().splitlines()
    ]
    cases = tuple(_pan_case(r) for r in recs if r["reliable"])
    unreliable = tuple(_pan_case(r) for r in recs if not r["reliable"])
    keep = {(c.a.doc, c.b.doc) for c in cases}
    pairs = tuple(p for p in listed if len(p) == 2 and (p[0], p[1]) in keep)
    docs: dict[str, Doc] = {}
    for susp, src in pairs:
        docs.setdefault(susp, Doc(id=susp, text=read_text(root / "susp" / susp)))
        docs.setdefault(src, Doc(id=src, text=read_text(root / "src" / src)))
    return PanData(docs, tuple((a, b) for a, b in pairs), cases, unreliable)


# --- Reuters-21578 ------------------------------------------------------------------------------

_MONTHS = {
    m: i
    for i, m in enumerate(
        ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), 1
    )
}


def reuters_date(raw: str) -> str | None:
    """'26-FEB-1987 15:01:01.79' -> '1987-02-26T15:01:01' (None if unparseable)."""
    m = re.match(r"\s*(\d{1,2})-([A-Z]{3})-(\d{4})\s+(\d{1,2}):(\d{2}):(\d{2})", raw)
    if not m or m.group(2) not in _MONTHS:
        return None
    day, mon, year, hh, mm, ss = m.groups()
    return f"{year}-{_MONTHS[mon]:02d}-{int(day):02d}T{int(hh):02d}:{mm}:{ss}"


def read_reuters(root: Path) -> list[Doc]:
    """Every story with a BODY, in NEWID order; id is 'reuters-<NEWID>'."""
    docs = []
    for path in sorted(root.glob("reut2-*.sgm")):
        sgml = path.read_text(encoding="latin-1")
        for m in re.finditer(r'<REUTERS[^>]*NEWID="(\d+)"[^>]*>(.*?)</REUTERS>', sgml, re.S):
            body = re.search(r"<BODY>(.*?)</BODY>", m.group(2), re.S)
            if not body:
                continue
            title = re.search(r"<TITLE>(.*?)</TITLE>", m.group(2), re.S)
            date = re.search(r"<DATE>(.*?)</DATE>", m.group(2), re.S)
            text = html.unescape(body.group(1)).replace("\x03", "").strip()
            docs.append(
                Doc(
                    id=f"reuters-{int(m.group(1))}",
                    text=text,
                    date=reuters_date(date.group(1)) if date else None,
                    title=html.unescape(title.group(1)) if title else None,
                )
            )
    return sorted(docs, key=lambda d: int(d.id.split("-")[1]))


_EARNINGS = re.compile(r"^\s*(Shr|Oper shr|Qtly div|Qtrly div)\b", re.I | re.M)


def is_templated(text: str) -> bool:
    """Earnings and dividend tables ('Shr 12 cts vs 10 cts ...'): templated wire items."""
    return bool(_EARNINGS.search(text))


# --- exact near-duplicate reference (word 5-gram sets) ------------------------------------------


def word_shingles(text: str, k: int = 5) -> list[str]:
    """Lower-cased word k-grams, as strings (exact: no hashing)."""
    words = re.findall(r"\w+", text.lower())
    return [" ".join(words[i : i + k]) for i in range(len(words) - k + 1)]


@dataclass(frozen=True, slots=True)
class PairStat:
    """Exact 5-gram overlap of two documents: Jaccard and containment of the smaller set."""

    a: str
    b: str
    jaccard: float
    containment: float


@dataclass
class ShingleIndex:
    """Documents as sets of shingle ids, ids ordered rarest first (for prefix filtering)."""

    ids: list[str]
    sets: list[set[int]] = field(default_factory=list)
    ordered: list[list[int]] = field(default_factory=list)

    @classmethod
    def build(cls, docs: Sequence[Doc], k: int = 5) -> ShingleIndex:
        """Map every shingle to an integer id in order of increasing document frequency."""
        vocab: dict[str, int] = {}
        raw = [
            np.unique([vocab.setdefault(g, len(vocab)) for g in word_shingles(d.text, k)]).astype(
                np.int64
            )
            for d in docs
        ]
        df = np.bincount(np.concatenate([*raw, np.zeros(0, np.int64)]), minlength=len(vocab))
        rank = np.empty(len(vocab), np.int64)
        rank[np.argsort(df, kind="stable")] = np.arange(len(vocab))
        index = cls([d.id for d in docs])
        for ids in raw:
            ordered = np.sort(rank[ids]).tolist()
            index.ordered.append(ordered)
            index.sets.append(set(ordered))
        return index

    def stat(self, i: int, j: int) -> PairStat:
        """Exact Jaccard and containment (of the smaller set) of documents i and j."""
        a, b = self.sets[i], self.sets[j]
        inter = len(a & b)
        union = len(a) + len(b) - inter
        small = min(len(a), len(b))
        return PairStat(
            self.ids[i],
            self.ids[j],
            inter / union if union else 0.0,
            inter / small if small else 0.0,
        )


def near_duplicates(index: ShingleIndex, min_containment: float = 0.5) -> list[PairStat]:
    """All document pairs whose containment is at least ``min_containment``, exactly.

    Prefix filtering: with shingles ordered rarest first, a pair sharing at least c*|A| shingles
    (A the smaller set) must share one among the first |A| - ceil(c*|A|) + 1 shingles of A.
    Every candidate is then verified on the full sets; J >= t implies containment >= t.
    """
    postings: dict[int, list[int]] = defaultdict(list)
    for doc, ordered in enumerate(index.ordered):
        for g in ordered:
            postings[g].append(doc)
    out = []
    for i, ordered in enumerate(index.ordered):
        n = len(ordered)
        if n == 0:
            continue
        prefix = ordered[: n - math.ceil(min_containment * n) + 1]
        cands = {j for g in prefix for j in postings[g] if j != i}
        for j in sorted(cands):
            m = len(index.ordered[j])
            if m < n or (m == n and j < i):
                continue  # the smaller document (lower index on ties) does the probing
            st = index.stat(i, j)
            if st.containment >= min_containment:
                out.append(st)
    return out


# --- Clough & Stevenson short answers -----------------------------------------------------------

LEVEL_RANK = {"non": 0, "heavy": 1, "light": 2, "cut": 3}


@dataclass(frozen=True, slots=True)
class CloughAnswer:
    """A student answer, its task's Wikipedia source and its reuse level."""

    answer: Doc
    source: Doc
    level: str


def read_clough(root: Path) -> list[CloughAnswer]:
    """Answers from file_information.csv with their orig_task<Z>.txt sources."""
    with (root / "file_information.csv").open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    sources = {
        r["Task"]: Doc(id=r["File"], text=read_text(root / r["File"]))
        for r in rows
        if r["Category"] == "orig"
    }
    return [
        CloughAnswer(
            Doc(id=r["File"], text=read_text(root / r["File"])), sources[r["Task"]], r["Category"]
        )
        for r in rows
        if r["Category"] in LEVEL_RANK
    ]
