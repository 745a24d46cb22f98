"""Sentence similarity, and the alignment of the sentences of two articles.

Similarity works on normalised word tokens. It is the larger of two scores:

* the token-sequence similarity ``2 * LCS / (len(a) + len(b))`` (rapidfuzz's Indel), which
  tolerates words changed, added or dropped and ignores case, punctuation and quote style;
* ``REORDER_WEIGHT`` times the multiset Dice coefficient, so that clauses moved inside a
  sentence still count, while two sentences that merely share vocabulary score lower;

then discounted by how much the numbers of the two sentences disagree, weighted by the share of
number tokens: templated items ("Shr 5 cts vs 3 cts") share their words but not their facts.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np
import numpy.typing as npt
from rapidfuzz.distance import Indel, LCSseq
from rapidfuzz.process import cdist, cpdist

REORDER_WEIGHT = 0.9
"""Discount on the order-free score, so that word order still counts as evidence of copying."""

MAX_WINDOW = 3
"""Most consecutive sentences on one side that may match a single sentence on the other."""

WINDOW_REACH = 3
"""Target sentences this close to a matched one are tried against windows of sentences."""

Tokens = Sequence[str]

Within = tuple[Collection[int], Collection[int]]
"""``(source sentences, target sentences)``: the only ones an alignment may pair."""


@dataclass(frozen=True, slots=True)
class Overlap:
    """Two articles' sentences with their tokens sorted, and ``shared[t, s]``: how many tokens
    target sentence ``t`` shares with source sentence ``s``, repeats counted (their multiset
    intersection). No alignment of two token runs matches more tokens than their sentences
    share, so the counts rule out most cells of an article pair before any is scored.

    >>> overlap = Overlap.of([["a", "b", "a"], ["c"]], [["b", "a", "a", "d"]])
    >>> overlap.shared.tolist(), overlap.sorted_target
    ([[3, 0]], [['a', 'a', 'b', 'd']])
    """

    sorted_source: Sequence[list[str]]
    sorted_target: Sequence[list[str]]
    shared: npt.NDArray[np.int32]

    @classmethod
    def of(
        cls,
        source: Sequence[Tokens],
        target: Sequence[Tokens],
        *,
        rows: Collection[int] | None = None,
    ) -> Overlap:
        """The overlap of the sentences of ``source`` and ``target``; with ``rows``, of those
        target sentences only (the others share nothing and have no sorted tokens here): all
        that an alignment of ``target`` sentences ``rows`` reads.

        >>> overlap = Overlap.of([["a", "b"]], [["b", "a"], ["a"], ["c"]], rows=[1, 7])
        >>> overlap.shared.tolist(), overlap.sorted_target
        ([[0], [1], [0]], [[], ['a'], []])
        """
        sorted_source = [sorted(x) for x in source]
        if rows is None:
            sorted_target = [sorted(x) for x in target]
            return cls(sorted_source, sorted_target, shared_tokens(sorted_target, sorted_source))
        picked = sorted(t for t in set(rows) if 0 <= t < len(target))
        sorted_target = [[] for _ in target]
        for t in picked:
            sorted_target[t] = sorted(target[t])
        shared = np.zeros((len(target), len(source)), dtype=np.int32)
        if picked:
            shared[picked] = shared_tokens([sorted_target[t] for t in picked], sorted_source)
        return cls(sorted_source, sorted_target, shared)

    def swapped(self) -> Overlap:
        """The overlap seen from the other article."""
        return Overlap(self.sorted_target, self.sorted_source, self.shared.T)


def shared_tokens(
    rows: Sequence[Sequence[str]], columns: Sequence[Sequence[str]]
) -> npt.NDArray[np.int32]:
    """Tokens each row shares with each column (repeats counted), given each one's tokens
    sorted: the longest common subsequence of two sorted sequences is their multiset
    intersection (rapidfuzz, all against all).

    >>> shared_tokens([["a", "a", "b"]], [["a", "b", "b"], []]).tolist()
    [[2, 0]]
    """
    if not rows or not columns:
        return np.zeros((len(rows), len(columns)), dtype=np.int32)
    return cdist(rows, columns, scorer=LCSseq.similarity, dtype=np.int32)


@dataclass(frozen=True, slots=True)
class SentencePair:
    """Sentences ``target .. target+target_count-1`` matched to ``source .. source+source_count-1``.

    Usually one sentence each; more when one article splits a sentence the other keeps whole.
    ``target_part`` is set when only tokens ``start .. end-1`` of the target sentence match;
    ``source_part`` likewise, counted from the first token of sentence ``source``.
    """

    target: int
    source: int
    similarity: float
    target_count: int = 1
    source_count: int = 1
    target_part: tuple[int, int] | None = None
    source_part: tuple[int, int] | None = None


NUMBER_WORDS = frozenset(
    [
        "nil",
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
        "thirty",
        "forty",
        "fifty",
        "sixty",
        "seventy",
        "eighty",
        "ninety",
        "hundred",
        "thousand",
        "million",
        "billion",
        "trillion",
    ]
)
"""Words that count as numbers when checking that two sentences state the same figures."""

TABLE_SHARE = 0.15
"""Two sentences whose tokens are at least this share numbers are table-like lines..."""

TABLE_AGREEMENT = 0.75
"""... whose numbers, in order, must agree at least this much (Indel), or they state different
facts in the same template. A copy that changed one figure of several still passes."""


def numbers(tokens: Tokens) -> tuple[str, ...]:
    """The number tokens of a sentence, in order.

    >>> numbers(["shr", "five", "cts", "vs", "1", "2nd"])
    ('five', '1', '2nd')
    """
    # an all-letter token holds no digit: str.isalpha settles most tokens without a call
    return tuple([t for t in tokens if t in NUMBER_WORDS or (not t.isalpha() and _is_number(t))])


@functools.lru_cache(maxsize=1 << 16)
def _is_number(token: str) -> bool:
    return token in NUMBER_WORDS or any(c.isdigit() for c in token)


def similarity(a: Tokens, b: Tokens, *, min_shared: int = 1) -> float:
    """Return how alike two token sequences are, in [0, 1] (1.0 when equal).

    Fewer than ``min_shared`` shared tokens score 0.0.

    >>> similarity(["the", "bridge", "closed"], ["the", "bridge", "closed"])
    1.0
    >>> round(similarity("a b c d e f".split(), "d e f a b c".split()), 2)
    0.9
    >>> similarity("shr 5 cts vs 3 cts".split(), "shr 8 cts vs 1 cts".split())
    0.0
    >>> similarity([], ["x"])
    0.0
    """
    if not a or not b:
        return 0.0
    return _similarity(a, b, sorted(a), sorted(b), min_shared)


def _similarity(a: Tokens, b: Tokens, sorted_a: Tokens, sorted_b: Tokens, min_shared: int) -> float:
    """``similarity`` of two non-empty sequences whose sorted tokens the caller has at hand."""
    ordered = Indel.normalized_similarity(a, b)
    # the LCS of two sorted sequences is their multiset intersection: Indel on them is Dice
    unordered = Indel.normalized_similarity(sorted_a, sorted_b)
    shared = max(ordered, unordered) * (len(a) + len(b)) / 2
    if shared < min_shared - 1e-9:
        return 0.0
    score = max(ordered, REORDER_WEIGHT * unordered)
    numbers_a = numbers(a)  # most sentences hold none: the other's are not needed then
    if not numbers_a:
        return float(score)
    return float(score * number_agreement(numbers_a, numbers(b), len(a) + len(b)))


def number_agreement(numbers_a: Tokens, numbers_b: Tokens, length: int) -> float:
    """Factor for two sentences of ``length`` tokens in all: 1.0 unless both hold numbers that
    differ; 0.0 for table-like lines (numbers at least ``TABLE_SHARE``) whose numbers agree in
    order less than ``TABLE_AGREEMENT``; otherwise lower the larger the share of numbers.

    >>> number_agreement(("5", "3"), ("8", "1"), 12)
    0.0
    >>> number_agreement(("13", "22"), ("22", "13"), 12)
    0.0
    >>> round(number_agreement(("1", "2", "3", "4"), ("1", "2", "3", "5"), 20), 3)
    0.9
    >>> round(number_agreement(("1994",), ("1995",), 40), 3)
    0.95
    """
    if not numbers_a or not numbers_b:
        return 1.0
    share = (len(numbers_a) + len(numbers_b)) / length
    in_order = Indel.normalized_similarity(numbers_a, numbers_b)
    if share >= TABLE_SHARE and in_order < TABLE_AGREEMENT:
        return 0.0
    agreement = Indel.normalized_similarity(sorted(numbers_a), sorted(numbers_b))
    return 1.0 - share * (1.0 - agreement)


def pairwise_similarity(
    firsts: Sequence[Tokens],
    seconds: Sequence[Tokens],
    *,
    min_shared: int = 1,
    floor: float = 0.0,
    sorted_tokens: tuple[Sequence[Tokens], Sequence[Tokens]] | None = None,
) -> npt.NDArray[np.float64]:
    """``similarity(firsts[i], seconds[i])`` for every ``i`` at once (rapidfuzz, in C++);
    scores below ``floor`` may come back as any value below ``floor``. ``sorted_tokens``, when
    given, holds each sequence's tokens already sorted (a caller that meets a sentence in many
    pairs sorts it once).

    >>> pairwise_similarity([["a", "b"], ["x"]], [["a", "b"], ["y"]]).tolist()
    [1.0, 0.0]
    """
    if not firsts:
        return np.zeros(0, dtype=np.float64)
    ordered, unordered = _ordered_and_unordered(cpdist, firsts, seconds, sorted_tokens)
    return _combined(firsts, seconds, ordered, unordered, min_shared=min_shared, floor=floor)


def _combined(
    firsts: Sequence[Tokens],
    seconds: Sequence[Tokens],
    ordered: npt.NDArray[np.float64],
    unordered: npt.NDArray[np.float64],
    *,
    min_shared: int,
    floor: float,
) -> npt.NDArray[np.float64]:
    """``_similarity`` of each pair ``firsts[i], seconds[i]`` from its ordered and order-free
    Indel scores, with ``_similarity``'s arithmetic; scores below ``floor`` are left without
    the number discount (they may come back as any value below ``floor``)."""
    lengths = np.array([len(a) + len(b) for a, b in zip(firsts, seconds, strict=True)])
    shared = np.maximum(ordered, unordered) * lengths / 2
    scores = np.where(
        shared >= min_shared - 1e-9, np.maximum(ordered, REORDER_WEIGHT * unordered), 0.0
    )
    for i in np.flatnonzero(scores >= floor).tolist():
        a, b = firsts[i], seconds[i]
        # identical sentences agree (factor 1.0), and so does one without numbers: the other's
        # are not needed then (as in _similarity)
        numbers_a = () if a == b else numbers(a)
        if numbers_a:
            scores[i] *= number_agreement(numbers_a, numbers(b), len(a) + len(b))
    return scores


def align_sentences(
    source: Sequence[Tokens],
    target: Sequence[Tokens],
    *,
    min_similarity: float,
    min_tokens: int,
    within: Within | None = None,
    overlap: Overlap | None = None,
) -> list[SentencePair]:
    """Pair sentences of ``target`` with the sentences of ``source`` they were copied from.

    Sentences of at least ``min_tokens`` tokens are paired one to one, best pairs first; then
    unpaired sentences are tried against up to ``MAX_WINDOW`` consecutive unpaired sentences
    of the other side; then identical short neighbours of paired sentences are added. With
    ``within``, only those source and target sentences are paired. ``overlap``, when given, is
    ``Overlap.of(source, target)`` (a caller that needs it again computes it once).

    >>> src = [s.split() for s in ["the harbour bridge shut on monday", "ok", "ferries run"]]
    >>> dst = [s.split() for s in ["ok", "the harbour bridge shut monday", "ok"]]
    >>> [(p.target, p.source) for p in align_sentences(src, dst, min_similarity=0.7, min_tokens=3)]
    [(1, 0), (2, 1)]
    """
    state = _Alignment(source, target, within, overlap or Overlap.of(source, target))
    for score, t, s in _scored(state, min_similarity=min_similarity, min_tokens=min_tokens):
        state.add(SentencePair(t, s, score))
    state.add_windows(min_similarity=min_similarity, min_tokens=min_tokens)
    state.extend_with_neighbours()
    return sorted(state.pairs.values(), key=lambda p: p.target)


class _Alignment:
    """Pairs found so far, and which sentences of each side they cover; the sentences' overlap
    (their sorted tokens serve the order-free score of every cell and window)."""

    def __init__(
        self,
        source: Sequence[Tokens],
        target: Sequence[Tokens],
        within: Within | None,
        overlap: Overlap,
    ) -> None:
        self.source, self.target, self.overlap = source, target, overlap
        sources, targets = within or (range(len(source)), range(len(target)))
        self.sources = sorted(s for s in set(sources) if 0 <= s < len(source))
        self.targets = sorted(t for t in set(targets) if 0 <= t < len(target))
        self.allowed = (set(self.sources), set(self.targets))
        self.pairs: dict[int, SentencePair] = {}
        self.used_targets: set[int] = set()
        self.used_sources: set[int] = set()

    def add(self, pair: SentencePair) -> bool:
        targets = range(pair.target, pair.target + pair.target_count)
        sources = range(pair.source, pair.source + pair.source_count)
        if self.used_targets.intersection(targets) or self.used_sources.intersection(sources):
            return False
        self.pairs[pair.target] = pair
        self.used_targets.update(targets)
        self.used_sources.update(sources)
        return True

    def add_windows(self, *, min_similarity: float, min_tokens: int) -> None:
        """Match a free sentence of one side to a run of free sentences of the other.

        Only target sentences within ``WINDOW_REACH`` of a matched one are tried: a sentence
        split or glued differently sits inside a copied passage, not on its own.
        """
        reach = range(-WINDOW_REACH, WINDOW_REACH + 1)
        near = {t + d for t in self.used_targets for d in reach} - self.used_targets
        free_t = [t for t in self.targets if t in near]
        free_s = [s for s in self.sources if s not in self.used_sources]
        overlap = self.overlap
        found = _window_scores(
            (self.target, overlap.sorted_target, free_t),
            (self.source, overlap.sorted_source, free_s),
            overlap.shared,
            min_similarity=min_similarity,
            min_tokens=min_tokens,
        )
        for score, source_single, target_window in _window_scores(
            (self.source, overlap.sorted_source, free_s),
            (self.target, overlap.sorted_target, free_t),
            overlap.shared.T,
            min_similarity=min_similarity,
            min_tokens=min_tokens,
        ):
            found.append((score, target_window, source_single))
        found.sort(key=lambda f: (-f[0], f[1], f[2]))
        for score, (t, t_count), (s, s_count) in found:
            self.add(SentencePair(t, s, score, t_count, s_count))

    def extend_with_neighbours(self) -> None:
        """Grow matched runs by identical neighbouring sentences (short ones included)."""
        frontier = sorted(self.pairs)
        while frontier:
            pair = self.pairs[frontier.pop()]
            before = (pair.target - 1, pair.source - 1)
            after = (pair.target + pair.target_count, pair.source + pair.source_count)
            for t, s in (before, after):
                if t not in self.allowed[1] or s not in self.allowed[0]:
                    continue
                identical = bool(self.target[t]) and self.target[t] == self.source[s]
                if identical and self.add(SentencePair(t, s, 1.0)):
                    frontier.append(t)


def _scored(
    state: _Alignment, *, min_similarity: float, min_tokens: int
) -> list[tuple[float, int, int]]:
    """All (similarity, target, source) of long-enough sentences at or above ``min_similarity``."""
    source, target, overlap = state.source, state.target, state.overlap
    t_ids = [t for t in state.targets if len(target[t]) >= min_tokens]
    s_ids = [s for s in state.sources if len(source[s]) >= min_tokens]
    scored = [
        (score, t_ids[row], s_ids[column])
        for score, row, column in _passing_cells(
            [target[t] for t in t_ids],
            [source[s] for s in s_ids],
            overlap.shared[np.ix_(t_ids, s_ids)],
            min_similarity=min_similarity,
            min_tokens=min_tokens,
        )
    ]
    scored.sort(key=lambda item: (-item[0], item[1], item[2]))
    return scored


def _passing_cells(
    rows: Sequence[Tokens],
    columns: Sequence[Tokens],
    shared: npt.NDArray[np.int32],
    *,
    min_similarity: float,
    min_tokens: int,
) -> list[tuple[float, int, int]]:
    """``(similarity(row, column), row, column)`` of the cells that reach ``min_similarity``,
    row by row; ``shared`` holds the tokens each row shares with each column
    (``shared_tokens``). Each cell scores as ``_similarity`` would, but the order-free scores
    come from ``shared`` and the ordered ones from one rapidfuzz call for all the cells that
    may pass.

    >>> rows = [["the", "bridge", "shut", "today"], ["ferries", "ran"]]
    >>> columns = [["today", "the", "bridge", "shut"]]
    >>> sorted_rows, sorted_columns = [sorted(r) for r in rows], [sorted(c) for c in columns]
    >>> shared = shared_tokens(sorted_rows, sorted_columns)
    >>> _passing_cells(rows, columns, shared, min_similarity=0.7, min_tokens=3)
    [(0.9, 0, 0)]
    """
    if not rows or not columns:
        return []
    row_lengths = np.array([len(r) for r in rows], dtype=np.int64)
    column_lengths = np.array([len(c) for c in columns], dtype=np.int64)
    # the order-free score bounds the ordered one (an LCS never exceeds the multiset
    # intersection), and so every cell's score: cells it rules out need no ordered score
    unordered_all = _normalized(shared, row_lengths, column_lengths)
    kept_rows, kept_columns = np.nonzero(unordered_all >= min_similarity - 1e-9)
    if not len(kept_rows):
        return []
    row_at, column_at = kept_rows.tolist(), kept_columns.tolist()
    firsts, seconds = [rows[r] for r in row_at], [columns[c] for c in column_at]
    scorer = Indel.normalized_similarity
    ordered = cpdist(firsts, seconds, scorer=scorer, dtype=np.float64)
    unordered = unordered_all[kept_rows, kept_columns]
    scores = _combined(
        firsts, seconds, ordered, unordered, min_shared=min_tokens, floor=min_similarity
    )
    return [
        (float(scores[cell]), row_at[cell], column_at[cell])
        for cell in np.flatnonzero(scores >= min_similarity).tolist()
    ]


def _normalized(
    shared: npt.NDArray[np.int32],
    row_lengths: npt.NDArray[np.int64],
    column_lengths: npt.NDArray[np.int64],
) -> npt.NDArray[np.float64]:
    """Indel's normalised similarity from the length of the longest common subsequence, with
    rapidfuzz's arithmetic (so that a threshold cuts exactly where rapidfuzz's would).

    >>> _normalized(np.array([[2, 0]]), np.array([3]), np.array([3, 0])).tolist()
    [[0.6666666666666667, 0.0]]
    """
    lengths = np.add.outer(row_lengths, column_lengths)
    distances = (lengths - 2 * shared).astype(np.float64)
    # 1 - distance / length, and 1.0 where both are empty
    return np.subtract(
        1.0, distances / np.maximum(lengths, 1), where=lengths > 0, out=np.ones_like(distances)
    )


def _ordered_and_unordered(
    process: Callable[..., npt.NDArray[np.float64]],
    firsts: Sequence[Tokens],
    seconds: Sequence[Tokens],
    sorted_tokens: tuple[Sequence[Tokens], Sequence[Tokens]] | None = None,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Indel similarity of the token sequences, and of their sorted tokens (multiset Dice),
    through rapidfuzz's ``cdist`` (all against all) or ``cpdist`` (element-wise)."""
    knobs = {"scorer": Indel.normalized_similarity, "dtype": np.float64}
    ordered = process(firsts, seconds, **knobs)
    if sorted_tokens is None:
        sorted_tokens = ([sorted(x) for x in firsts], [sorted(x) for x in seconds])
    unordered = process(*sorted_tokens, **knobs)
    return ordered, unordered


def _window_scores(
    singles_side: tuple[Sequence[Tokens], Sequence[Tokens], list[int]],
    windows_side: tuple[Sequence[Tokens], Sequence[Tokens], list[int]],
    shared: npt.NDArray[np.int32],
    *,
    min_similarity: float,
    min_tokens: int,
) -> list[tuple[float, tuple[int, int], tuple[int, int]]]:
    """Score each free sentence of one side against runs of 2..MAX_WINDOW free sentences of
    the other; each side is ``(sentences, their sorted tokens, free sentences)``, ``shared``
    the tokens each sentence of the first side shares with each of the second. Returns
    ``(score, (index, 1), (start, count))``.

    Windows too long or too short for any single to reach ``min_similarity`` (a score is at
    most ``2 * min(a, b) / (a + b)`` for lengths ``a`` and ``b``) are never built, nor those
    that share too few tokens with every single (a window shares at most what its members do).
    """
    one, sorted_one, free_one = singles_side
    other, sorted_other, free_other = windows_side
    singles = [i for i in free_one if len(one[i]) >= min_tokens]
    if not singles:
        return []
    ratio = min_similarity / (2.0 - min_similarity)  # the least length ratio that can pass
    shortest = min(len(one[i]) for i in singles) * ratio - 1e-9
    longest = max(len(one[i]) for i in singles) / ratio + 1e-9
    free = set(free_other)
    windows, lengths = [], []
    for start in free_other:
        length = len(other[start])
        for count in range(2, MAX_WINDOW + 1):
            last = start + count - 1
            if last not in free:  # also ends the window at the article's end
                break
            length += len(other[last])
            if length > longest:
                break
            if length >= shortest:
                windows.append((start, count))
                lengths.append(length)
    windows = _sharing_windows(
        windows, lengths, shared[singles], [len(one[i]) for i in singles], min_similarity
    )
    joined = [list(chain.from_iterable(other[s : s + c])) for s, c in windows]
    # the members' sorted runs, merged (Timsort finds the runs)
    sorted_joined = [sorted(chain.from_iterable(sorted_other[s : s + c])) for s, c in windows]
    sorted_singles = [sorted_one[i] for i in singles]
    return [
        (score, (singles[row], 1), windows[column])
        for score, row, column in _passing_cells(
            [one[i] for i in singles],
            joined,
            shared_tokens(sorted_singles, sorted_joined),
            min_similarity=min_similarity,
            min_tokens=min_tokens,
        )
    ]


def _sharing_windows(
    windows: list[tuple[int, int]],
    lengths: list[int],
    shared: npt.NDArray[np.int32],
    single_lengths: list[int],
    min_similarity: float,
) -> list[tuple[int, int]]:
    """The ``(start, count)`` windows of ``lengths`` tokens whose members share enough tokens
    with some single for its order-free score to reach ``min_similarity``; ``shared`` holds
    the tokens each single shares with each sentence of the windows' side.

    >>> _sharing_windows([(0, 2), (1, 2)], [4, 4], np.array([[2, 2, 0]]), [4], 0.7)
    [(0, 2)]
    """
    if not windows:
        return []
    starts = np.array([start for start, _ in windows])
    ends = starts + np.array([count for _, count in windows])
    running = np.zeros((shared.shape[0], shared.shape[1] + 1), dtype=np.int64)
    np.cumsum(shared, axis=1, out=running[:, 1:])
    bound = running[:, ends] - running[:, starts]  # the members' shared tokens, summed
    totals = np.add.outer(np.asarray(single_lengths), np.asarray(lengths))
    reaches = (2 * bound >= (min_similarity - 1e-6) * totals).any(axis=0)
    return [window for window, keep in zip(windows, reaches.tolist(), strict=True) if keep]
