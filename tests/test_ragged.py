"""Tests for dedup._ragged: groups laid end to end, against Python loops."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from dedup import _ragged

SIZES = st.lists(st.integers(0, 6), max_size=12)


@settings(derandomize=True, max_examples=300, deadline=None)
@given(SIZES)
def test_offsets_and_ranks_number_each_group(sizes: list[int]) -> None:
    starts = [sum(sizes[:i]) for i in range(len(sizes) + 1)]
    assert _ragged.offsets(np.array(sizes, dtype=np.int64)).tolist() == starts
    expected = [rank for size in sizes for rank in range(size)]
    assert _ragged.ranks(np.array(sizes, dtype=np.int64)).tolist() == expected


@settings(derandomize=True, max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 100), st.integers(0, 6)), max_size=12))
def test_ranges_gather_each_group(groups: list[tuple[int, int]]) -> None:
    firsts = np.array([first for first, _ in groups], dtype=np.int64)
    sizes = np.array([size for _, size in groups], dtype=np.int64)
    expected = [first + k for first, size in groups for k in range(size)]
    got = _ragged.ranges(firsts, sizes)
    assert got.dtype == np.int64
    assert got.tolist() == expected


def test_empty() -> None:
    none = np.zeros(0, dtype=np.int64)
    assert _ragged.offsets(none).tolist() == [0]
    assert _ragged.ranks(none).tolist() == []
    assert _ragged.ranges(none, none).tolist() == []
