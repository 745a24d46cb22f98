"""Evaluation metrics: sentence pairs, PAN character measures, article pairs, ARI, Spearman.

Spans are half-open character ranges ``[start, end)`` of one document. Two spans overlap when
they belong to the same document and share at least one character.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

__all__ = [
    "PRF",
    "GoldPair",
    "PairMatching",
    "PanScores",
    "Span",
    "SpanPair",
    "adjusted_rand_index",
    "article_pair_scores",
    "f1",
    "match_pairs",
    "pan_scores",
    "plagdet",
    "sentence_pair_scores",
    "spearman",
]


@dataclass(frozen=True, slots=True)
class Span:
    """Characters ``[start, end)`` of document ``doc``."""

    doc: str
    start: int
    end: int

    def __len__(self) -> int:
        return max(0, self.end - self.start)

    def overlaps(self, other: Span) -> bool:
        """True when both spans lie in the same document and share a character."""
        return self.doc == other.doc and self.start < other.end and other.start < self.end


@dataclass(frozen=True, slots=True)
class SpanPair:
    """A reported or gold copy relation between span ``a`` and span ``b``."""

    a: Span
    b: Span


@dataclass(frozen=True, slots=True)
class GoldPair:
    """A gold copy: span ``a`` was copied from any one of ``sources`` (equivalent copies).

    ``required`` gold pairs count for recall; optional ones (too short to demand) only keep a
    report that finds them from being counted as a false positive.
    """

    a: Span
    sources: tuple[Span, ...]
    required: bool = True


@dataclass(frozen=True, slots=True)
class PRF:
    """Precision, recall and F1 with the counts they came from."""

    precision: float
    recall: float
    f1: float
    reported: int
    reported_correct: int
    gold: int
    gold_found: int


def f1(precision: float, recall: float) -> float:
    """Harmonic mean of precision and recall (0 when both are 0)."""
    total = precision + recall
    return 0.0 if total == 0 else 2 * precision * recall / total


def _ratio(part: int, whole: int, *, empty: float) -> float:
    return empty if whole == 0 else part / whole


def _prf(correct: int, reported: int, found: int, gold: int) -> PRF:
    """Build a PRF; with nothing reported, precision is 1 if nothing was expected, else 0."""
    precision = _ratio(correct, reported, empty=1.0 if gold == 0 else 0.0)
    recall = _ratio(found, gold, empty=1.0)
    return PRF(precision, recall, f1(precision, recall), reported, correct, gold, found)


def _gold_index(gold: Sequence[GoldPair]) -> dict[str, list[int]]:
    """Index gold pairs (by position) under every document they touch."""
    index: dict[str, list[int]] = defaultdict(list)
    for number, item in enumerate(gold):
        for doc in {item.a.doc} | {s.doc for s in item.sources}:
            index[doc].append(number)
    return index


def _hits(pair: SpanPair, item: GoldPair, *, ordered: bool) -> bool:
    """True when ``pair`` overlaps ``item`` on both sides (either orientation unless ordered)."""
    if pair.a.overlaps(item.a) and any(pair.b.overlaps(s) for s in item.sources):
        return True
    if ordered:
        return False
    return pair.b.overlaps(item.a) and any(pair.a.overlaps(s) for s in item.sources)


@dataclass(frozen=True, slots=True)
class PairMatching:
    """Which reported pairs are correct and which gold pairs were found (same orders)."""

    correct: tuple[bool, ...]
    found: tuple[bool, ...]


def match_pairs(
    reported: Sequence[SpanPair], gold: Sequence[GoldPair], *, ordered: bool = False
) -> PairMatching:
    """Mark reported pairs that overlap a gold pair on both sides, and gold pairs so found.

    Unless ``ordered``, a reported pair may match a gold pair in either orientation.
    """
    index = _gold_index(gold)
    found = [False] * len(gold)
    correct = []
    for pair in reported:
        candidates = set(index.get(pair.a.doc, [])) | set(index.get(pair.b.doc, []))
        hit = [n for n in candidates if _hits(pair, gold[n], ordered=ordered)]
        correct.append(bool(hit))
        for n in hit:
            found[n] = True
    return PairMatching(tuple(correct), tuple(found))


def sentence_pair_scores(
    reported: Sequence[SpanPair], gold: Sequence[GoldPair], *, ordered: bool = False
) -> PRF:
    """Sentence-pair precision and recall by overlap on both sides.

    A reported pair is correct when it overlaps some gold pair (any of its equivalent sources)
    on both sides; a required gold pair is found when some reported pair overlaps it so.
    """
    m = match_pairs(reported, gold, ordered=ordered)
    required = [f for f, item in zip(m.found, gold, strict=True) if item.required]
    return _prf(sum(m.correct), len(reported), sum(required), len(required))


def article_pair_scores(
    reported: Iterable[tuple[str, str]], gold: Iterable[tuple[str, str]]
) -> PRF:
    """Precision and recall of unordered article pairs."""
    got = {frozenset(p) for p in reported if p[0] != p[1]}
    want = {frozenset(p) for p in gold if p[0] != p[1]}
    both = len(got & want)
    return _prf(both, len(got), both, len(want))


# --- PAN character-level measures (Potthast et al., COLING 2010) -------------------------------


@dataclass(frozen=True, slots=True)
class PanScores:
    """PAN macro-averaged character precision and recall, granularity and plagdet."""

    precision: float
    recall: float
    granularity: float
    plagdet: float
    cases: int
    detections: int


def _detects(r: SpanPair, s: SpanPair) -> bool:
    """PAN: detection ``r`` detects case ``s`` when they overlap in both documents."""
    return r.a.overlaps(s.a) and r.b.overlaps(s.b)


def _covered(span: Span, others: Iterable[Span]) -> int:
    """Number of characters of ``span`` covered by the union of ``others``."""
    clipped = sorted(
        (max(span.start, o.start), min(span.end, o.end)) for o in others if o.overlaps(span)
    )
    total, reach = 0, span.start
    for lo, hi in clipped:
        lo = max(lo, reach)
        if hi > lo:
            total += hi - lo
            reach = hi
    return total


def _pair_index(items: Sequence[SpanPair]) -> dict[tuple[str, str], list[SpanPair]]:
    index: dict[tuple[str, str], list[SpanPair]] = defaultdict(list)
    for item in items:
        index[item.a.doc, item.b.doc].append(item)
    return index


def _macro_recall(cases: Sequence[SpanPair], detections: Sequence[SpanPair]) -> float:
    """Mean over cases of the share of the case's characters (both sides) that true
    detections cover. Precision is the same measure with the roles swapped."""
    if not cases or not detections:
        return 1.0 if not cases and not detections else 0.0
    index = _pair_index(detections)
    total = 0.0
    for s in cases:
        hits = [r for r in index.get((s.a.doc, s.b.doc), []) if _detects(r, s)]
        covered = _covered(s.a, (r.a for r in hits)) + _covered(s.b, (r.b for r in hits))
        total += covered / (len(s.a) + len(s.b))
    return total / len(cases)


def _granularity(cases: Sequence[SpanPair], detections: Sequence[SpanPair]) -> float:
    """Mean number of detections per detected case (1 when no case is detected)."""
    index = _pair_index(detections)
    counts = [sum(_detects(r, s) for r in index.get((s.a.doc, s.b.doc), [])) for s in cases]
    detected = [c for c in counts if c > 0]
    return sum(detected) / len(detected) if detected else 1.0


def plagdet(precision: float, recall: float, granularity: float) -> float:
    """PAN's combined score: F1 / log2(1 + granularity)."""
    if precision <= 0 and recall <= 0:
        return 0.0
    return f1(precision, recall) / math.log2(1 + granularity)


def pan_scores(cases: Sequence[SpanPair], detections: Sequence[SpanPair]) -> PanScores:
    """PAN character measures; ``a`` is the suspicious side and ``b`` the source side.

    Macro-averaged over all cases (recall) and all detections (precision) of the collection.
    """
    recall = _macro_recall(cases, detections)
    precision = _macro_recall(detections, cases)
    gran = _granularity(cases, detections)
    return PanScores(
        precision, recall, gran, plagdet(precision, recall, gran), len(cases), len(detections)
    )


# --- clustering and rank correlation ------------------------------------------------------------


def _comb2(n: int) -> int:
    return n * (n - 1) // 2


def adjusted_rand_index(truth: Mapping[str, Hashable], predicted: Mapping[str, Hashable]) -> float:
    """Adjusted Rand index (Hubert & Arabie) of two labelings over the items of ``truth``.

    Items missing from ``predicted`` are singletons. Returns 1.0 when both labelings are
    trivially identical (all singletons or one cluster).
    """
    items = list(truth)
    pred = {i: predicted.get(i, ("__singleton__", i)) for i in items}
    joint = Counter((truth[i], pred[i]) for i in items)
    index = sum(_comb2(n) for n in joint.values())
    a = sum(_comb2(n) for n in Counter(truth[i] for i in items).values())
    b = sum(_comb2(n) for n in Counter(pred[i] for i in items).values())
    total = _comb2(len(items))
    expected = a * b / total if total else 0.0
    maximum = (a + b) / 2
    if maximum == expected:
        return 1.0
    return (index - expected) / (maximum - expected)


def _ranks(values: Sequence[float]) -> list[float]:
    """1-based ranks, ties get the average of the ranks they span."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def spearman(x: Sequence[float], y: Sequence[float]) -> float:
    """Spearman's rho with ties (Pearson correlation of average ranks); nan if constant."""
    if len(x) != len(y):
        raise ValueError("x and y differ in length")
    rx, ry = _ranks(x), _ranks(y)
    n = len(rx)
    mx, my = sum(rx) / n, sum(ry) / n
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    vx = sum((a - mx) ** 2 for a in rx)
    vy = sum((b - my) ** 2 for b in ry)
    if vx == 0 or vy == 0:
        return math.nan
    return cov / math.sqrt(vx * vy)
