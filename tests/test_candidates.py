"""Tests of dedup.candidates: the cheap filters in front of the exact comparison.

``plausible_pairs`` may drop a candidate only when its token buckets rule out the threshold
(checked against ``similarity`` itself and against the exact multiset intersection).
"""

from __future__ import annotations

import itertools
from array import array
from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dedup import candidates
from dedup.align import similarity
from dedup.article import Article
from dedup.candidates import plausible_pairs, token_buckets
from dedup.config import Config
from dedup.prepare import Document, Sentences, line_keys, line_length, line_lengths, prepare
from dedup.shingle import hash_units

SETTINGS = settings(derandomize=True, database=None, deadline=None, max_examples=200)

VOCABULARY = "the bridge will stay closed until inspectors finish"
words = st.lists(st.sampled_from(VOCABULARY.split()))
many_words = st.lists(st.text("abcdefghij", min_size=1, max_size=3), max_size=40)


def buckets_of(units: list[list[str]]) -> tuple[np.ndarray, np.ndarray]:
    hashes, offsets = hash_units(units)
    return token_buckets(hashes, offsets), np.diff(offsets)


@SETTINGS
@given(st.lists(many_words, min_size=2, max_size=2))
def test_buckets_bound_the_shared_tokens(units: list[list[str]]) -> None:
    buckets, _ = buckets_of(units)
    bound = int(np.minimum(buckets[0], buckets[1]).sum())
    assert bound >= sum((Counter(units[0]) & Counter(units[1])).values())
    assert buckets.sum(axis=1).tolist() == [len(unit) for unit in units]


@SETTINGS
@given(st.lists(words, min_size=2, max_size=2), st.floats(0.1, 1.0), st.integers(1, 6))
def test_buckets_never_drop_a_pair_that_reaches_the_threshold(
    units: list[list[str]], least: float, min_shared: int
) -> None:
    buckets, lengths = buckets_of(units)
    kept = plausible_pairs(np.array([[1, 0]]), lengths, buckets, least=least, min_shared=min_shared)
    if similarity(units[1], units[0], min_shared=min_shared) >= least:
        assert kept.tolist() == [[1, 0]]


def test_near_copies_pass_and_unrelated_sentences_do_not() -> None:
    sentences = [
        "the harbour bridge will stay closed until the inspectors finish work in may",
        "the harbour bridge stays closed until inspectors finish their work in may",
        "shares of the mining group fell sharply after a weak quarterly report",
    ]
    buckets, lengths = buckets_of([sentence.split() for sentence in sentences])
    pairs = np.array([[1, 0], [2, 0]])
    kept = plausible_pairs(pairs, lengths, buckets, least=0.7, min_shared=5)
    assert kept.tolist() == [[1, 0]]


def test_counts_stop_at_255_without_losing_long_copies() -> None:
    long_line = ["word"] * 300  # one bucket holds all 300: its count stops at 255
    buckets, lengths = buckets_of([long_line, long_line, ["word"] * 5])
    assert buckets.max() == 255
    pairs = np.array([[1, 0], [2, 0]])
    kept = plausible_pairs(pairs, lengths, buckets, least=0.7, min_shared=5)
    assert kept.tolist() == [[1, 0]]


def test_no_pairs() -> None:
    empty = np.zeros((0, 2), dtype=np.int64)
    buckets, lengths = buckets_of([["a"] * 5])
    kept = plausible_pairs(empty, lengths, buckets, least=0.7, min_shared=5)
    assert kept.shape == (0, 2)


def test_the_band_join_filters_with_the_buckets() -> None:
    units = [
        "the harbour bridge will stay closed until may",
        "the harbour bridge will stay shut until may",
        "the harbour bridge",
    ]
    documents = [prepare(Article(id=str(i), text=unit + ".")) for i, unit in enumerate(units)]
    lengths = np.array([len(unit.split()) for unit in units])
    places = np.arange(len(units), dtype=np.int64) * candidates.PLACE  # each its own document
    found = candidates._near_copies(
        candidates._Lines(documents, places), lengths, Config(), 1, candidates._silent
    )
    assert set(found) == {0, 1}


@SETTINGS
@given(
    st.lists(words, min_size=1, max_size=8),
    st.lists(st.tuples(st.integers(0, 7), st.integers(0, 7)), max_size=20),
)
def test_shared_tokens_is_the_multiset_intersection(units: list[list[str]], picks: Any) -> None:
    pairs = np.array([(a % len(units), b % len(units)) for a, b in picks], dtype=np.int64)
    hashes, offsets = hash_units(units)
    features = candidates.token_features(hashes, offsets)
    found = candidates.shared_tokens(features, offsets, pairs.reshape(-1, 2))
    expected = [sum((Counter(units[a]) & Counter(units[b])).values()) for a, b in pairs.tolist()]
    assert found.tolist() == expected


@SETTINGS
@given(words, words)
def test_the_multiset_bound_never_drops_a_pair_that_reaches_the_threshold(
    first: list[str], second: list[str]
) -> None:
    hashes, offsets = hash_units([first, second])
    features = candidates.token_features(hashes, offsets)
    common = int(candidates.shared_tokens(features, offsets, np.array([[0, 1]]))[0])
    score = similarity(first, second, min_shared=2)
    if score >= 0.7:
        assert 2 * common >= 0.7 * (len(first) + len(second)) - 1e-9
        assert common >= 2


def with_lines(name: str, lines: Sequence[str]) -> Document:
    """A document whose sentences have token ``lines`` (its text is not read)."""
    sentences = Sentences.of_spans([(0, 1, 0)] * len(lines))
    return Document(Article(id=name, text="."), sentences, "\n".join(lines), ())


def _distinct_reference(
    documents: list[Document], least: int
) -> tuple[list[int], list[int], list[int], list[str]]:
    """The obvious way: a dict numbers each long-enough line at its first occurrence."""
    numbered: dict[str, int] = {}
    unit_at, place, firsts = [], [], []
    for d, document in enumerate(documents):
        for s, line in enumerate(document.lines):
            if line_length(line) >= least:
                if line not in numbered:
                    firsts.append(d * candidates.PLACE + s)
                unit_at.append(numbered.setdefault(line, len(numbered)))
                place.append(d * candidates.PLACE + s)
    return unit_at, place, firsts, list(numbered)


lines = st.lists(st.sampled_from(["a b c", "a b", "b c a", "", "x y z w", "a b c d"]), max_size=6)


@SETTINGS
@given(st.lists(lines, max_size=6), st.integers(0, 4), st.booleans(), st.booleans())
def test_distinct_sentences_number_lines_as_a_dict_would(
    texts: list[list[str]], least: int, collide: bool, given_keys: bool
) -> None:
    documents = [with_lines(str(i), doc) for i, doc in enumerate(texts)]
    every = [line for doc in texts for line in doc]
    # token counts and keys as the preparation hands them over, or made from the lines
    counts, keys = (line_lengths(every), line_keys(every)) if given_keys else (None, None)
    if collide:  # every line's key alike: the exact fallback must number them right
        counts, keys = line_lengths(every), line_keys(every)
        keys = array("q", [7] * len(every))
    found = candidates._distinct_sentences(documents, least, counts, keys)
    unit_at, place, firsts, units = _distinct_reference(documents, least)
    assert (found[0].tolist(), found[1].tolist(), found[2].tolist()) == (unit_at, place, firsts)
    assert found[3].tolist() == [line_length(unit) for unit in units]


@SETTINGS
@given(st.lists(lines, max_size=6))
def test_the_graph_holds_every_copied_sentence_by_unit_in_document_order(
    texts: list[list[str]],
) -> None:
    documents = [with_lines(str(i), doc) for i, doc in enumerate(texts)]
    config = Config(min_tokens=2)
    graph = candidates.build_graph(documents, config)
    places: dict[str, list[tuple[int, int]]] = {}
    for d, doc in enumerate(texts):
        for s, line in enumerate(doc):
            if line_length(line) >= config.min_tokens:
                places.setdefault(line, []).append((d, s))
    units = [graph.occurrences(unit) for unit in range(graph.units_count)]
    near = [graph.neighbours(unit) for unit in range(graph.units_count)]
    # each unit: every place of one line, in document order; units in order of first place
    assert units == [places[texts[d][s]] for (d, s), *_ in units]
    assert [found[0] for found in units] == sorted(found[0] for found in units)
    # linked: a line that occurs twice, or has a near copy (and near copies go both ways)
    assert {texts[d][s] for (d, s), *_ in units} == {
        line for line, found in places.items() if len(found) >= 2
    } | {texts[d][s] for unit, (d, s) in enumerate(found[0] for found in units) if near[unit]}
    for unit, found in enumerate(near):
        assert all((unit, score) in near[other] for other, score in found)
    # and every linked sentence in document order, with its unit
    linked = sorted(
        (d * candidates.PLACE + s, unit) for unit, found in enumerate(units) for d, s in found
    )
    assert list(zip(graph.places.tolist(), graph.units.tolist(), strict=True)) == linked


def test_a_graph_of_given_units_gives_them_back() -> None:
    occurrences = [[(0, 1), (2, 0), (5, 3)], [(1, 0)], [(0, 0), (4, 4)]]
    neighbours = {1: [(2, 0.8), (0, 0.9)], 2: [(1, 0.8)], 0: [(1, 0.9)]}
    graph = candidates.SentenceGraph.of(occurrences, neighbours)
    assert [graph.occurrences(unit) for unit in range(3)] == occurrences
    assert [graph.neighbours(unit) for unit in range(3)] == [neighbours[unit] for unit in range(3)]
    # the copies of document 5's sentence: of its unit, then of each near copy, earlier only
    assert graph.earlier_copies(5, 6, limit=2) == [
        (5, [(3, [(0, 1, 1.0), (2, 0, 1.0), (1, 0, 0.9)])])
    ]
    assert graph.earlier_copies(4, 5, limit=1) == [(4, [(4, [(0, 0, 1.0), (1, 0, 0.8)])])]
    assert graph.earlier_copies(0, 1, limit=3) == []


def test_token_counts_and_keys_must_be_one_a_sentence() -> None:
    lines = ("a b c", "d e f")
    documents = [with_lines("a", lines)]
    with pytest.raises(ValueError, match="1 token counts and 2 keys for 2 sentences"):
        candidates.build_graph(documents, Config(), token_counts=[3], line_keys=line_keys(lines))


def test_units_lines_are_made_from_documents_without_lines() -> None:
    texts = ["One two three. Four five six.", "Seven eight. One two three."]
    held = [prepare(Article(id=str(i), text=text)) for i, text in enumerate(texts)]
    bare = [document.without_lines() for document in held]
    places = np.array([0, 1, candidates.PLACE, candidates.PLACE + 1])
    picks = np.array([3, 0, 2])
    expected = ["one two three", "one two three", "seven eight"]
    assert candidates._Lines(held, places).lines(picks) == expected
    assert candidates._Lines(bare, places).lines(picks) == expected
    assert candidates._Lines(bare, places).lines(slice(1, 3)) == ["four five six", "seven eight"]


@SETTINGS
@given(
    st.lists(
        st.sampled_from([0, 1, 5, 1 << 32, (1 << 32) + 5, 1 << 40, (1 << 40) + 1, -(1 << 40), -1]),
        max_size=12,
    )
)
def test_number_groups_numbers_as_np_unique_would(values: list[int]) -> None:
    # values alike in their top halves or in those halves' low bits: the repeated ones are
    # found through a bitmap of those low bits
    array = np.array(values, dtype=np.int64)
    group_at, firsts = candidates._number_groups(array)
    _, first_index, inverse = np.unique(array, return_index=True, return_inverse=True)
    by_occurrence = np.argsort(first_index, kind="stable")
    rank = np.empty(len(first_index), dtype=np.int64)
    rank[by_occurrence] = np.arange(len(first_index))
    assert firsts.tolist() == first_index[by_occurrence].tolist()
    assert group_at.tolist() == rank[inverse.reshape(-1)].tolist()


@SETTINGS
@given(st.lists(many_words, min_size=2, max_size=6), st.randoms(use_true_random=False))
def test_the_judge_reads_units_through_their_members(units: list[list[str]], rng: Any) -> None:
    # positions in a shuffled member list name the same unit pairs as plausible_pairs judges
    buckets, lengths = buckets_of(units)
    members = list(range(len(units)))
    rng.shuffle(members)
    pairs = [(a, b) for a in range(len(units)) for b in range(len(units)) if a != b]
    at = {unit: position for position, unit in enumerate(members)}
    kept = candidates.plausible(
        np.array(members),
        np.array([at[a] for a, _ in pairs]),
        np.array([at[b] for _, b in pairs]),
        lengths=lengths,
        buckets=buckets,
        least=0.5,
        min_shared=2,
    )
    expected = plausible_pairs(np.array(pairs), lengths, buckets, least=0.5, min_shared=2)
    assert np.array(pairs)[kept].tolist() == expected.tolist()


@SETTINGS
@given(
    st.lists(st.text("abc xyzçé€ .\n", max_size=40), min_size=1, max_size=5),
    st.lists(st.booleans(), min_size=5, max_size=5),
    st.data(),
)
def test_shared_lines_hold_each_members_line_in_utf8(
    texts: list[str], bare: list[bool], data: st.DataObject
) -> None:
    documents = [prepare(Article(id=str(i), text=text)) for i, text in enumerate(texts)]
    documents = [d.without_lines() if b else d for d, b in zip(documents, bare, strict=False)]
    places = np.array(
        [
            d * candidates.PLACE + s
            for d, doc in enumerate(documents)
            for s in range(len(doc.lines))
        ],
        dtype=np.int64,
    )
    units = candidates._Lines(documents, places)
    picks = data.draw(st.sets(st.integers(0, max(0, len(places) - 1)))) if len(places) else set()
    members = np.array(sorted(picks), dtype=np.int64)
    text, starts = candidates.shared_lines(units, members)
    found = [text[a:b].tobytes().decode() for a, b in itertools.pairwise(starts.tolist())]
    assert found == units.lines(members)
    assert units.utf8_bound(members) >= len(text)


@SETTINGS
@given(st.lists(many_words, min_size=1, max_size=8), st.data(), st.integers(1, 3))
def test_members_features_are_each_members_own(
    units: list[list[str]], data: st.DataObject, block: int
) -> None:
    hashes, offsets = hash_units(units)
    features = candidates.token_features(hashes, offsets)
    picks = data.draw(st.sets(st.integers(0, len(units) - 1)))
    members = np.array(sorted(picks), dtype=np.int64)
    original = candidates.GATHER_BLOCK
    candidates.GATHER_BLOCK = block  # gathered in several steps
    try:
        kept, kept_offsets = candidates.features_of(members, features, offsets)
    finally:
        candidates.GATHER_BLOCK = original
    assert len(kept_offsets) == len(members) + 1
    for place, unit in enumerate(members.tolist()):
        own = features[offsets[unit] : offsets[unit + 1]]
        assert kept[kept_offsets[place] : kept_offsets[place + 1]].tolist() == own.tolist()


def reference_fits(
    lengths: np.ndarray, buckets: np.ndarray, pairs: np.ndarray, least: float, min_shared: int
) -> list[bool]:
    """The bound of ``plausible_pairs`` pair by pair, in plain Python."""
    fits = []
    for first, second in pairs.tolist():
        shorter = min(int(lengths[first]), int(lengths[second]))
        shared = sum(
            min(int(x), int(y)) for x, y in zip(buckets[first], buckets[second], strict=True)
        )
        bound = shorter if shorter >= 255 else shared
        total = int(lengths[first]) + int(lengths[second])
        fits.append(2 * bound >= least * total - 1e-9 and bound >= min_shared)
    return fits


@SETTINGS
@given(
    st.lists(st.lists(st.integers(0, 2**32 - 1), max_size=45), min_size=1, max_size=6),
    st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5)), max_size=12),
    st.floats(0.0, 1.0),
    st.integers(0, 8),
)
def test_buckets_features_and_fits_equal_plain_python(
    units: list[list[int]], picks: list[tuple[int, int]], least: float, min_shared: int
) -> None:
    hashes = np.array([h for unit in units for h in unit], dtype=np.uint32)
    offsets = np.cumsum([0] + [len(unit) for unit in units], dtype=np.int64)
    buckets = token_buckets(hashes, offsets)
    for row, unit in zip(buckets.tolist(), units, strict=True):
        counted = Counter(h >> 26 for h in unit)
        assert row == [min(counted[bucket], 255) for bucket in range(candidates.TOKEN_BUCKETS)]
    features = candidates.token_features(hashes, offsets).tolist()
    for unit, start, end in zip(units, offsets[:-1], offsets[1:], strict=True):
        tops = sorted(h & 0xFFFFFF00 for h in unit)
        assert features[start:end] == [t | min(tops[:i].count(t), 255) for i, t in enumerate(tops)]
    pairs = np.array([(a % len(units), b % len(units)) for a, b in picks], np.int64).reshape(-1, 2)
    lengths = np.diff(offsets) * 20  # some units past 255 tokens
    kept = plausible_pairs(pairs, lengths, buckets, least=least, min_shared=min_shared)
    expected = reference_fits(lengths, buckets, pairs, least, min_shared)
    assert kept.tolist() == pairs[np.array(expected, dtype=bool)].tolist()
    # the compiled kernels behave as their plain Python forms
    plain_buckets = np.zeros_like(buckets)
    candidates._count_buckets.py_func(hashes, offsets, plain_buckets)
    assert (plain_buckets == buckets).all()
    plain_features = np.zeros(len(hashes), dtype=np.uint32)
    candidates._fill_features.py_func(hashes, offsets, plain_features)
    assert plain_features.tolist() == features
    every_unit = np.arange(len(units), dtype=np.int64)
    plain_keep = candidates._fits.py_func(
        every_unit, pairs[:, 0], pairs[:, 1], lengths, buckets, least, min_shared
    )
    assert plain_keep.tolist() == expected
