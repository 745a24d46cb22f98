"""Sentence similarity and one-to-one sentence alignment between two articles.

Similarity works on normalised word tokens. It is the larger of two scores:

* the token-sequence similarity ``2 * LCS / (len(a) + len(b))`` (rapidfuzz's Indel), which
  tolerates words changed, added or dropped and ignores case, punctuation and quote style;
* ``REORDER_WEIGHT`` times the multiset Dice coefficient, so that clauses moved inside a
  sentence still count, while two sentences that merely share vocabulary score lower.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz.distance import Indel
from rapidfuzz.process import cdist

REORDER_WEIGHT = 0.9
"""Discount on the order-free score, so that word order still counts as evidence of copying."""

Tokens = Sequence[str]


@dataclass(frozen=True, slots=True)
class SentencePair:
    """Sentence ``target`` of one article matched to sentence ``source`` of another."""

    target: int
    source: int
    similarity: float


def similarity(a: Tokens, b: Tokens) -> float:
    """Return how alike two token sequences are, in [0, 1] (1.0 when equal).

    >>> similarity(["the", "bridge", "closed"], ["the", "bridge", "closed"])
    1.0
    >>> round(similarity("a b c d e f".split(), "d e f a b c".split()), 2)
    0.9
    >>> similarity([], ["x"])
    0.0
    """
    if not a or not b:
        return 0.0
    ordered = Indel.normalized_similarity(a, b)
    # the LCS of two sorted sequences is their multiset intersection: Indel on them is Dice
    unordered = Indel.normalized_similarity(sorted(a), sorted(b))
    return float(max(ordered, REORDER_WEIGHT * unordered))


def align_sentences(
    source: Sequence[Tokens],
    target: Sequence[Tokens],
    *,
    min_similarity: float,
    min_tokens: int,
) -> list[SentencePair]:
    """Pair sentences of ``target`` with sentences of ``source`` they were copied from.

    Sentences of at least ``min_tokens`` tokens are paired one to one, best pairs first.
    Shorter sentences count only when identical and next to a copied sentence on both sides.

    >>> src = [s.split() for s in ["the harbour bridge shut on monday", "ok", "ferries run"]]
    >>> dst = [s.split() for s in ["ok", "the harbour bridge shut monday", "ok"]]
    >>> [(p.target, p.source) for p in align_sentences(src, dst, min_similarity=0.7, min_tokens=3)]
    [(1, 0), (2, 1)]
    """
    scored = _scored_pairs(source, target, min_similarity=min_similarity, min_tokens=min_tokens)
    pairs: dict[int, SentencePair] = {}
    used: set[int] = set()
    for score, t, s in scored:
        if t not in pairs and s not in used:
            pairs[t] = SentencePair(t, s, score)
            used.add(s)
    extend_with_neighbours(pairs, used, source, target)
    return [pairs[t] for t in sorted(pairs)]


def _scored_pairs(
    source: Sequence[Tokens], target: Sequence[Tokens], *, min_similarity: float, min_tokens: int
) -> list[tuple[float, int, int]]:
    """All (similarity, target, source) of long-enough sentences at or above ``min_similarity``."""
    t_ids = [t for t, tokens in enumerate(target) if len(tokens) >= min_tokens]
    s_ids = [s for s, tokens in enumerate(source) if len(tokens) >= min_tokens]
    if not t_ids or not s_ids:
        return []
    t_seqs, s_seqs = [target[t] for t in t_ids], [source[s] for s in s_ids]
    ordered = cdist(t_seqs, s_seqs, scorer=Indel.normalized_similarity, dtype=np.float64)
    unordered = cdist(
        [sorted(x) for x in t_seqs],
        [sorted(x) for x in s_seqs],
        scorer=Indel.normalized_similarity,
        dtype=np.float64,
    )
    scores = np.maximum(ordered, REORDER_WEIGHT * unordered)
    rows, cols = np.nonzero(scores >= min_similarity)
    scored = [(float(scores[r, c]), t_ids[r], s_ids[c]) for r, c in zip(rows, cols, strict=True)]
    scored.sort(key=lambda item: (-item[0], item[1], item[2]))
    return scored


def extend_with_neighbours(
    pairs: dict[int, SentencePair],
    used: set[int],
    source: Sequence[Tokens],
    target: Sequence[Tokens],
) -> None:
    """Grow matched runs by identical neighbouring sentences (short ones included), in place."""
    frontier = sorted(pairs)
    while frontier:
        t = frontier.pop()
        s = pairs[t].source
        for step in (-1, 1):
            nt, ns = t + step, s + step
            if not (0 <= nt < len(target) and 0 <= ns < len(source)):
                continue
            if nt in pairs or ns in used or not target[nt] or target[nt] != source[ns]:
                continue
            pairs[nt] = SentencePair(nt, ns, 1.0)
            used.add(ns)
            frontier.append(nt)
