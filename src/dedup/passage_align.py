"""Passages: the sentence pairs of an article pair grown into whole copied passages.

Two copies of a web page or a wire story are seldom broken into units the same way, so a
passage matched sentence by sentence comes out in pieces, with its edges wherever the units
happened to end. Inside an article pair that is already aligned, the sentence pairs are seeds:
seeds close together in both articles are chained into a region (in any order inside it, since
page layouts interleave lines), and the region, widened by ``margin`` tokens, is aligned token
by token (the longest common subsequence, rapidfuzz). The passage is the best-scoring run of
that alignment, a local alignment in the manner of Smith-Waterman: each matched token scores 1,
each token skipped on either side costs ``GAP_COST``. It never shrinks below the matched tokens
of its seeds. Each target sentence the passage touches is then paired with the source tokens
aligned to it (a part of a sentence, or several), or with its seed when the order differs.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Indel

from dedup.align import SentencePair, Tokens, similarity

GAP_COST = 0.5
"""Score of a token skipped on either side between two matched runs of a passage."""

GROWTH_SIMILARITY = 0.9
"""Least similarity of a sentence that joins a passage without a sentence pair of its own: the
passage grows through text copied nearly word for word, not through paraphrase."""

Range = tuple[int, int]
"""Tokens ``start .. end-1`` of an article's token stream (its sentences' tokens in a row)."""
Block = tuple[int, int, int]
"""``(target, source, length)``: a run of equal tokens at those stream positions."""


@dataclass(frozen=True, slots=True)
class Passage:
    """Stream tokens ``target`` of the target article copied from ``source``; ``pairs`` pairs
    each target sentence the passage touches with the source text aligned to it."""

    target: Range
    source: Range
    pairs: tuple[SentencePair, ...]


@dataclass(frozen=True, slots=True)
class Stream:
    """An article's sentences as one token stream: sentence ``i`` is ``starts[i] .. starts[i+1]-1``.

    >>> stream = Stream.of([["a", "b"], [], ["c"]])
    >>> stream.starts, stream.locate(2)
    ((0, 2, 2, 3), (2, 0))
    """

    tokens: tuple[str, ...]
    starts: tuple[int, ...]

    @classmethod
    def of(cls, sentences: Sequence[Tokens]) -> Stream:
        """The stream of ``sentences``."""
        starts = (0, *itertools.accumulate(map(len, sentences)))
        return cls(tuple(itertools.chain.from_iterable(sentences)), starts)

    def locate(self, position: int) -> tuple[int, int]:
        """``(sentence, token)`` of the token at stream ``position`` (a non-empty sentence)."""
        sentence = bisect.bisect_right(self.starts, position) - 1
        return sentence, position - self.starts[sentence]

    def sentence(self, i: int) -> Range:
        """The stream range of sentence ``i``."""
        return self.starts[i], self.starts[i + 1]


def align_passages(
    source: Sequence[Tokens],
    target: Sequence[Tokens],
    seeds: Sequence[SentencePair],
    *,
    min_similarity: float,
    min_tokens: int,
    reach: int,
    margin: int,
) -> list[Passage]:
    """Grow the sentence pairs ``seeds`` of two articles into passages, in target order.

    Seeds at most ``reach`` tokens apart on both sides form one region; a passage may extend
    ``margin`` tokens beyond its region on each side, and not into the previous passage. A
    target sentence is paired with its aligned source text when they are at least
    ``min_similarity`` alike and the part holds ``min_tokens`` tokens (or is the whole sentence,
    word for word), else with its seed, else not at all.

    >>> src = [s.split() for s in ["x y", "the bridge shut on monday after the", "storm hit it"]]
    >>> dst = [s.split() for s in ["the bridge shut on monday", "after the storm hit", "z"]]
    >>> seed = SentencePair(target=0, source=1, similarity=0.8)
    >>> [(p.target, p.source) for p in
    ...  align_passages(src, dst, [seed], min_similarity=0.7, min_tokens=2, reach=10, margin=10)]
    [((0, 9), (2, 11))]
    """
    if not seeds:
        return []
    s_stream, t_stream = Stream.of(source), Stream.of(target)
    rectangles = sorted(_rectangle(s_stream, t_stream, seed) for seed in seeds)
    chains = _chains(rectangles, reach)
    chains.sort(key=lambda chain: -sum(r[0][1] - r[0][0] for r in chain))
    passages: list[Passage] = []
    for chain in chains:  # the longest first: a seed inside a passage adds nothing
        taken = sorted(p.target for p in passages)
        region = [r for r in chain if not _inside(r[0], taken)]
        if not region:
            continue
        blocks = _grow(s_stream, t_stream, region, margin, taken)
        if not blocks:
            continue
        t_range = (min(b[0] for b in blocks), max(b[0] + b[2] for b in blocks))
        s_range = (min(b[1] for b in blocks), max(b[1] + b[2] for b in blocks))
        pairs = _pairs(
            s_stream, t_stream, blocks, (t_range, s_range), region, min_similarity, min_tokens
        )
        if pairs:
            passages.append(Passage(t_range, s_range, pairs))
    return sorted(passages, key=lambda p: p.target)


def _inside(span: Range, taken: Sequence[Range]) -> bool:
    """Whether most of ``span`` lies in the ranges ``taken``."""
    covered = sum(max(0, min(span[1], b) - max(span[0], a)) for a, b in taken)
    return 2 * covered >= span[1] - span[0]


Rectangle = tuple[Range, Range, SentencePair]
"""A seed's target and source stream ranges, and the seed."""


def _rectangle(s_stream: Stream, t_stream: Stream, seed: SentencePair) -> Rectangle:
    t_start = t_stream.starts[seed.target]
    s_start = s_stream.starts[seed.source]
    t_part = seed.target_part or (0, t_stream.starts[seed.target + seed.target_count] - t_start)
    s_part = seed.source_part or (0, s_stream.starts[seed.source + seed.source_count] - s_start)
    return (
        (t_start + t_part[0], t_start + t_part[1]),
        (s_start + s_part[0], s_start + s_part[1]),
        seed,
    )


def _chains(rectangles: Sequence[Rectangle], reach: int) -> list[list[Rectangle]]:
    """Group seeds (sorted by target): each joins the latest group whose ranges it comes
    within ``reach`` tokens of on both sides, or starts a group."""
    chains: list[list[Rectangle]] = []
    envelopes: list[tuple[Range, Range]] = []
    for rect in rectangles:
        (u0, u1), (v0, v1) = rect[0], rect[1]
        for i in reversed(range(len(chains))):
            (t0, t1), (s0, s1) = envelopes[i]
            if u0 - t1 <= reach and v0 - s1 <= reach and s0 - v1 <= reach:
                chains[i].append(rect)
                envelopes[i] = ((t0, max(t1, u1)), (min(s0, v0), max(s1, v1)))
                break
        else:
            chains.append([rect])
            envelopes.append(((u0, u1), (v0, v1)))
    return chains


def _envelope(rects: Sequence[Rectangle]) -> tuple[Range, Range]:
    return (
        (min(r[0][0] for r in rects), max(r[0][1] for r in rects)),
        (min(r[1][0] for r in rects), max(r[1][1] for r in rects)),
    )


def _grow(
    s_stream: Stream,
    t_stream: Stream,
    region: Sequence[Rectangle],
    margin: int,
    taken: Sequence[Range],
) -> list[Block]:
    """The matched runs of the region widened by ``margin`` (not into target ranges already
    ``taken``), cut to their best-scoring stretch and joined by the seeds' own matched tokens."""
    (t0, t1), (s0, s1) = _envelope(region)
    low = max([b for a, b in taken if b <= t0], default=0)
    high = min([a for a, b in taken if a >= t1], default=len(t_stream.tokens))
    t_window = (max(low, t0 - margin), min(high, t1 + margin))
    s_window = (max(0, s0 - margin), min(len(s_stream.tokens), s1 + margin))
    blocks = best_stretch(
        matched_runs(s_stream.tokens, t_stream.tokens, t_window, s_window), gap_cost=GAP_COST
    )
    covered = Cover([*((t, t + length) for t, _, length in blocks), *taken])
    for (u0, u1), (v0, v1), _seed in region:
        if covered.holds((u0, u1)):
            continue  # the stretch holds the whole seed: its own runs would all be cut away
        # a seed the stretch misses (its text moved) still belongs to the passage
        pieces = [
            piece
            for block in matched_runs(s_stream.tokens, t_stream.tokens, (u0, u1), (v0, v1))
            for piece in covered.outside(block)
        ]
        for t, _, length in pieces:
            covered.add((t, t + length))
        blocks += pieces
    return blocks


class Cover:
    """A union of target ranges, kept as sorted disjoint ranges.

    >>> cover = Cover([(18, 30), (12, 14), (25, 26)])
    >>> cover.outside((10, 50, 10)), cover.holds((19, 30)), cover.holds((13, 15))
    ([(10, 50, 2), (14, 54, 4)], True, False)
    """

    def __init__(self, ranges: Sequence[Range]) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        for start, end in sorted(ranges):
            if start >= end:
                continue
            if self.ends and start <= self.ends[-1]:
                self.ends[-1] = max(self.ends[-1], end)
            else:
                self.starts.append(start)
                self.ends.append(end)

    def holds(self, span: Range) -> bool:
        """Whether the union holds all of the non-empty ``span``."""
        i = bisect.bisect_right(self.starts, span[0]) - 1
        return span[0] < span[1] and i >= 0 and self.ends[i] >= span[1]

    def outside(self, block: Block) -> list[Block]:
        """The pieces of ``block`` whose target tokens lie outside the union, in order."""
        t, s, length = block
        end = t + length
        pieces = []
        at = t
        i = bisect.bisect_right(self.ends, t)  # the first range that ends after t
        while i < len(self.starts) and self.starts[i] < end:
            if self.starts[i] > at:
                pieces.append((at, s + at - t, self.starts[i] - at))
            at = max(at, self.ends[i])
            i += 1
        if at < end:
            pieces.append((at, s + at - t, end - at))
        return pieces

    def add(self, span: Range) -> None:
        """Add ``span``, which overlaps no range of the union (it may touch them)."""
        start, end = span
        i = bisect.bisect_left(self.starts, start)
        if i > 0 and self.ends[i - 1] == start:  # touches the range before: extend it
            i -= 1
            self.ends[i] = end
        else:
            self.starts.insert(i, start)
            self.ends.insert(i, end)
        if i + 1 < len(self.starts) and self.starts[i + 1] == end:  # and the one after
            self.ends[i] = self.ends.pop(i + 1)
            del self.starts[i + 1]


def matched_runs(
    source: Sequence[str], target: Sequence[str], t_window: Range, s_window: Range
) -> list[Block]:
    """Runs of equal tokens on a longest common subsequence of the two windows.

    >>> matched_runs("a b c d".split(), "x b c y d".split(), (0, 5), (0, 4))
    [(1, 1, 2), (4, 3, 1)]
    """
    (t0, t1), (s0, s1) = t_window, s_window
    if t1 <= t0 or s1 <= s0:
        return []
    found = Indel.opcodes(source[s0:s1], target[t0:t1]).as_matching_blocks()
    return [(t0 + m.b, s0 + m.a, m.size) for m in found if m.size]


def best_stretch(blocks: Sequence[Block], *, gap_cost: float) -> list[Block]:
    """The consecutive ``blocks`` (in order on both sides) with the highest score: their
    lengths, less ``gap_cost`` for each token skipped between them on either side.

    >>> best_stretch([(0, 0, 1), (9, 9, 5), (14, 15, 4), (30, 30, 2)], gap_cost=0.5)
    [(9, 9, 5), (14, 15, 4)]
    """
    best: tuple[float, int, int] = (0.0, 0, 0)
    score, first = 0.0, 0
    for i, (t, s, length) in enumerate(blocks):
        if i > first:
            previous = blocks[i - 1]
            score -= gap_cost * (t - previous[0] - previous[2] + s - previous[1] - previous[2])
        if score <= 0:
            score, first = 0.0, i
        score += length
        if score > best[0]:
            best = (score, first, i + 1)
    return list(blocks[best[1] : best[2]])


def _pairs(
    s_stream: Stream,
    t_stream: Stream,
    blocks: Sequence[Block],
    ranges: tuple[Range, Range],
    region: Sequence[Rectangle],
    min_similarity: float,
    min_tokens: int,
) -> tuple[SentencePair, ...]:
    """The seeds inside the passage; and for each other target sentence the passage touches,
    its part inside the passage and the source tokens aligned to it, when alike and long enough
    (``GROWTH_SIMILARITY`` for a sentence without a seed); else its seed, if it has one."""
    t_range, s_range = ranges
    kept = [r[2] for r in region if _within(r[0], t_range) and _within(r[1], s_range)]
    held = {t for p in kept for t in range(p.target, p.target + p.target_count)}
    seeds = {r[2].target: r[2] for r in region if r[2].target_count == 1}
    first, _ = t_stream.locate(t_range[0])
    last, _ = t_stream.locate(t_range[1] - 1)
    pairs = list(kept)
    for t in range(first, last + 1):
        if t in held:
            continue
        start, end = t_stream.sentence(t)
        clip = (max(start, t_range[0]), min(end, t_range[1]))
        aligned = _aligned(blocks, clip)
        pair = None if aligned is None else _pair(s_stream, t_stream, t, clip, aligned)
        short = clip[1] - clip[0] < min_tokens
        least = 1.0 if short else min_similarity if t in seeds else GROWTH_SIMILARITY
        if pair is None or pair.similarity < least or (short and clip != (start, end)):
            pair = seeds.get(t)
        if pair is not None:
            pairs.append(pair)
    return tuple(sorted(pairs, key=lambda p: (p.target, p.target_part or (0, 0))))


def _within(inner: Range, outer: Range) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def _aligned(blocks: Sequence[Block], clip: Range) -> Range | None:
    """The source range spanned by the tokens the target range ``clip`` is matched to."""
    lows, highs = [], []
    for t, s, length in blocks:
        low, high = max(t, clip[0]), min(t + length, clip[1])
        if low < high:
            lows.append(s + low - t)
            highs.append(s + high - t)
    return (min(lows), max(highs)) if lows else None


def _pair(
    s_stream: Stream, t_stream: Stream, t: int, clip: Range, aligned: Range
) -> SentencePair | None:
    source_first, _ = s_stream.locate(aligned[0])
    source_last, _ = s_stream.locate(aligned[1] - 1)
    if source_last < source_first:
        return None
    t_start, t_end = t_stream.sentence(t)
    s_start = s_stream.starts[source_first]
    s_end = s_stream.starts[source_last + 1]
    score = similarity(t_stream.tokens[clip[0] : clip[1]], s_stream.tokens[aligned[0] : aligned[1]])
    return SentencePair(
        target=t,
        source=source_first,
        similarity=score,
        source_count=source_last - source_first + 1,
        target_part=None if clip == (t_start, t_end) else (clip[0] - t_start, clip[1] - t_start),
        source_part=None
        if aligned == (s_start, s_end)
        else (aligned[0] - s_start, aligned[1] - s_start),
    )
