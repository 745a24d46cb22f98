"""Grouping copied sentences into passages: the union-finds behind ``dedup.clusters``.

Sentences linked by a sentence pair are copies of one sentence.  Two such sentence groups are one
passage when their sentences follow each other inside matches in at least half of the articles
holding either group: a story's sentences stay together, while site furniture that sits next to
many different stories (and so next to each of them in only a few articles) stays apart.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

from dedup.report import CopiedSentence, Report, Span

Key = tuple[str, int, int]
"""A sentence: ``(doc, start, end)``."""
Passage = tuple[list[Span], list[CopiedSentence]]
"""The distinct sentence spans of a passage and the sentence pairs linking them."""


T = TypeVar("T", str, tuple[str, int, int])


class UnionFind(Generic[T]):
    """Disjoint sets with path halving; the smaller key becomes the root, so order is irrelevant.

    >>> sets = UnionFind[Key]()
    >>> sets.union(("b", 0, 1), ("a", 0, 1)); sets.find(("b", 0, 1))
    ('a', 0, 1)
    """

    def __init__(self) -> None:
        self._parent: dict[T, T] = {}

    def find(self, key: T) -> T:
        """Return the root of ``key``'s set (a new singleton set if ``key`` is unknown)."""
        parent = self._parent
        parent.setdefault(key, key)
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    def union(self, a: T, b: T) -> None:
        """Merge the sets of ``a`` and ``b``."""
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self._parent[max(ra, rb)] = min(ra, rb)


def key(span: Span) -> Key:
    """The union-find key of a sentence span."""
    return (span.doc, span.start, span.end)


def passages(report: Report) -> list[Passage]:
    """Group the report's sentence pairs into passages (see the module docstring)."""
    pairs = [pair for match in report.matches for pair in match.sentences]
    sentences = UnionFind[Key]()
    for pair in pairs:
        sentences.union(key(pair.a), key(pair.b))
    _union_overlapping(sentences, [key(s) for pair in pairs for s in (pair.a, pair.b)])
    holders: dict[Key, set[str]] = defaultdict(set)
    for pair in pairs:
        holders[sentences.find(key(pair.a))].update((pair.a.doc, pair.b.doc))
    following: dict[tuple[Key, Key], set[str]] = defaultdict(set)
    for doc, prev, nxt in _neighbours(report):
        first, second = sentences.find(key(prev)), sentences.find(key(nxt))
        if first != second:
            following[(first, second)].add(doc)
    groups = UnionFind[Key]()
    for (first, second), docs in following.items():
        if 2 * len(docs) >= max(len(holders[first]), len(holders[second])):
            groups.union(first, second)
    return _collect(pairs, lambda span: groups.find(sentences.find(key(span))))


def _union_overlapping(sentences: UnionFind[Key], keys: list[Key]) -> None:
    """Spans of one document that overlap (a sentence, and a window of sentences holding it,
    both matched) are one sentence group."""
    last: Key | None = None
    for current in sorted(set(keys)):
        if last is not None and last[0] == current[0] and current[1] < last[2]:
            sentences.union(last, current)
            current = max(last, current, key=lambda k: k[2])
        last = current


def _neighbours(report: Report) -> list[tuple[str, Span, Span]]:
    """``(doc, sentence, next sentence)`` for consecutive sentences of every match, both sides,
    unless one is quoted and the other not: a quotation is a passage of its own."""
    out = []
    for match in report.matches:
        for one, other in itertools.pairwise(match.sentences):
            if one.quoted == other.quoted:
                out += [(match.a.doc, one.a, other.a), (match.b.doc, one.b, other.b)]
    return out


def _collect(pairs: list[CopiedSentence], root: Callable[[Span], Key]) -> list[Passage]:
    found: dict[Key, Passage] = {}
    seen: set[Key] = set()
    for pair in pairs:
        spans, members = found.setdefault(root(pair.a), ([], []))
        members.append(pair)
        for span in (pair.a, pair.b):
            if key(span) not in seen:
                seen.add(key(span))
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
