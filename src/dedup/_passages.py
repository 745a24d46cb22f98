"""Grouping copied sentences into passages: the union-finds behind ``dedup.clusters``.

Sentences linked by a sentence pair are copies of one sentence.  Two such sentence groups are one
passage when their sentences follow each other inside matches in at least half of the articles
holding either group: a story's sentences stay together, while site furniture that sits next to
many different stories (and so next to each of them in only a few articles) stays apart.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from dedup import _ragged
from dedup.lsh import run_starts
from dedup.report import CopiedSentence, Report, Span

Key = tuple[str, int, int]
"""A sentence: ``(doc, start, end)``."""
Passage = tuple[list[Span], list[CopiedSentence]]
"""The distinct sentence spans of a passage and the sentence pairs linking them."""
I64 = npt.NDArray[np.int64]


def key(span: Span) -> Key:
    """The union-find key of a sentence span."""
    return (span.doc, span.start, span.end)


def passages(report: Report) -> list[Passage]:
    """Group the report's sentence pairs into passages (see the module docstring).

    The sentences are numbered and joined with numpy: at 10^5 articles the same steps on
    Python tuples, sets and dicts took 3 s of the scan's serial time.
    """
    pairs = [pair for match in report.matches for pair in match.sentences]
    if not pairs:
        return []
    rank: dict[str, int] = {}  # any numbering of the documents will do: in order of matches
    for m in report.matches:
        rank.setdefault(m.a.doc, len(rank))
        rank.setdefault(m.b.doc, len(rank))
    sizes = [len(m.sentences) for m in report.matches]
    a_doc = np.repeat(np.array([rank[m.a.doc] for m in report.matches], np.int64), sizes)
    b_doc = np.repeat(np.array([rank[m.b.doc] for m in report.matches], np.int64), sizes)
    count = len(pairs)
    offsets = np.array(
        [(p.a.start, p.b.start, p.a.end, p.b.end) for p in pairs], dtype=np.int64
    ).reshape(count, 4)
    docs = np.concatenate((a_doc, b_doc))  # of every pair's a side, then of its b side
    numbers, keys = _numbered(
        docs,
        offsets[:, :2].flatten(order="F"),  # the a sides' starts, then the b sides'
        offsets[:, 2:].flatten(order="F"),
    )
    a_at, b_at = numbers[:count], numbers[count:]
    sentences = len(keys[0])
    # copies of one sentence: linked by a pair, or overlapping in one document
    overlap_first, overlap_second = _overlapping(*keys)
    sentence_of = components(
        sentences, np.concatenate((a_at, overlap_first)), np.concatenate((b_at, overlap_second))
    )
    holders = _distinct_per(sentence_of[numbers], docs, sentences)
    first, second, followers = _following(report, sizes, a_doc, b_doc, a_at, b_at, sentence_of)
    glued = 2 * followers >= np.maximum(holders[first], holders[second])
    passage_of = components(sentences, first[glued], second[glued])[sentence_of]
    return _collect(pairs, a_at.tolist(), b_at.tolist(), passage_of[a_at].tolist())


def _numbered(doc: I64, start: I64, end: I64) -> tuple[I64, tuple[I64, I64, I64]]:
    """Number the distinct ``(doc, start, end)`` spans in that order: each span's number, and
    the distinct spans' columns.

    >>> doc, start, end = np.array([1, 0, 1]), np.array([5, 9, 5]), np.array([7, 12, 7])
    >>> at, (doc, start, end) = _numbered(doc, start, end)
    >>> at.tolist(), doc.tolist(), start.tolist()
    ([1, 0, 1], [0, 1], [9, 5])
    """
    order = lexsort((end, start, doc))
    doc, start, end = doc[order], start[order], end[order]
    new = run_starts(doc, start, end)
    at = np.empty(len(order), dtype=np.int64)
    at[order] = np.cumsum(new) - 1
    return at, (doc[new], start[new], end[new])


def lexsort(keys: Sequence[I64]) -> I64:
    """``np.lexsort(keys)`` (the last key sorts first) of integer keys, by one stable sort of
    the keys packed into one int64 where they are not negative and their bits fit: at 10^6
    articles, 4.6 million spans sort in a quarter of the time.

    >>> lexsort((np.array([1, 0, 5]), np.array([2, 2, 1]))).tolist()
    [2, 1, 0]
    """
    if any(len(key) and int(key.min()) < 0 for key in keys):
        return np.lexsort(keys)
    widths = [int(key.max()).bit_length() if len(key) else 0 for key in keys]
    if sum(widths) > 63:
        return np.lexsort(keys)
    packed = np.zeros(len(keys[0]) if keys else 0, dtype=np.int64)
    for key, width in zip(reversed(keys), reversed(widths), strict=True):  # the first sort first
        packed <<= width
        packed |= key
    order: I64 = np.argsort(packed, kind="stable")
    return order


def _overlapping(doc: I64, start: I64, end: I64) -> tuple[I64, I64]:
    """Edges ``(i - 1, i)`` between sorted spans where span ``i`` starts before the spans of its
    document before it have all ended (a sentence and a window of sentences holding it)."""
    if len(doc) < 2:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    # one running maximum of the ends for all documents: each document's offsets lifted above
    # those of the documents before it
    widths = np.zeros(int(doc[-1]) + 1, dtype=np.int64)
    np.maximum.at(widths, doc, end + 1)
    lift = _ragged.offsets(widths)[:-1][doc]
    reach = np.maximum.accumulate(lift + end)
    inside = (doc[1:] == doc[:-1]) & (lift[1:] + start[1:] < reach[:-1])
    later = np.flatnonzero(inside) + 1
    return later - 1, later


def components(size: int, first: I64, second: I64) -> I64:
    """Each of the numbers ``0 .. size-1`` mapped to the smallest number of its connected
    component, the edges being ``(first[i], second[i])``: what ``Forest`` finds, in bulk.

    >>> components(5, np.array([3, 1]), np.array([4, 3])).tolist()
    [0, 1, 2, 1, 1]
    """
    parent = np.arange(size, dtype=np.int64)
    while True:
        one, other = parent[first], parent[second]
        apart = one != other
        if not apart.any():
            return parent
        low, high = np.minimum(one[apart], other[apart]), np.maximum(one[apart], other[apart])
        np.minimum.at(parent, high, low)  # a root hooked under a smaller root
        while True:  # every number straight to its root
            grand = parent[parent]
            if np.array_equal(grand, parent):
                break
            parent = grand


class Forest:
    """Disjoint sets of the numbers ``0 .. size-1`` with path halving; the smaller number
    becomes the root, so the sets do not depend on the order of the unions.

    >>> sets = Forest(3)
    >>> sets.union(2, 1); sets.find(2), sets.find(0)
    (1, 0)
    """

    def __init__(self, size: int) -> None:
        self._parent = list(range(size))

    def find(self, item: int) -> int:
        """Return the root of ``item``'s set."""
        parent = self._parent
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    def union(self, a: int, b: int) -> None:
        """Merge the sets of ``a`` and ``b``."""
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self._parent[max(ra, rb)] = min(ra, rb)


def _distinct_per(of: I64, docs: I64, size: int) -> I64:
    """How many distinct ``docs`` go with each value ``0 .. size-1`` of ``of``.

    >>> _distinct_per(np.array([2, 0, 2, 2]), np.array([5, 5, 6, 5]), 3).tolist()
    [1, 0, 2]
    """
    order = lexsort((docs, of))
    of, docs = of[order], docs[order]
    return np.bincount(of[run_starts(of, docs)], minlength=size)


def _following(
    report: Report,
    sizes: list[int],
    a_doc: I64,
    b_doc: I64,
    a_at: I64,
    b_at: I64,
    sentence_of: I64,
) -> tuple[I64, I64, I64]:
    """Pairs of different sentence groups that follow each other in a match (on either side,
    unless one sentence is quoted and the other not: a quotation is a passage of its own), and
    in how many documents they do."""
    quoted = np.fromiter((p.quoted for m in report.matches for p in m.sentences), bool, len(a_at))
    match_of = np.repeat(np.arange(len(sizes), dtype=np.int64), sizes)
    step = np.flatnonzero((match_of[1:] == match_of[:-1]) & (quoted[1:] == quoted[:-1]))
    doc = np.concatenate((a_doc[step], b_doc[step]))
    first = sentence_of[np.concatenate((a_at[step], b_at[step]))]
    second = sentence_of[np.concatenate((a_at[step + 1], b_at[step + 1]))]
    apart = first != second
    doc, first, second = doc[apart], first[apart], second[apart]
    order = lexsort((doc, second, first))
    doc, first, second = doc[order], first[order], second[order]
    pair_starts, new_doc = run_starts(first, second), run_starts(first, second, doc)
    followers = np.add.reduceat(new_doc, np.flatnonzero(pair_starts)) if len(order) else doc
    return first[pair_starts], second[pair_starts], followers.astype(np.int64)


def _collect(
    pairs: list[CopiedSentence], a_at: list[int], b_at: list[int], passage_of: list[int]
) -> list[Passage]:
    """The passages in order of their first pair, each with its distinct spans in order of
    first appearance; ``passage_of`` gives each pair's passage."""
    found: dict[int, Passage] = {}
    seen: set[int] = set()
    for pair, a, b, passage in zip(pairs, a_at, b_at, passage_of, strict=True):
        spans, members = found.get(passage) or found.setdefault(passage, ([], []))
        members.append(pair)
        if a not in seen:
            seen.add(a)
            spans.append(pair.a)
        if b not in seen:
            seen.add(b)
            spans.append(pair.b)
    return list(found.values())


def known_joins(report: Report) -> dict[tuple[str, int], tuple[int, str]]:
    """``(doc, end of a sentence) -> (start of the next one, text between)``, from matches."""
    joins: dict[tuple[str, int], tuple[int, str]] = {}
    for match in report.matches:
        for side, spans in (
            (match.a, [p.a for p in match.sentences]),
            (match.b, [p.b for p in match.sentences]),
        ):
            if len(spans) < 2:
                continue
            doc, start, text = side.doc, side.start, side.text
            for prev, nxt in itertools.pairwise(spans):
                joins[(doc, prev.end)] = (nxt.start, text[prev.end - start : nxt.start - start])
    return joins


@dataclass(frozen=True, slots=True)
class Joiner:
    """Decides whether two sentences of one document are neighbours, and what lies between."""

    joins: Mapping[tuple[str, int], tuple[int, str]]
    texts: Mapping[str, str] | None

    def gap(self, doc: str, end: int, start: int) -> str | None:
        """The text between ``end`` and ``start`` of ``doc`` if only whitespace, else ``None``."""
        known = self.joins.get((doc, end))
        if known is not None and known[0] == start:
            return known[1]
        text = self.texts.get(doc) if self.texts is not None else None
        if text is not None and end <= start and not text[end:start].strip():
            return text[end:start]
        return None
