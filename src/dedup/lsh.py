"""Locality-sensitive hashing: banding parameters, band keys, and candidate pairs found in bulk.

Instead of inserting keys into per-band dicts one at a time, all band keys of a batch are sorted
with numpy; units that share a key in some band form a bucket, and each unit is paired with the
first ``fanout`` members of the bucket in preference order. A story syndicated to thousands of
outlets thus yields pairs linear in the number of copies, not quadratic.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from dedup._jit import compiled
from dedup.parallel import iter_shared
from dedup.shingle import I64, U32, mix64

U64 = npt.NDArray[np.uint64]

Pairs = npt.NDArray[np.int64]
"""Candidate pairs: an ``(n, 2)`` array of unit indices ``(later, earlier)`` in preference order."""

_GRID = np.linspace(0.0, 1.0, 2001)


@functools.cache
def lsh_params(
    threshold: float,
    num_perm: int,
    *,
    false_positive_weight: float = 0.5,
    false_negative_weight: float = 0.5,
) -> tuple[int, int]:
    """Return ``(bands, rows)`` minimising weighted false positives and misses at ``threshold``.

    The same objective as ``datasketch.lsh._optimal_param``: the area under the S-curve
    ``1 - (1 - s**rows)**bands`` below the threshold (false positives) and above it (misses).

    >>> lsh_params(0.5, 128)
    (25, 5)
    >>> bands, rows = lsh_params(0.3, 128)
    >>> bands * rows <= 128
    True
    """
    below = threshold >= _GRID
    best, best_error = (1, 1), float("inf")
    for bands in range(1, num_perm + 1):
        for rows in range(1, num_perm // bands + 1):
            hit = 1.0 - (1.0 - _GRID**rows) ** bands
            fp = np.trapezoid(np.where(below, hit, 0.0), _GRID)
            fn = np.trapezoid(np.where(below, 0.0, 1.0 - hit), _GRID)
            error = float(fp * false_positive_weight + fn * false_negative_weight)
            if error < best_error - 1e-12:
                best, best_error = (bands, rows), error
    return best


def band_keys(signatures: U32, bands: int, rows: int) -> npt.NDArray[np.uint64]:
    """Return an ``(units, bands)`` array of 64-bit keys, one per band of each signature.

    Two units share a key in band ``i`` when their rows ``i*rows .. (i+1)*rows - 1`` are all equal
    (up to a 64-bit hash collision, which the exact verification that follows removes).
    """
    return band_major_keys(signatures.T, bands, rows).T


def band_major_keys(minima: U32, bands: int, rows: int) -> npt.NDArray[np.uint64]:
    """``band_keys`` from and to the transposed layouts: ``minima`` is ``(permutations,
    units)`` (``MinHasher.minima``) and the keys come back ``(bands, units)``, each band's keys
    contiguous, as the join reads them.

    >>> minima = np.array([[1, 1, 2], [5, 5, 5]], dtype=np.uint32)
    >>> keys = band_major_keys(minima, 1, 2)
    >>> keys.shape, bool(keys[0, 0] == keys[0, 1]), bool(keys[0, 0] == keys[0, 2])
    ((1, 3), True, False)
    """
    keys = np.empty((bands, minima.shape[1]), dtype=np.uint64)
    _fill_band_keys(minima, rows, keys)
    return keys


@compiled
def _fill_band_keys(minima: U32, rows: int, keys: npt.NDArray[np.uint64]) -> None:
    """``band_major_keys`` into ``keys``: each band's rows folded into one key per unit (the
    products wrap around 64 bits by design)."""
    for band in range(keys.shape[0]):
        for unit in range(keys.shape[1]):
            key = np.uint64(band + 1)
            for row in range(band * rows, (band + 1) * rows):
                key = mix64(key * np.uint64(0x100000001B3) + np.uint64(minima[row, unit]))
            keys[band, unit] = key


def candidate_pairs(
    keys: npt.NDArray[np.uint64],
    rank: npt.NDArray[np.int64] | None,
    *,
    fanout: int,
    workers: int = 1,
    keep: Judge | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Pairs:
    """Pair every unit with up to ``fanout`` bucket members that come before it in ``rank`` order.

    ``rank[i]`` is unit ``i``'s place in preference order (lower = better source: earlier date);
    None when the units are numbered in that order (then the join sorts faster).
    Returns unique ``(unit, earlier_unit)`` rows, sorted. Bands are joined in ``workers``
    processes (forked: ``keys`` is inherited, not sent); the pairs are the same for any number.
    ``keep``, if given, filters each band's pairs as they are found (it must judge each pair on
    its own; see ``Judge``): memory then holds only the pairs it keeps, not every candidate of
    every band.
    ``progress(bands_done, bands)`` is called as bands are joined.

    >>> keys = np.array([[7], [7], [9], [7]], dtype=np.uint64)
    >>> candidate_pairs(keys, np.array([0, 1, 2, 3]), fanout=8).tolist()
    [[1, 0], [3, 0], [3, 1]]
    >>> candidate_pairs(keys, np.arange(4), fanout=8, keep=lambda units, a, b: units[b] > 0)
    array([[3, 1]])
    """
    n_units, bands = keys.shape
    found = []
    joined = iter_shared(
        _join_band_codes, (keys, rank, fanout, keep), range(bands), workers=workers, chunk=1
    )
    for done, codes in enumerate(joined, 1):
        found.append(codes)
        if progress is not None:
            progress(done, bands)
    if sum(map(len, found)) == 0:
        return np.zeros((0, 2), dtype=np.int64)
    # each band's codes are sorted already: a stable sort merges the runs
    codes = _distinct(np.sort(np.concatenate(found), kind="stable"))
    return np.stack((codes // n_units, codes % n_units), axis=1)


Judge = Callable[
    [npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]], npt.NDArray[np.bool_]
]
"""``keep(members, later, earlier)``: which of a band's candidate pairs to keep (a bool a pair).
The pairs come as positions in ``members``, the unit indices of the band's buckets laid end to
end: pair ``i`` is unit ``members[later[i]]`` with unit ``members[earlier[i]]``. Both lie in one
bucket, close together in ``members``, so what a judge reads per member (copied in that order
once) it reads per pair from nearby memory, not from two random places in a table of every
unit (at 10^6 articles such reads took most of the join)."""

_Join = tuple[npt.NDArray[np.uint64], npt.NDArray[np.int64] | None, int, Judge | None]


def _join_band_codes(shared: _Join, bands: Sequence[int]) -> list[npt.NDArray[np.int64]]:
    """For each of ``bands``, its pairs as one sorted array of unique codes ``later * n +
    earlier``."""
    keys, rank, fanout, keep = shared
    n_units = len(keys)
    found: list[npt.NDArray[np.int64]] = []
    for band in bands:
        members, later, earlier = _band_pairs(keys[:, band], rank, fanout)
        if keep is not None:
            kept = keep(members, later, earlier)
            later, earlier = later[kept], earlier[kept]
        found.append(_distinct(np.sort(members[later] * n_units + members[earlier])))
    return found


def _distinct(codes: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """The sorted ``codes`` without repeats (not ``np.unique``: it hashes, 60x slower here).

    >>> _distinct(np.array([1, 1, 2, 5, 5])).tolist(), _distinct(np.array([], np.int64)).size
    ([1, 2, 5], 0)
    """
    return codes[run_starts(codes)]


def run_starts(ordered: npt.NDArray[Any], *more: npt.NDArray[Any]) -> npt.NDArray[np.bool_]:
    """Where each run of equal values of the sorted ``ordered`` starts (one flag a value); with
    ``more`` columns, each run of equal rows of the columns sorted together.

    >>> run_starts(np.array([1, 1, 2, 5, 5])).tolist(), run_starts(np.array([])).size
    ([True, False, True, True, False], 0)
    >>> run_starts(np.array([1, 1, 1, 2]), np.array([4, 4, 5, 5])).tolist()
    [True, False, True, True]
    """
    changed = ordered[1:] != ordered[:-1]
    for column in more:
        changed |= column[1:] != column[:-1]
    starts: npt.NDArray[np.bool_] = np.r_[True, changed][: len(ordered)]
    return starts


def run_start_at(starts: npt.NDArray[np.bool_]) -> npt.NDArray[np.int64]:
    """For each position, where its run starts, given where runs start (``run_starts``).

    >>> run_start_at(np.array([True, False, True, True, False])).tolist()
    [0, 0, 2, 3, 3]
    """
    at: npt.NDArray[np.int64] = np.maximum.accumulate(
        np.where(starts, np.arange(len(starts), dtype=np.int64), 0)
    )
    return at


def repeated_keys(
    keys: npt.NDArray[np.uint64], rank: npt.NDArray[np.int64] | None = None
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.uint64]]:
    """The indices of the ``keys`` that occur more than once, sorted by key, then ``rank``
    (None: the index), then index; and their keys in that order.

    Most keys occur once, and sorting all indices by key is slow. One compiled pass marks, in
    a bitmap of 8 to 16 slots a key, the slots of the keys' top halves seen twice or more:
    those of every repeated key and of a few keys that occur once (two times faster than the
    SIMD sort of the halves it replaces at 20 M keys, seven times at 2.5 M). Only those
    keys are sorted by key, rank and index, and the keys still alone there dropped.

    >>> keys, rank = np.array([5, 9, 5, 7, 9, 2], np.uint64), np.array([5, 4, 3, 2, 1, 0])
    >>> order, keys = repeated_keys(keys, rank)
    >>> order.tolist(), keys.tolist()
    ([2, 0, 4, 1], [5, 5, 9, 9])
    """
    maybe = _repeated_tops(keys, min(32, max(16, (8 * len(keys)).bit_length())))
    if len(maybe) == 0:
        return maybe, np.zeros(0, dtype=np.uint64)
    maybe, maybe_keys = _by_key_and_rank(keys, rank, maybe)
    repeated = maybe_keys[1:] == maybe_keys[:-1]
    kept = np.r_[repeated, False] | np.r_[False, repeated]  # whole buckets of two or more
    return maybe[kept], maybe_keys[kept]


@compiled
def _repeated_tops(keys: U64, bits: int) -> I64:
    """The indices of the keys whose top half's low ``bits`` bits (its slot) another key's
    top half shares: two bitmaps of ``2**bits`` slots mark the slots seen once and again."""
    mask, words = np.uint64((1 << bits) - 1), (1 << bits) >> 6
    seen, again = np.zeros(words, dtype=np.uint64), np.zeros(words, dtype=np.uint64)
    for key in keys:
        slot = (key >> np.uint64(32)) & mask
        word, bit = slot >> np.uint64(6), np.uint64(1) << (slot & np.uint64(63))
        if seen[word] & bit:
            again[word] |= bit
        else:
            seen[word] |= bit
    repeated = np.zeros(len(keys), dtype=np.bool_)
    for index, key in enumerate(keys):
        slot = (key >> np.uint64(32)) & mask
        repeated[index] = (again[slot >> np.uint64(6)] >> (slot & np.uint64(63))) & 1
    return np.flatnonzero(repeated)


def _by_key_and_rank(
    keys: npt.NDArray[np.uint64], rank: npt.NDArray[np.int64] | None, indices: I64
) -> tuple[I64, npt.NDArray[np.uint64]]:
    """The ascending ``indices`` sorted by key, then ``rank`` (None: the index), then index;
    and their keys in that order.

    Ranked by index, as the join and the numbering of sentences rank them, the indices are
    sorted by the keys' top halves with the index in the low bits, one plain sort of 64-bit
    values (numpy sorts those with SIMD); the few equal halves of unequal keys are then put in
    order by a stable sort, which takes little time on values so nearly sorted. Three
    passes of ``np.lexsort`` took twice as long.

    >>> keys = np.array([7 << 32, 5, 7 << 32, 5 << 32, 6, 5], np.uint64)
    >>> order, ordered = _by_key_and_rank(keys, None, np.arange(6))
    >>> order.tolist()
    [1, 5, 4, 3, 0, 2]
    """
    if rank is not None or (len(indices) and indices[-1] >= 1 << 32):
        by_rank = np.lexsort((indices, indices if rank is None else rank[indices], keys[indices]))
        return indices[by_rank], keys[indices][by_rank]
    packed = (keys[indices] & _TOP_HALF) | indices.astype(np.uint64)
    order = (np.sort(packed) & _LOW_HALF).astype(np.int64)
    ordered = keys[order]
    exact = np.argsort(ordered, kind="stable")
    return order[exact], ordered[exact]


_TOP_HALF = np.uint64(0xFFFFFFFF00000000)
_LOW_HALF = np.uint64(0xFFFFFFFF)


def _band_pairs(
    band: npt.NDArray[np.uint64], rank: npt.NDArray[np.int64] | None, fanout: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """The pairs of one band's keys: the members of its buckets (unit indices, each bucket's
    in rank order), and each pair's positions there, ``later`` and ``earlier``.

    >>> members, later, earlier = _band_pairs(np.array([5, 9, 5, 5], np.uint64), np.arange(4), 8)
    >>> members.tolist(), [(int(members[a]), int(members[b])) for a, b in zip(later, earlier)]
    ([0, 2, 3], [(2, 0), (3, 0), (3, 2)])
    """
    members, sorted_keys = repeated_keys(band, rank)
    new_bucket = run_starts(sorted_keys)
    bucket_start = run_start_at(new_bucket)
    position = np.arange(len(members)) - bucket_start
    later: list[npt.NDArray[np.int64]] = []
    earlier: list[npt.NDArray[np.int64]] = []
    for lead in range(fanout):
        at = np.flatnonzero(position > lead)
        if len(at) == 0:
            break
        later.append(at)
        earlier.append(bucket_start[at] + lead)
    if not later:
        return members, _NO_POSITIONS, _NO_POSITIONS
    return members, np.concatenate(later), np.concatenate(earlier)


_NO_POSITIONS = np.zeros(0, dtype=np.int64)
