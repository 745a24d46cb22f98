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

from dedup.shingle import I64, U32, fmix32

if TYPE_CHECKING:
    from datasketch import MinHash

SIGNATURE_MAX = np.uint32(0xFFFFFFFF)
"""Value of every row of the signature of an empty unit (datasketch's empty sentinel)."""

_CHUNK = 1 << 10
"""Shingles per block: the (permutations x shingles) block, 512 KiB, stays in a core's own L2
cache. With 4,096 (2 MiB) two workers signing at once each ran about 1.3x slower than one alone;
with 1,024 they run as fast as one."""


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

    def signatures(self, shingles: U32, offsets: I64) -> U32:
        """Return one signature row per unit (``offsets`` as from ``shingle_units``)."""
        n_units = len(offsets) - 1
        # permutations x units: each permutation's minima are reduced along contiguous memory,
        # about 5x faster than reducing rows of a (shingles x permutations) block
        out = np.full((self.num_perm, n_units), SIGNATURE_MAX, dtype=np.uint32)
        unit_of = np.repeat(np.arange(n_units), np.diff(offsets))
        mixed = fmix32(shingles)
        a, b = self._a[:, None], self._b[:, None]
        for lo in range(0, len(shingles), _CHUNK):
            hi = min(lo + _CHUNK, len(shingles))
            permuted = a * mixed[None, lo:hi]
            permuted += b
            units = unit_of[lo:hi]
            starts = np.flatnonzero(np.r_[True, units[1:] != units[:-1]])
            present = units[starts]  # a unit cut by a chunk edge keeps the smaller minimum
            out[:, present] = np.minimum(
                out[:, present], np.minimum.reduceat(permuted, starts, axis=1)
            )
        return np.ascontiguousarray(out.T)


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
