"""Stable token hashes and word shingles, computed in bulk as numpy arrays.

Units (sentences) are laid end to end in one flat array of token hashes, with ``offsets`` marking
where each unit starts (``offsets[i]:offsets[i + 1]`` are the tokens of unit ``i``). This keeps the
data path to a few arrays per batch instead of one Python object per shingle.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence

import mmh3
import numpy as np
import numpy.typing as npt

from dedup import _ragged

U32 = npt.NDArray[np.uint32]
I64 = npt.NDArray[np.int64]

TOKEN_SEED = 0x5EED
"""Seed of the token hash, fixed: hashes are identical in every process and on every machine."""

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
    tokens' ``stable_hash`` (MurmurHash3 x86 32-bit of their UTF-8 bytes) computed in numpy.

    >>> hashes, offsets = hash_lines(["a b", "c"])
    >>> hashes.tolist() == [stable_hash(t) for t in "abc"], offsets.tolist()
    (True, [0, 2, 3])
    """
    data = np.frombuffer("\n".join(lines).encode("utf-8"), dtype=np.uint8)
    if len(lines) == 0:
        return np.zeros(0, dtype=np.uint32), np.zeros(1, dtype=np.int64)
    # tokens hold neither spaces nor newlines (nor does UTF-8 use those bytes inside a character)
    separators = np.flatnonzero((data == 0x20) | (data == 0x0A))
    starts = np.concatenate(([0], separators + 1))
    ends = np.concatenate((separators, [len(data)]))
    line_of = np.concatenate(([0], np.cumsum(data[separators] == 0x0A)))
    words = ends > starts  # an empty line is an empty "token": none
    starts, ends, line_of = starts[words], ends[words], line_of[words]
    counts = np.bincount(line_of, minlength=len(lines))
    offsets = _ragged.offsets(counts)
    return _murmur3_32(data, starts, ends - starts, TOKEN_SEED), offsets


def _murmur3_32(data: npt.NDArray[np.uint8], starts: I64, lengths: I64, seed: int) -> U32:
    """MurmurHash3 (x86, 32-bit) of the byte strings ``data[start:start+length]``, all at once."""
    words = _words(data)
    h = np.full(len(starts), seed, dtype=np.uint32)
    blocks = lengths // 4
    active = np.flatnonzero(blocks)  # the strings with a j-th block, fewer at each step
    j = 0
    while len(active):
        h[active] = _mix_block(h[active], words[starts[active] + 4 * j])
        j += 1
        active = active[blocks[active] > j]
    tail = lengths % 4
    has_tail = np.flatnonzero(tail)
    masks = (np.uint32(1) << (8 * tail[has_tail]).astype(np.uint32)) - np.uint32(1)
    h[has_tail] ^= _scramble(words[(starts + 4 * blocks)[has_tail]] & masks)
    return fmix32(h ^ lengths.astype(np.uint32))


def fmix32(values: U32) -> U32:
    """MurmurHash3's 32-bit finaliser ``fmix32`` on each value (a new array).

    >>> fmix32(np.array([0, 1], dtype=np.uint32)).tolist()
    [0, 1364076727]
    """
    x = values.astype(np.uint32, copy=True)
    x ^= x >> np.uint32(16)
    x *= np.uint32(0x85EBCA6B)
    x ^= x >> np.uint32(13)
    x *= np.uint32(0xC2B2AE35)
    x ^= x >> np.uint32(16)
    return x


def _words(data: npt.NDArray[np.uint8]) -> U32:
    """The little-endian 32-bit word starting at every byte of ``data`` (zeros past its end)."""
    padded = np.zeros(len(data) + 7, dtype=np.uint8)
    padded[: len(data)] = data
    quads = -(-len(data) // 4)
    words = np.empty(4 * quads, dtype=np.uint32)
    for shift in range(4):
        words[shift::4] = np.frombuffer(padded.data, dtype="<u4", count=quads, offset=shift)
    return words


def _scramble(k: U32) -> U32:
    k = k * np.uint32(0xCC9E2D51)
    k = (k << np.uint32(15)) | (k >> np.uint32(17))
    scrambled: U32 = k * np.uint32(0x1B873593)
    return scrambled


def _mix_block(h: U32, k: U32) -> U32:
    h = h ^ _scramble(k)
    h = (h << np.uint32(13)) | (h >> np.uint32(19))
    mixed: U32 = h * np.uint32(5) + np.uint32(0xE6546B64)
    return mixed


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
    starts = _ragged.ranges(offsets[:-1], counts)  # the first token of every shingle
    combined = token_hashes[starts].astype(np.uint64)
    for k in range(1, size):
        combined = combined * _MIX + token_hashes[starts + k].astype(np.uint64)
    return fold32(combined), unit_offsets


def mix64(values: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """Mix 64-bit values with MurmurHash3's ``fmix64`` finaliser (a bijection that avalanches)."""
    x = values ^ (values >> np.uint64(33))
    x = x * np.uint64(0xFF51AFD7ED558CCD)
    x = x ^ (x >> np.uint64(33))
    x = x * np.uint64(0xC4CEB9FE1A85EC53)
    mixed: npt.NDArray[np.uint64] = x ^ (x >> np.uint64(33))
    return mixed


def fold32(values: npt.NDArray[np.uint64]) -> U32:
    """Mix 64-bit values and keep the low 32 bits."""
    return (mix64(values) & np.uint64(0xFFFFFFFF)).astype(np.uint32)
