"""Tests of dedup.minhash: batched signatures against datasketch, bit for bit, and the estimator."""

from __future__ import annotations

from random import Random

import numpy as np
import pytest
from datasketch import MinHash
from hypothesis import given, settings
from hypothesis import strategies as st

from dedup import minhash
from dedup.minhash import (
    SIGNATURE_MAX,
    MinHasher,
    affine32_permutations,
    estimate_jaccard,
    to_datasketch,
)

UINT32 = st.integers(min_value=0, max_value=2**32 - 1)
EDGE_UINT32 = st.one_of(UINT32, st.sampled_from([0, 1, 2**31, 2**32 - 1]))
# units of shingle hashes, empty units included
UNITS = st.lists(st.lists(EDGE_UINT32, max_size=12), max_size=8)
NUM_PERMS = st.sampled_from([1, 2, 16, 64, 128])
SEEDS = st.one_of(st.sampled_from([0, 1, 2**32 - 1]), st.integers(0, 2**32 - 1))

SETTINGS = settings(derandomize=True, database=None, deadline=None, max_examples=60)


def flatten(units: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    shingles = np.array([v for unit in units for v in unit], dtype=np.uint32)
    offsets = np.cumsum([0] + [len(unit) for unit in units], dtype=np.int64)
    return shingles, offsets


def datasketch_signature(unit: list[int], *, num_perm: int, seed: int) -> np.ndarray:
    """The reference: datasketch's own MinHash, one unit at a time."""
    sketch = MinHash(num_perm=num_perm, seed=seed, scheme="affine32", hashfunc=lambda x: x)
    sketch.update_batch(unit)
    return np.asarray(sketch.hashvalues)


def assert_matches_datasketch(units: list[list[int]], *, num_perm: int, seed: int) -> None:
    shingles, offsets = flatten(units)
    got = MinHasher(num_perm=num_perm, seed=seed).signatures(shingles, offsets)
    assert got.dtype == np.uint32
    assert got.shape == (len(units), num_perm)
    for row, unit in zip(got, units, strict=True):
        expected = datasketch_signature(unit, num_perm=num_perm, seed=seed)
        assert expected.dtype == np.uint32
        np.testing.assert_array_equal(row, expected)


@given(UNITS, NUM_PERMS, SEEDS)
@SETTINGS
def test_signatures_equal_datasketch_bit_for_bit(
    units: list[list[int]], num_perm: int, seed: int
) -> None:
    assert_matches_datasketch(units, num_perm=num_perm, seed=seed)


def test_signatures_equal_datasketch_for_long_and_empty_units() -> None:
    rng = np.random.default_rng(2024)
    lengths = [3, 0, 5000, 0, 1022, 5]
    units = [rng.integers(0, 2**32, size=n, dtype=np.uint64).tolist() for n in lengths]
    assert_matches_datasketch(units, num_perm=4, seed=3)


@given(UNITS, st.sampled_from([1, 16, 108]), SEEDS)
@SETTINGS
def test_compiled_minima_equal_their_plain_python_form(
    units: list[list[int]], num_perm: int, seed: int
) -> None:
    shingles, offsets = flatten(units)
    a, b = affine32_permutations(num_perm, seed)
    compiled = np.full((num_perm, len(units)), 7, dtype=np.uint32)
    plain = compiled.copy()
    minhash._fill_minima(shingles, offsets, a, b, compiled)
    minhash._fill_minima.py_func(shingles, offsets, a, b, plain)
    np.testing.assert_array_equal(compiled, plain)
    assert (compiled[:, [not unit for unit in units]] == 7).all()  # empty units left alone


@given(UNITS, st.sampled_from([1, 7, 16]))
@SETTINGS
def test_head_and_minima_are_the_first_columns_of_the_signatures(
    units: list[list[int]], count: int
) -> None:
    shingles, offsets = flatten(units)
    hasher = MinHasher(num_perm=16, seed=11)
    full = hasher.signatures(shingles, offsets)
    head = hasher.head(count).minima(shingles, offsets)
    assert head.shape == (count, len(units))
    np.testing.assert_array_equal(head, full[:, :count].T)


def test_head_refuses_a_count_out_of_range() -> None:
    hasher = MinHasher(num_perm=8, seed=1)
    for count in (0, 9):
        with pytest.raises(ValueError, match="between 1 and 8"):
            hasher.head(count)


def test_empty_unit_gives_signature_max_row() -> None:
    shingles, offsets = flatten([[], [5, 6], []])
    got = MinHasher(num_perm=32, seed=1).signatures(shingles, offsets)
    assert (got[0] == SIGNATURE_MAX).all()
    assert (got[2] == SIGNATURE_MAX).all()
    assert not (got[1] == SIGNATURE_MAX).all()
    assert np.uint32(2**32 - 1) == SIGNATURE_MAX


def test_no_units_and_no_shingles() -> None:
    hasher = MinHasher(num_perm=8, seed=1)
    none = hasher.signatures(np.zeros(0, dtype=np.uint32), np.array([0], dtype=np.int64))
    assert none.shape == (0, 8)
    only_empty = hasher.signatures(np.zeros(0, dtype=np.uint32), np.zeros(4, dtype=np.int64))
    assert only_empty.shape == (3, 8)
    assert (only_empty == SIGNATURE_MAX).all()


@given(st.lists(UINT32, min_size=1, max_size=20), st.randoms(use_true_random=False))
@SETTINGS
def test_signature_ignores_order_and_duplicates(values: list[int], rnd: Random) -> None:
    shuffled = [*values, *values[:3]]
    rnd.shuffle(shuffled)
    shingles, offsets = flatten([values, shuffled, sorted(set(values))])
    rows = MinHasher(num_perm=32, seed=5).signatures(shingles, offsets)
    np.testing.assert_array_equal(rows[0], rows[1])
    np.testing.assert_array_equal(rows[0], rows[2])


def test_same_seed_same_permutations_other_seed_differs() -> None:
    shingles, offsets = flatten([[1, 2, 3, 4]])
    first = MinHasher(num_perm=64, seed=1).signatures(shingles, offsets)
    again = MinHasher(num_perm=64, seed=1).signatures(shingles, offsets)
    other = MinHasher(num_perm=64, seed=2).signatures(shingles, offsets)
    np.testing.assert_array_equal(first, again)
    assert not np.array_equal(first, other)


# --- estimate_jaccard ---------------------------------------------------------------------------

SETS = st.sets(st.integers(min_value=0, max_value=60), min_size=1, max_size=40)


@given(SETS, SETS)
@settings(derandomize=True, database=None, deadline=None, max_examples=100)
def test_estimate_jaccard_is_close_to_exact_jaccard(first: set[int], second: set[int]) -> None:
    exact = len(first & second) / len(first | second)
    shingles, offsets = flatten([sorted(first), sorted(second)])
    rows = MinHasher(num_perm=256, seed=1).signatures(shingles, offsets)
    estimate = estimate_jaccard(rows[0], rows[1])
    # standard error at 256 permutations is at most 1/32: 0.15 is nearly five of them
    assert abs(estimate - exact) < 0.15
    assert estimate == estimate_jaccard(rows[1], rows[0])
    if first == second:
        assert estimate == 1.0
    if not first & second:
        # no shared shingle can give a shared minimum (the permutations are bijections)
        assert estimate == 0.0


def test_estimate_jaccard_basics() -> None:
    sig = np.array([1, 2, 3, 4], dtype=np.uint32)
    assert estimate_jaccard(sig, sig) == 1.0
    assert estimate_jaccard(sig, sig + 1) == 0.0
    assert estimate_jaccard(sig, np.array([1, 2, 0, 0], dtype=np.uint32)) == 0.5
    assert isinstance(estimate_jaccard(sig, sig), float)


@pytest.mark.parametrize("seed", [0, 1, 99])
def test_to_datasketch_round_trip(seed: int) -> None:
    shingles, offsets = flatten([[1, 2, 3, 4, 5, 6], [4, 5, 6, 7, 8, 9]])
    rows = MinHasher(num_perm=64, seed=seed).signatures(shingles, offsets)
    first, second = (to_datasketch(row, seed=seed) for row in rows)
    np.testing.assert_array_equal(first.hashvalues, rows[0])
    assert first.jaccard(second) == pytest.approx(estimate_jaccard(rows[0], rows[1]))
    direct = MinHash(num_perm=64, seed=seed, scheme="affine32", hashfunc=lambda x: x)
    direct.update_batch([1, 2, 3, 4, 5, 6])
    assert first == direct


@pytest.mark.parametrize(("num_perm", "seed"), [(1, 0), (16, 1), (128, 1), (128, 42), (256, 7)])
def test_permutations_are_datasketchs(num_perm: int, seed: int) -> None:
    a, b = affine32_permutations(num_perm, seed)
    expected_a, expected_b = MinHash(num_perm=num_perm, seed=seed, scheme="affine32").permutations
    assert a.dtype == b.dtype == np.uint32
    assert a.tolist() == expected_a.tolist()
    assert b.tolist() == expected_b.tolist()
