"""Parts of sentences: a target sentence that holds whole sentences of its source article.

Summaries and re-wrapped pages glue two sentences into one unit that no splitter can tell
apart (the first ends without a full stop, the second starts in lower case). The glued unit
scores about 0.6 against either sentence, below the sentence threshold, and its two sentences
are seldom adjacent in the source, so windows of consecutive sentences miss them too. Inside an
article pair that is already aligned, each free target sentence is searched for the free source
sentences it contains nearly in order; each contained sentence is paired with its part alone.
The same search with the roles swapped finds source sentences that glue target sentences.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from rapidfuzz.distance import Indel
from rapidfuzz.process import cpdist

from dedup.align import Overlap, SentencePair, Tokens, Within, similarity

CONTAINMENT = 0.8
"""Least share of a source sentence's tokens found in order in a target sentence, to look for
the part of the target that matches it."""


Region = tuple[int, int, int]
"""``(sentence, start, end)``: tokens ``start .. end-1`` of a target sentence."""


def align_parts(
    source: Sequence[Tokens],
    target: Sequence[Tokens],
    pairs: Sequence[SentencePair],
    *,
    min_similarity: float,
    min_tokens: int,
    within: Within | None = None,
    overlap: Overlap | None = None,
) -> list[SentencePair]:
    """Return ``pairs`` with parts of target sentences paired with free source sentences
    (only those ``within`` allows, when given). ``overlap``, when given, is
    ``Overlap.of(source, target)``.

    A part is the run of target tokens most similar to a source sentence of at least
    ``min_tokens`` tokens; it counts when that similarity reaches ``min_similarity``. Parts are
    sought in free target sentences, and in what a paired sentence holds beyond its source (which
    is then paired by its part alone). Parts do not overlap; a source sentence is used once.

    >>> src = [s.split() for s in ["the bridge shut on monday", "ferries ran all day long"]]
    >>> dst = [s.split() for s in ["ferries ran all day long and the bridge shut on monday"]]
    >>> [(p.target, p.source, p.target_part) for p in
    ...  align_parts(src, dst, [], min_similarity=0.7, min_tokens=5)]
    [(0, 1, (0, 5)), (0, 0, (6, 11))]
    """
    sources, targets = within or (range(len(source)), range(len(target)))
    held = _held_parts(source, target, pairs, min_tokens)
    regions = [r for r in _free_regions(target, pairs, held, min_tokens) if r[0] in targets]
    used_s = {s for p in pairs for s in range(p.source, p.source + p.source_count)}
    free_s = [
        s
        for s in range(len(source))
        if s not in used_s and len(source[s]) >= min_tokens and s in sources
    ]
    shared = (overlap or Overlap.of(source, target)).shared
    found = []
    for (t, start, end), s in _containing(source, free_s, target, regions, min_tokens, shared):
        score, (first, last) = _best_part(source[s], target[t][start:end], min_tokens)
        if score >= min_similarity:
            found.append((score, t, s, (start + first, start + last)))
    found.sort(key=lambda f: (-f[0], f[1], f[2]))
    parts = _without_overlaps(found, held)
    split = {p.target for p in parts}
    kept = [p for p in pairs if p.target not in split] + parts
    kept += [part for t, part in held.items() if t in split]
    return sorted(kept, key=lambda p: (p.target, p.target_part or (0, 0)))


def align_source_parts(
    source: Sequence[Tokens],
    target: Sequence[Tokens],
    pairs: Sequence[SentencePair],
    *,
    min_similarity: float,
    min_tokens: int,
    within: Within | None = None,
    overlap: Overlap | None = None,
) -> list[SentencePair]:
    """``align_parts`` with the roles swapped: free target sentences paired with the parts of
    source sentences that hold them (``source_part`` set).

    >>> src = [s.split() for s in ["ferries ran all day long and the bridge shut on monday"]]
    >>> dst = [s.split() for s in ["the bridge shut on monday", "ferries ran all day long"]]
    >>> [(p.target, p.source, p.source_part) for p in
    ...  align_source_parts(src, dst, [], min_similarity=0.7, min_tokens=5)]
    [(0, 0, (6, 11)), (1, 0, (0, 5))]
    """
    swapped = align_parts(
        target,
        source,
        [_swap(p) for p in pairs],
        min_similarity=min_similarity,
        min_tokens=min_tokens,
        within=(within[1], within[0]) if within else None,
        overlap=overlap.swapped() if overlap else None,
    )
    return sorted((_swap(p) for p in swapped), key=lambda p: (p.target, p.target_part or (0, 0)))


def _swap(pair: SentencePair) -> SentencePair:
    """``pair`` seen from the other article."""
    return SentencePair(
        target=pair.source,
        source=pair.target,
        similarity=pair.similarity,
        target_count=pair.source_count,
        source_count=pair.target_count,
        target_part=pair.source_part,
        source_part=pair.target_part,
    )


def _held_parts(
    source: Sequence[Tokens],
    target: Sequence[Tokens],
    pairs: Sequence[SentencePair],
    min_tokens: int,
) -> dict[int, SentencePair]:
    """The part of each paired target sentence that its source covers, when the sentence is
    at least ``min_tokens`` longer than the source (room for another sentence)."""
    held = {}
    for p in pairs:
        if p.target_count != 1 or p.source_count != 1 or p.target_part or p.source_part:
            continue
        if len(target[p.target]) < len(source[p.source]) + min_tokens:
            continue
        score, part = _best_part(source[p.source], target[p.target], min_tokens)
        held[p.target] = SentencePair(
            p.target, p.source, max(score, p.similarity), target_part=part
        )
    return held


def _free_regions(
    target: Sequence[Tokens],
    pairs: Sequence[SentencePair],
    held: dict[int, SentencePair],
    min_tokens: int,
) -> list[Region]:
    """Unpaired target sentences, and the ends of paired ones beyond their held part, of at
    least ``min_tokens`` tokens."""
    used_t = {t for p in pairs for t in range(p.target, p.target + p.target_count)}
    regions = [(t, 0, len(target[t])) for t in range(len(target)) if t not in used_t]
    for t, pair in held.items():
        first, last = pair.target_part or (0, 0)
        regions += [(t, 0, first), (t, last, len(target[t]))]
    return [r for r in regions if r[2] - r[1] >= min_tokens]


def _containing(
    source: Sequence[Tokens],
    free_s: list[int],
    target: Sequence[Tokens],
    regions: list[Region],
    min_tokens: int,
    shared: npt.NDArray[np.int32],
) -> list[tuple[Region, int]]:
    """``(region, s)`` where a target region holds at least ``CONTAINMENT`` of the tokens of
    source sentence ``s`` in order (and at least ``min_tokens`` of them); ``shared`` holds the
    tokens each target sentence shares with each source sentence, more than any region of the
    target sentence holds in order: only the cells it lets pass are aligned."""
    if not free_s or not regions:
        return []
    s_lengths = np.array([len(source[s]) for s in free_s])
    bound = shared[np.ix_([t for t, _, _ in regions], free_s)]
    rows, columns = np.nonzero((bound >= CONTAINMENT * s_lengths - 1e-9) & (bound >= min_tokens))
    if not len(rows):
        return []
    row_list, column_list = rows.tolist(), columns.tolist()
    parts = [target[t][start:end] for t, start, end in (regions[r] for r in row_list)]
    distance = cpdist(parts, [source[free_s[c]] for c in column_list], scorer=Indel.distance)
    t_lengths = np.array([len(x) for x in parts])
    common = (t_lengths + s_lengths[columns] - distance) / 2  # the length of their LCS
    ok = (common >= CONTAINMENT * s_lengths[columns]) & (common >= min_tokens)
    kept = zip(row_list, column_list, ok.tolist(), strict=True)
    return [(regions[r], free_s[c]) for r, c, good in kept if good]


def _best_part(source: Tokens, target: Tokens, min_tokens: int) -> tuple[float, tuple[int, int]]:
    """The run of ``target`` most similar to ``source``, with its similarity; runs start and
    end where the blocks of their longest common subsequence do."""
    blocks = [op for op in Indel.opcodes(source, target) if op.tag == "equal"]
    best = (0.0, (0, 0))
    for i, first in enumerate(blocks):
        for last in blocks[i:]:
            run = (first.dest_start, last.dest_end)
            score = similarity(target[run[0] : run[1]], source, min_shared=min_tokens)
            best = max(best, (score, run), key=lambda b: (b[0], -(b[1][1] - b[1][0])))
    return best


def _without_overlaps(
    found: list[tuple[float, int, int, tuple[int, int]]], held: dict[int, SentencePair]
) -> list[SentencePair]:
    """Accept the parts best first, each source sentence once, apart from the other parts
    (and the held part) of their target sentence."""
    taken = {t: [pair.target_part or (0, 0)] for t, pair in held.items()}
    used_s: set[int] = set()
    accepted = []
    for score, t, s, (start, end) in found:
        runs = taken.setdefault(t, [])
        if s in used_s or any(start < b and a < end for a, b in runs):
            continue
        runs.append((start, end))
        used_s.add(s)
        accepted.append(SentencePair(t, s, score, target_part=(start, end)))
    return accepted
