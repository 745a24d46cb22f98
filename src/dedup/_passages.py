"""Grouping copied sentences into passages: the union-finds behind ``dedup.clusters``.

Sentences linked by a sentence pair are copies of one sentence.  Two such sentence groups are one
passage when their sentences follow each other inside matches in at least half of the articles
holding either group: a story's sentences stay together, while site furniture that sits next to
many different stories (and so next to each of them in only a few articles) stays apart.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from dedup.report import CopiedSentence, Report, Span

Key = tuple[str, int, int]
"""A sentence: ``(doc, start, end)``."""
Passage = tuple[list[Span], list[CopiedSentence]]
"""The distinct sentence spans of a passage and the sentence pairs linking them."""


def key(span: Span) -> Key:
    """The union-find key of a sentence span."""
    return (span.doc, span.start, span.end)


def passages(report: Report) -> list[Passage]:
    """Group the report's sentence pairs into passages (see the module docstring)."""
    pairs = [pair for match in report.matches for pair in match.sentences]
    code = _Codes(doc for m in report.matches for doc in (m.a.doc, m.b.doc))
    codes = [(code(pair.a), code(pair.b)) for pair in pairs]
    keys = sorted({one for both in codes for one in both})  # in (doc, start, end) order
    number = {k: i for i, k in enumerate(keys)}  # numbered in key order: the smaller key leads
    ends = [(number[a], number[b]) for a, b in codes]
    del codes
    sentences = Forest(len(keys))
    for a, b in ends:
        sentences.union(a, b)
    _union_overlapping(sentences, keys)
    group_of = [sentences.find(i) for i in range(len(keys))]
    holders: dict[int, set[str]] = defaultdict(set)
    for pair, (a, _) in zip(pairs, ends, strict=True):
        holders[group_of[a]].update((pair.a.doc, pair.b.doc))
    following: dict[tuple[int, int], set[str]] = defaultdict(set)
    for doc, prev, nxt in _neighbours(report, ends):
        first, second = group_of[prev], group_of[nxt]
        if first != second:
            following[(first, second)].add(doc)
    groups = Forest(len(keys))
    for (first, second), docs in following.items():
        if 2 * len(docs) >= max(len(holders[first]), len(holders[second])):
            groups.union(first, second)
    passage_of = [groups.find(group) for group in group_of]
    return _collect(pairs, ends, passage_of)


class _Codes:
    """Sentence spans as integers that sort as their ``key``: the rank of the document among
    ``ids``, its start and its end (sorting tuples that hold a string is slower).

    >>> spans = [Span("b", 0, 9, ""), Span("a", 5, 7, ""), Span("a", 5, 6, "")]
    >>> code = _Codes(["b", "a", "b"])
    >>> sorted(spans, key=code) == sorted(spans, key=key), _Codes.key(code(spans[0]))
    (True, (1, 0, 9))
    """

    def __init__(self, ids: Iterable[str]) -> None:
        self._rank = {doc: rank for rank, doc in enumerate(sorted(set(ids)))}

    def __call__(self, span: Span) -> int:
        return self._rank[span.doc] << 80 | span.start << 40 | span.end

    @staticmethod
    def key(code: int) -> tuple[int, int, int]:
        """``(document rank, start, end)`` of ``code``."""
        return code >> 80, (code >> 40) & _MASK, code & _MASK


_MASK = (1 << 40) - 1


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


def _union_overlapping(sentences: Forest, codes: list[int]) -> None:
    """Spans of one document that overlap (a sentence, and a window of sentences holding it,
    both matched) are one sentence group; ``codes`` (``_Codes``) are sorted, numbered by
    position."""
    last: tuple[int, tuple[int, int, int]] | None = None
    for number, code in enumerate(codes):
        current = (number, _Codes.key(code))
        (_, (doc, start, _)) = current
        if last is not None and last[1][0] == doc and start < last[1][2]:
            sentences.union(last[0], current[0])
            current = max(last, current, key=lambda k: k[1][2])
        last = current


def _neighbours(report: Report, ends: list[tuple[int, int]]) -> Iterator[tuple[str, int, int]]:
    """``(doc, sentence, next sentence)`` for consecutive sentences of every match, both sides,
    unless one is quoted and the other not: a quotation is a passage of its own. Sentences are
    numbered as in ``ends``, which numbers both sides of every pair of the matches in turn."""
    at = 0
    for match in report.matches:
        for i, (one, other) in enumerate(itertools.pairwise(match.sentences), start=at):
            if one.quoted == other.quoted:
                yield match.a.doc, ends[i][0], ends[i + 1][0]
                yield match.b.doc, ends[i][1], ends[i + 1][1]
        at += len(match.sentences)


def _collect(
    pairs: list[CopiedSentence], ends: list[tuple[int, int]], passage_of: list[int]
) -> list[Passage]:
    """The passages in order of their first pair; ``passage_of`` gives each numbered
    sentence's passage."""
    found: dict[int, Passage] = {}
    seen: set[int] = set()
    for pair, numbers in zip(pairs, ends, strict=True):
        spans, members = found.setdefault(passage_of[numbers[0]], ([], []))
        members.append(pair)
        for span, at in zip((pair.a, pair.b), numbers, strict=True):
            if at not in seen:
                seen.add(at)
                spans.append(span)
    return list(found.values())


def known_joins(report: Report) -> dict[tuple[str, int], tuple[int, str]]:
    """``(doc, end of a sentence) -> (start of the next one, text between)``, from matches."""
    joins: dict[tuple[str, int], tuple[int, str]] = {}
    for match in report.matches:
        for side, spans in (
            (match.a, [p.a for p in match.sentences]),
            (match.b, [p.b for p in match.sentences]),
        ):
            for prev, nxt in itertools.pairwise(spans):
                gap = side.text[prev.end - side.start : nxt.start - side.start]
                joins[(side.doc, prev.end)] = (nxt.start, gap)
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
