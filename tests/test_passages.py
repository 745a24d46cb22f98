"""Tests of dedup._passages: the numpy grouping of sentence pairs into passages against a
plain union-find over Python tuples (the implementation it replaced), on invented matches."""

from __future__ import annotations

import itertools
from collections import defaultdict
from typing import NamedTuple

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from dedup._passages import Forest, Passage, components, key, lexsort, passages
from dedup.report import CopiedSentence, Match, Span

SETTINGS = settings(derandomize=True, database=None, deadline=None, max_examples=300)


class Matches(NamedTuple):
    """All that ``passages`` reads of a report."""

    matches: tuple[Match, ...]


def reference(report: Matches) -> list[Passage]:
    """Sentences joined by pairs and by overlap; groups glued when they follow each other in
    at least half of the articles holding either; passages in order of their first pair."""
    pairs = [pair for match in report.matches for pair in match.sentences]
    keys = sorted({key(span) for pair in pairs for span in (pair.a, pair.b)})
    number = {k: i for i, k in enumerate(keys)}
    sentences = Forest(len(keys))
    for pair in pairs:
        sentences.union(number[key(pair.a)], number[key(pair.b)])
    for i, j in itertools.combinations(range(len(keys)), 2):
        if overlap(keys[i], keys[j]):
            sentences.union(i, j)
    group = {k: sentences.find(number[k]) for k in keys}
    holders: dict[int, set[str]] = defaultdict(set)
    for pair in pairs:
        holders[group[key(pair.a)]].update((pair.a.doc, pair.b.doc))
    glue = Forest(len(keys))
    for (first, second), docs in following(report, group).items():
        if 2 * len(docs) >= max(len(holders[first]), len(holders[second])):
            glue.union(first, second)
    found: dict[int, Passage] = {}
    for pair in pairs:
        spans, members = found.setdefault(glue.find(group[key(pair.a)]), ([], []))
        members.append(pair)
        spans += [s for s in (pair.a, pair.b) if key(s) not in {key(x) for x in spans}]
    return list(found.values())


def following(
    report: Matches, group: dict[tuple[str, int, int], int]
) -> dict[tuple[int, int], set[str]]:
    """The documents where one group's sentence is followed by another's in a match (both
    quoted or both not)."""
    found: dict[tuple[int, int], set[str]] = defaultdict(set)
    for match in report.matches:
        for one, other in itertools.pairwise(match.sentences):
            if one.quoted != other.quoted:
                continue
            for before, after in ((one.a, other.a), (one.b, other.b)):
                if group[key(before)] != group[key(after)]:
                    found[(group[key(before)], group[key(after)])].add(before.doc)
    return found


def overlap(one: tuple[str, int, int], other: tuple[str, int, int]) -> bool:
    """Whether two spans share a document and a character."""
    return one[0] == other[0] and one[1] < other[2] and other[1] < one[2]


def span(doc: str, start: int, length: int) -> Span:
    return Span(doc, start, start + length, f"{doc}:{start}:{length}")


side = st.tuples(st.integers(0, 40), st.integers(1, 12))
pair = st.tuples(side, side, st.booleans())
match = st.tuples(st.integers(0, 4), st.integers(0, 4), st.lists(pair, min_size=1, max_size=4))


def report_of(chosen: list[tuple[int, int, list[tuple[tuple[int, int], ...]]]]) -> Matches:
    made = []
    for a_doc, b_doc, found in chosen:
        a, b = f"d{a_doc}", f"d{b_doc + 5}"  # never one document on both sides
        pairs = tuple(
            CopiedSentence(span(a, *one), span(b, *other), 1.0, quoted=quoted)
            for one, other, quoted in found
        )
        made.append(
            Match(
                a=span(a, 0, 1),
                b=span(b, 0, 1),
                similarity=1.0,
                source=None,
                quoted=False,
                sentences=pairs,
            )
        )
    return Matches(tuple(made))


def shape(found: list[Passage]) -> list[tuple[list[tuple[str, int, int]], list[int]]]:
    return [([key(s) for s in spans], [id(p) for p in members]) for spans, members in found]


@SETTINGS
@given(st.lists(match, max_size=8))
def test_passages_match_a_plain_union_find(chosen: list) -> None:
    report = report_of(chosen)
    assert shape(passages(report)) == shape(reference(report))  # type: ignore[arg-type]


@SETTINGS
@given(st.integers(1, 30), st.lists(st.tuples(st.integers(0, 29), st.integers(0, 29))))
def test_components_are_those_of_a_forest(size: int, edges: list[tuple[int, int]]) -> None:
    edges = [(a % size, b % size) for a, b in edges]
    forest = Forest(size)
    for a, b in edges:
        forest.union(a, b)
    first = np.array([a for a, _ in edges], dtype=np.int64)
    second = np.array([b for _, b in edges], dtype=np.int64)
    assert components(size, first, second).tolist() == [forest.find(i) for i in range(size)]


def test_a_long_path_is_one_component() -> None:
    size = 100_000
    order = np.random.default_rng(1).permutation(size)
    labels = components(size, order[:-1], order[1:])
    assert (labels == 0).all()


@SETTINGS
@given(
    st.integers(0, 40).flatmap(
        lambda size: st.lists(
            st.lists(
                st.one_of(st.integers(0, 9), st.integers(-3, 2**40)), min_size=size, max_size=size
            ),
            min_size=1,
            max_size=4,
        )
    )
)
def test_lexsort_is_numpys(columns: list[list[int]]) -> None:
    # packed into one key when the bits fit, numpy's own sort when not (or a key is negative)
    keys = [np.array(column, dtype=np.int64) for column in columns]
    assert lexsort(keys).tolist() == np.lexsort(keys).tolist()


def test_lexsort_packs_small_keys_and_falls_back_on_wide_ones() -> None:
    small = [np.array([3, 1, 3, 0]), np.array([1, 1, 0, 1])]
    assert lexsort(small).tolist() == [2, 3, 1, 0]
    wide = [np.array([2**40, 0]), np.array([2**40, 2**40])]
    assert lexsort(wide).tolist() == np.lexsort(wide).tolist() == [1, 0]
