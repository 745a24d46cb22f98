"""Batched MinHash signatures, bit-for-bit those of ``datasketch.MinHash(scheme="affine32")``.

datasketch applies ``fmix32`` to each hash value and then the affine permutations
``a * h + b (mod 2**32)`` with odd ``a``: a bijection on 32-bit values, so the permutation step adds
no collisions and wraps around by design. We draw the permutation parameters exactly as datasketch
draws them (the tests compare with datasketch's own) and apply them to a whole batch of units at
once with numpy. datasketch itself is imported only by ``to_datasketch``: importing it imports
scipy, half a second at every start.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from dedup._jit import compiled
from dedup.shingle import I64, U32, fmix32

if TYPE_CHECKING:
    from datasketch import MinHash

SIGNATURE_MAX = np.uint32(0xFFFFFFFF)
"""Value of every row of the signature of an empty unit (datasketch's empty sentinel)."""


class MinHasher:
    """Sign many units at once with ``num_perm`` permutations drawn from ``seed``.

    >>> hasher = MinHasher(num_perm=16, seed=1)
    >>> shingles = np.array([1, 2, 3], dtype=np.uint32)
    >>> hasher.signatures(shingles, np.array([0, 3], dtype=np.int64)).shape
    (1, 16)
    """

    def __init__(self, *, num_perm: int, seed: int) -> None:
        self.num_perm = num_perm
        self._a, self._b = affine32_permutations(num_perm, seed)

    def head(self, count: int) -> MinHasher:
        """A hasher with only the first ``count`` permutations: the rows an LSH banding reads
        (36 bands of 3 rows use 108 of 128), so no time goes to rows nobody reads.

        >>> hasher = MinHasher(num_perm=16, seed=1)
        >>> shingles, offsets = np.array([1, 2, 3], dtype=np.uint32), np.array([0, 3])
        >>> first_four = hasher.head(4).minima(shingles, offsets)
        >>> bool((first_four == hasher.minima(shingles, offsets)[:4]).all())
        True
        """
        if not 0 < count <= self.num_perm:
            raise ValueError(f"count must be between 1 and {self.num_perm}, got {count}")
        head = MinHasher.__new__(MinHasher)
        head.num_perm, head._a, head._b = count, self._a[:count], self._b[:count]
        return head

    def signatures(self, shingles: U32, offsets: I64) -> U32:
        """Return one signature row per unit (``offsets`` as from ``shingle_units``)."""
        return np.ascontiguousarray(self.minima(shingles, offsets).T)

    def minima(self, shingles: U32, offsets: I64) -> U32:
        """The signatures as a ``(num_perm, units)`` array: row ``i`` holds every unit's minimum
        under permutation ``i`` (the layout banding reads row by row)."""
        out = np.full((self.num_perm, len(offsets) - 1), SIGNATURE_MAX, dtype=np.uint32)
        _fill_minima(shingles, np.asarray(offsets, np.int64), self._a, self._b, out)
        return out


@compiled
def _fill_minima(shingles: U32, offsets: I64, a: U32, b: U32, out: U32) -> None:
    """Write into ``out[:, unit]`` the minimum of ``a * fmix32(h) + b (mod 2**32)`` over the
    shingle hashes ``h`` of each unit that has any (the others keep what ``out`` holds).

    One pass over the shingles, each multiplied by every permutation in registers: numpy
    needed a ``(permutations x shingles)`` temporary written and read three times, 5x slower.
    """
    row = np.empty(len(a), dtype=np.uint32)
    for unit in range(len(offsets) - 1):
        start, end = offsets[unit], offsets[unit + 1]
        if end == start:
            continue
        row[:] = SIGNATURE_MAX
        for i in range(start, end):
            hashed = fmix32(int(shingles[i]))
            for p in range(len(a)):
                permuted = np.uint32((int(a[p]) * hashed + int(b[p])) & 0xFFFFFFFF)
                if permuted < row[p]:
                    row[p] = permuted
        out[:, unit] = row


def estimate_jaccard(first: U32, second: U32) -> float:
    """Estimate the Jaccard similarity of two units from their signatures.

    >>> sig = np.array([1, 2, 3, 4], dtype=np.uint32)
    >>> estimate_jaccard(sig, sig)
    1.0
    """
    return float(np.mean(first == second))


def affine32_permutations(num_perm: int, seed: int) -> tuple[U32, U32]:
    """The parameters ``(a, b)`` of ``datasketch.MinHash(num_perm=num_perm, seed=seed,
    scheme="affine32").permutations``, drawn the same way (``MinHash._init_permutations``).

    >>> a, b = affine32_permutations(4, 1)
    >>> a.dtype, bool((a % 2 == 1).all())
    (dtype('uint32'), True)
    """
    generator = np.random.RandomState(seed)
    a = generator.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = generator.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


def to_datasketch(signature: npt.NDArray[np.uint32], *, seed: int) -> MinHash:
    """Wrap a signature row as a ``datasketch.MinHash`` (for use with datasketch's own indexes)."""
    from datasketch import MinHash  # imports scipy: only when asked for

    return MinHash(num_perm=len(signature), seed=seed, scheme="affine32", hashvalues=signature)
