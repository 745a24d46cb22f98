"""Stable token hashes and word shingles, computed in bulk as numpy arrays.

Units (sentences) are laid end to end in one flat array of token hashes, with ``offsets`` marking
where each unit starts (``offsets[i]:offsets[i + 1]`` are the tokens of unit ``i``). This keeps the
data path to a few arrays per batch instead of one Python object per shingle.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from typing import TypeVar

import mmh3
import numpy as np
import numpy.typing as npt

from dedup import _ragged
from dedup._jit import compiled

U32 = npt.NDArray[np.uint32]
I64 = npt.NDArray[np.int64]

TOKEN_SEED = 0x5EED
"""Seed of the token hash, fixed: hashes are identical in every process and on every machine."""

Mixable = TypeVar("Mixable", np.uint64, npt.NDArray[np.uint64])

_MIX = np.uint64(0x9E3779B97F4A7C15)  # 2**64 / golden ratio: an odd multiplier that spreads bits


def stable_hash(token: str) -> int:
    """Return a 32-bit hash of ``token``, the same in every process (never builtin ``hash()``).

    >>> stable_hash("harbour") == stable_hash("harbour")
    True
    >>> 0 <= stable_hash("harbour") < 2**32
    True
    """
    return mmh3.hash(token, TOKEN_SEED, signed=False)


def hash_units(units: Iterable[Sequence[str]]) -> tuple[U32, I64]:
    """Hash the tokens of many units into one flat array, with unit boundaries.

    >>> hashes, offsets = hash_units([["a", "b"], [], ["c"]])
    >>> offsets.tolist()
    [0, 2, 2, 3]
    """
    listed = units if isinstance(units, list) else list(units)
    flat = list(itertools.chain.from_iterable(listed))
    hashes = {token: stable_hash(token) for token in set(flat)}  # each distinct word once
    values = np.fromiter(map(hashes.__getitem__, flat), dtype=np.uint32, count=len(flat))
    lengths = np.fromiter(map(len, listed), dtype=np.int64, count=len(listed))
    return values, _ragged.offsets(lengths)


def hash_lines(lines: Sequence[str]) -> tuple[U32, I64]:
    """``hash_units`` of lines of space-joined tokens, without a ``str`` for each token: the
    tokens' ``stable_hash`` (MurmurHash3 x86 32-bit of their UTF-8 bytes) computed in one
    compiled pass over the lines' bytes.

    >>> hashes, offsets = hash_lines(["a b", "c"])
    >>> hashes.tolist() == [stable_hash(t) for t in "abc"], offsets.tolist()
    (True, [0, 2, 3])
    """
    if len(lines) == 0:
        return np.zeros(0, dtype=np.uint32), np.zeros(1, dtype=np.int64)
    data = np.frombuffer("\n".join(lines).encode("utf-8"), dtype=np.uint8)
    hashes = np.empty(len(data) // 2 + 1, dtype=np.uint32)  # a token and a separator each
    counts = np.zeros(len(lines), dtype=np.int64)
    found = _hash_tokens(data, TOKEN_SEED, hashes, counts)
    return hashes[:found].copy(), _ragged.offsets(counts)


_M32 = 0xFFFFFFFF


@compiled
def _hash_tokens(data: npt.NDArray[np.uint8], seed: int, hashes: U32, counts: I64) -> int:
    """Write the MurmurHash3 (x86, 32-bit) of each token of ``data`` (lines of tokens split by
    single spaces, joined by newlines) into ``hashes`` and count each line's tokens into
    ``counts``; returns how many tokens there are. An empty line has none. Tokens hold neither
    spaces nor newlines, and UTF-8 uses neither byte inside a character."""
    found = line = start = 0
    for end in range(len(data) + 1):
        byte = data[end] if end < len(data) else 0x0A
        if byte != 0x20 and byte != 0x0A:
            continue
        if end > start:
            hashes[found] = _murmur3_32(data, start, end, seed)
            found += 1
            counts[line] += 1
        if byte == 0x0A:
            line += 1
        start = end + 1
    return found


@compiled
def _murmur3_32(data: npt.NDArray[np.uint8], start: int, end: int, seed: int) -> int:
    """MurmurHash3 (x86, 32-bit) of ``data[start:end]`` (Python ints, masked to 32 bits: the
    products may wrap in 64 bits once compiled, which leaves the low 32 bits right)."""
    h = seed
    blocks_end = start + (end - start) // 4 * 4
    for at in range(start, blocks_end, 4):
        k = int(data[at]) | int(data[at + 1]) << 8 | int(data[at + 2]) << 16
        h ^= _scramble(k | int(data[at + 3]) << 24)
        h = ((h << 13) | (h >> 19)) & _M32
        h = (h * 5 + 0xE6546B64) & _M32
    tail = end - blocks_end
    if tail:
        k = 0
        if tail == 3:
            k ^= int(data[blocks_end + 2]) << 16
        if tail >= 2:
            k ^= int(data[blocks_end + 1]) << 8
        h ^= _scramble(k ^ int(data[blocks_end]))
    return fmix32(h ^ (end - start))


@compiled
def _scramble(k: int) -> int:
    k = (k * 0xCC9E2D51) & _M32
    k = ((k << 15) | (k >> 17)) & _M32
    return (k * 0x1B873593) & _M32


@compiled
def fmix32(h: int) -> int:
    """MurmurHash3's 32-bit finaliser ``fmix32`` of one 32-bit value (a Python int, or an
    integer inside a compiled loop; masked to 32 bits, as in ``_murmur3_32``).

    >>> fmix32(0), fmix32(1)
    (0, 1364076727)
    """
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & _M32
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & _M32
    return h ^ (h >> 16)


def shingle_units(token_hashes: U32, offsets: I64, size: int) -> tuple[U32, I64]:
    """Return the hashes of all ``size``-word shingles of each unit, and their unit boundaries.

    A shingle never crosses a unit boundary. A unit shorter than ``size`` words gets no shingle.
    Duplicate shingles inside a unit are kept: MinHash ignores them.

    >>> hashes, offsets = hash_units([["a", "b", "c"], ["d"]])
    >>> shingles, unit_offsets = shingle_units(hashes, offsets, 2)
    >>> len(shingles), unit_offsets.tolist()
    (2, [0, 2, 2])
    """
    lengths = np.diff(offsets)
    counts = np.maximum(lengths - (size - 1), 0)
    unit_offsets = _ragged.offsets(counts)
    if unit_offsets[-1] == 0:
        return np.zeros(0, dtype=np.uint32), unit_offsets
    shingles = np.empty(unit_offsets[-1], dtype=np.uint32)
    _fill_shingles(token_hashes, np.asarray(offsets, np.int64), size, unit_offsets, shingles)
    return shingles, unit_offsets


@compiled
def _fill_shingles(
    token_hashes: U32, offsets: I64, size: int, unit_offsets: I64, shingles: U32
) -> None:
    """``shingle_units`` into ``shingles``: each run of ``size`` token hashes combined by a
    64-bit multiply (wrapping around by design), mixed, and cut to its low 32 bits."""
    for unit in range(len(offsets) - 1):
        first, at = offsets[unit], unit_offsets[unit]
        for shingle in range(unit_offsets[unit + 1] - at):
            combined = np.uint64(token_hashes[first + shingle])
            for k in range(1, size):
                combined = combined * _MIX + np.uint64(token_hashes[first + shingle + k])
            shingles[at + shingle] = np.uint32(mix64(combined) & np.uint64(0xFFFFFFFF))


@compiled
def mix64(values: Mixable) -> Mixable:
    """Mix 64-bit values (an array, or one value inside a compiled loop) with MurmurHash3's
    ``fmix64`` finaliser (a bijection that avalanches)."""
    x = values ^ (values >> np.uint64(33))
    x = x * np.uint64(0xFF51AFD7ED558CCD)
    x = x ^ (x >> np.uint64(33))
    x = x * np.uint64(0xC4CEB9FE1A85EC53)
    mixed: Mixable = x ^ (x >> np.uint64(33))
    return mixed
