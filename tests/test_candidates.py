"""Tests of dedup.candidates: the cheap filter in front of the exact comparison.

``plausible_pairs`` may drop a candidate only when its lengths rule out the threshold (checked
against ``similarity`` itself) or when its MinHash sketches barely agree (near copies agree on
far more rows than the floor).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dedup import candidates
from dedup.align import similarity
from dedup.article import Article
from dedup.candidates import SKETCH_FLOOR, plausible_pairs
from dedup.config import Config
from dedup.minhash import MinHasher
from dedup.prepare import Document, Sentences, line_length
from dedup.shingle import hash_units, shingle_units

SETTINGS = settings(derandomize=True, database=None, deadline=None, max_examples=200)

VOCABULARY = "the bridge will stay closed until inspectors finish"
words = st.lists(st.sampled_from(VOCABULARY.split()))


def sketches_of(units: list[list[str]]) -> np.ndarray:
    token_hashes, offsets = hash_units(units)
    shingles, shingle_offsets = shingle_units(token_hashes, offsets, 2)
    signatures = MinHasher(num_perm=128, seed=1).signatures(shingles, shingle_offsets)
    return (signatures & np.uint32(0xFF)).astype(np.uint8)


@SETTINGS
@given(st.lists(words, min_size=2, max_size=2), st.floats(0.1, 1.0))
def test_lengths_never_drop_a_pair_that_reaches_the_threshold(
    units: list[list[str]], least: float
) -> None:
    lengths = np.array([len(u) for u in units], dtype=np.int64)
    everything_agrees = np.zeros((2, 4), dtype=np.uint8)
    kept = plausible_pairs(np.array([[1, 0]]), lengths, everything_agrees, least=least)
    if similarity(units[1], units[0]) >= least:
        assert kept.tolist() == [[1, 0]]


def test_near_copies_pass_the_sketch_and_unrelated_sentences_do_not() -> None:
    sentences = [
        "the harbour bridge will stay closed until the inspectors finish work in may",
        "the harbour bridge stays closed until inspectors finish their work in may",
        "shares of the mining group fell sharply after a weak quarterly report",
    ]
    sketches = sketches_of([sentence.split() for sentence in sentences])
    assert (sketches[1] == sketches[0]).mean() >= SKETCH_FLOOR
    assert (sketches[2] == sketches[0]).mean() < SKETCH_FLOOR
    lengths = np.array([13, 12, 12], dtype=np.int64)
    pairs = np.array([[1, 0], [2, 0]])
    assert plausible_pairs(pairs, lengths, sketches, least=0.7).tolist() == [[1, 0]]


def test_no_pairs() -> None:
    empty = np.zeros((0, 2), dtype=np.int64)
    sketches = np.zeros((1, 128), dtype=np.uint8)
    assert plausible_pairs(empty, np.array([5]), sketches, least=0.7).shape == (0, 2)


def test_the_sketch_filter_needs_128_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    floors: list[float] = []
    real = candidates.plausible_pairs

    def spy(*args: Any, **kwargs: Any) -> np.ndarray:
        floors.append(kwargs["floor"])
        return real(*args, **kwargs)

    monkeypatch.setattr(candidates, "plausible_pairs", spy)
    units = [
        "the harbour bridge will stay closed until may",
        "the harbour bridge will stay shut until may",
    ]
    for num_perm in (16, 128):
        found = candidates._near_copies(units, Config(num_perm=num_perm), 1, candidates._silent)
        assert 0 in found
    assert floors == [0.0, SKETCH_FLOOR]


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


def _distinct_reference(
    documents: list[Document], least: int
) -> tuple[list[int], list[int], list[str]]:
    """The obvious way: a dict numbers each long-enough line at its first occurrence."""
    numbered: dict[str, int] = {}
    unit_at, place = [], []
    for d, document in enumerate(documents):
        for s, line in enumerate(document.lines):
            if line_length(line) >= least:
                unit_at.append(numbered.setdefault(line, len(numbered)))
                place.append(d * candidates.PLACE + s)
    return unit_at, place, list(numbered)


lines = st.lists(st.sampled_from(["a b c", "a b", "b c a", "", "x y z w", "a b c d"]), max_size=6)


@SETTINGS
@given(st.lists(lines, max_size=6), st.integers(0, 4), st.booleans())
def test_distinct_sentences_number_lines_as_a_dict_would(
    texts: list[list[str]], least: int, collide: bool
) -> None:
    documents = [
        Document(Article(id=str(i), text="."), Sentences.of([]), tuple(doc), ())
        for i, doc in enumerate(texts)
    ]
    with pytest.MonkeyPatch.context() as patch:
        if collide:  # every line hashes alike: the exact fallback must number them right
            patch.setattr(candidates, "_line_hash", lambda line: 7)
        unit_at, place, units = candidates._distinct_sentences(documents, least)
    assert (unit_at.tolist(), place.tolist(), units) == _distinct_reference(documents, least)
