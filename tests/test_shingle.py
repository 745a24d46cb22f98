"""Tests of dedup.shingle: stable token hashes, flat unit layout, and k-word shingles.

The shingle hashes are checked against a slow pure-Python reference that follows the definition
one k-gram at a time, and against properties that must hold whatever the hash function is.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter

import mmh3
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dedup import shingle
from dedup.shingle import (
    TOKEN_SEED,
    hash_lines,
    hash_units,
    mix64,
    shingle_units,
    stable_hash,
)

MASK64 = (1 << 64) - 1
MIX = 0x9E3779B97F4A7C15

TOKENS = st.text(min_size=0, max_size=6)
SMALL_VOCAB = st.sampled_from(["the", "bridge", "closed", "on", "monday", "é", "東", ""])
UNITS = st.lists(st.lists(SMALL_VOCAB, max_size=8), max_size=8)
SIZES = st.integers(min_value=1, max_value=4)

SETTINGS = settings(derandomize=True, database=None, deadline=None, max_examples=100)


# --- slow, obvious references -----------------------------------------------------------------


def ref_mix64(x: int) -> int:
    """MurmurHash3 fmix64 on a Python int, modulo 2**64."""
    x ^= x >> 33
    x = (x * 0xFF51AFD7ED558CCD) & MASK64
    x ^= x >> 33
    x = (x * 0xC4CEB9FE1A85EC53) & MASK64
    return x ^ (x >> 33)


def ref_shingle_hash(gram: tuple[str, ...]) -> int:
    """Hash of one k-gram, computed word by word."""
    combined = 0
    for i, token in enumerate(gram):
        value = stable_hash(token)
        combined = value if i == 0 else (combined * MIX + value) & MASK64
    return ref_mix64(combined) & 0xFFFFFFFF


def ref_grams(tokens: list[str], size: int) -> list[tuple[str, ...]]:
    return [tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1)]


def shingles_of(units: list[list[str]], size: int) -> list[list[int]]:
    """The shingle hashes of each unit, as computed by the module, split per unit."""
    hashes, offsets = hash_units(units)
    shingles, unit_offsets = shingle_units(hashes, offsets, size)
    return [shingles[unit_offsets[i] : unit_offsets[i + 1]].tolist() for i in range(len(units))]


# --- stable_hash --------------------------------------------------------------------------------


# The child loads shingle.py on its own (it needs only mmh3 and numpy), not the whole package:
# that halves the cost of starting two interpreters.
HASH_SCRIPT = (
    "import importlib.util, json, sys\n"
    "spec = importlib.util.spec_from_file_location('shingle', sys.argv[1])\n"
    "shingle = importlib.util.module_from_spec(spec)\n"
    "spec.loader.exec_module(shingle)\n"
    "tokens = json.load(sys.stdin)\n"
    "print(json.dumps({'stable': [shingle.stable_hash(t) for t in tokens],"
    " 'builtin': [hash(t) for t in tokens]}))\n"
)
HASH_TOKENS = ["harbour", "bridge", "", "don't", "Zürich", "東京", "a" * 300]


def _start_hashing(hash_seed: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    return subprocess.Popen(
        [sys.executable, "-c", HASH_SCRIPT, shingle.__file__],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _finish_hashing(process: subprocess.Popen[str]) -> dict[str, list[int]]:
    out, err = process.communicate(json.dumps(HASH_TOKENS), timeout=120)
    assert process.returncode == 0, err
    result: dict[str, list[int]] = json.loads(out)
    return result


def test_stable_hash_is_identical_across_processes_with_different_hash_seeds() -> None:
    processes = [_start_hashing("1"), _start_hashing("2")]  # run side by side
    first, second = (_finish_hashing(p) for p in processes)
    # the two processes really do salt builtin hash() differently ...
    assert first["builtin"] != second["builtin"]
    # ... and stable_hash ignores the salt
    expected = [stable_hash(t) for t in HASH_TOKENS]
    assert first["stable"] == expected
    assert second["stable"] == expected


def test_stable_hash_is_seeded_murmur3_unsigned() -> None:
    for token in HASH_TOKENS:
        assert stable_hash(token) == mmh3.hash(token, TOKEN_SEED, signed=False)


@given(TOKENS)
@SETTINGS
def test_stable_hash_is_an_unsigned_32_bit_int(token: str) -> None:
    value = stable_hash(token)
    assert isinstance(value, int)
    assert 0 <= value < 2**32
    assert stable_hash(token) == value


# --- hash_units ---------------------------------------------------------------------------------


def test_hash_units_of_nothing() -> None:
    hashes, offsets = hash_units([])
    assert hashes.dtype == np.uint32
    assert offsets.dtype == np.int64
    assert hashes.tolist() == []
    assert offsets.tolist() == [0]


def test_hash_units_offsets_with_empty_units() -> None:
    hashes, offsets = hash_units([[], ["a", "b"], [], [], ["c"], []])
    assert offsets.tolist() == [0, 0, 2, 2, 2, 3, 3]
    assert hashes.tolist() == [stable_hash("a"), stable_hash("b"), stable_hash("c")]


@given(st.lists(st.lists(TOKENS, max_size=6), max_size=8))
@SETTINGS
def test_hash_units_matches_per_token_hashes(units: list[list[str]]) -> None:
    hashes, offsets = hash_units(iter(units))  # any iterable of sequences
    assert hashes.dtype == np.uint32
    assert offsets.dtype == np.int64
    assert offsets[0] == 0
    assert np.diff(offsets).tolist() == [len(u) for u in units]
    assert len(hashes) == offsets[-1]
    for i, unit in enumerate(units):
        assert hashes[offsets[i] : offsets[i + 1]].tolist() == [stable_hash(t) for t in unit]


# --- shingle_units ------------------------------------------------------------------------------


def test_shingle_units_docstring_case() -> None:
    got = shingles_of([["a", "b", "c"], ["d"]], 2)
    assert got == [
        [ref_shingle_hash(("a", "b")), ref_shingle_hash(("b", "c"))],
        [],
    ]


def test_shingle_units_with_no_units() -> None:
    hashes, offsets = hash_units([])
    shingles, unit_offsets = shingle_units(hashes, offsets, 3)
    assert shingles.dtype == np.uint32
    assert unit_offsets.dtype == np.int64
    assert shingles.tolist() == []
    assert unit_offsets.tolist() == [0]


def test_shingle_units_all_units_too_short() -> None:
    hashes, offsets = hash_units([["a"], [], ["b", "c"]])
    shingles, unit_offsets = shingle_units(hashes, offsets, 3)
    assert shingles.tolist() == []
    assert unit_offsets.tolist() == [0, 0, 0, 0]


@given(UNITS, SIZES)
@SETTINGS
def test_shingle_units_matches_slow_reference(units: list[list[str]], size: int) -> None:
    hashes, offsets = hash_units(units)
    shingles, unit_offsets = shingle_units(hashes, offsets, size)
    assert shingles.dtype == np.uint32
    assert unit_offsets.dtype == np.int64
    assert unit_offsets[0] == 0
    assert np.diff(unit_offsets).tolist() == [max(len(u) - size + 1, 0) for u in units]
    for i, unit in enumerate(units):
        got = shingles[unit_offsets[i] : unit_offsets[i + 1]].tolist()
        assert got == [ref_shingle_hash(g) for g in ref_grams(unit, size)]
    plain = np.zeros_like(shingles)
    with np.errstate(over="ignore"):  # numpy's scalars warn where the compiled loop wraps
        shingle._fill_shingles.py_func(hashes, offsets, size, unit_offsets, plain)
    assert plain.tolist() == shingles.tolist()


@given(UNITS, SIZES)
@SETTINGS
def test_equal_kgrams_give_equal_hashes_and_distinct_ones_differ(
    units: list[list[str]], size: int
) -> None:
    by_gram: dict[tuple[str, ...], set[int]] = {}
    for unit, got in zip(units, shingles_of(units, size), strict=True):
        for gram, value in zip(ref_grams(unit, size), got, strict=True):
            by_gram.setdefault(gram, set()).add(value)
    # identical k-gram sequences, wherever they occur, hash alike
    assert all(len(values) == 1 for values in by_gram.values())
    # and on this small sample, different k-grams never collide
    assert len({next(iter(v)) for v in by_gram.values()}) == len(by_gram)


@given(UNITS, st.lists(st.lists(SMALL_VOCAB, max_size=8), max_size=4), SIZES)
@SETTINGS
def test_shingles_never_cross_unit_boundaries(
    units: list[list[str]], others: list[list[str]], size: int
) -> None:
    # a unit's shingle multiset depends only on its own tokens, not on its neighbours
    together = shingles_of(others + units + others, size)[len(others) : len(others) + len(units)]
    alone = [shingles_of([unit], size)[0] for unit in units]
    assert together == alone
    concatenated = shingles_of([[t for u in units for t in u]], size)[0]
    assert Counter(v for got in together for v in got) <= Counter(concatenated)


@given(st.lists(SMALL_VOCAB, min_size=1, max_size=8))
@SETTINGS
def test_size_one_shingles_depend_on_the_token_only(unit: list[str]) -> None:
    got = shingles_of([unit], 1)[0]
    assert got == [ref_shingle_hash((t,)) for t in unit]
    assert len(set(got)) == len(set(unit))


@pytest.mark.parametrize("size", [2, 3, 4])
def test_word_order_inside_a_shingle_matters(size: int) -> None:
    gram = ["harbour", "bridge", "closed", "monday"][:size]
    assert shingles_of([gram], size) != shingles_of([gram[::-1]], size)


@given(st.lists(st.integers(min_value=0, max_value=2**64 - 1), max_size=20))
@SETTINGS
def test_mix64_matches_pure_python(values: list[int]) -> None:
    array = np.array(values, dtype=np.uint64)
    assert mix64(array).tolist() == [ref_mix64(v) for v in values]
    assert [int(mix64(np.uint64(v))) for v in values] == [ref_mix64(v) for v in values]


TOKEN_CHARACTERS = st.sampled_from("abz09'\u00e9\u00df\u4e2d\u0301\U0001f600")


@settings(derandomize=True, max_examples=300, deadline=None)
@given(st.lists(st.lists(st.text(TOKEN_CHARACTERS, min_size=1, max_size=23), max_size=6)))
def test_hash_lines_is_murmur3_of_each_token(units: list[list[str]]) -> None:
    hashes, offsets = hash_lines([" ".join(tokens) for tokens in units])
    expected, expected_offsets = hash_units(units)
    assert offsets.tolist() == expected_offsets.tolist()
    assert hashes.tolist() == expected.tolist()
    assert hashes.tolist() == [mmh3.hash(t, TOKEN_SEED, signed=False) for u in units for t in u]
