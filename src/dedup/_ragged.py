"""Ragged arrays: groups of different sizes laid end to end in one flat array.

Group ``i`` of a flat array is ``flat[offsets[i] : offsets[i + 1]]``; these three functions
hold the numpy idioms that number, rank and gather such groups without a Python loop.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

I64 = npt.NDArray[np.int64]


def offsets(sizes: npt.ArrayLike) -> I64:
    """Where each group of ``sizes`` starts, and one more: where the last ends.

    >>> offsets([2, 0, 3]).tolist()
    [0, 2, 2, 5]
    """
    return np.concatenate((np.zeros(1, np.int64), np.cumsum(sizes, dtype=np.int64)))


def ranks(sizes: I64) -> I64:
    """Each member's place in its group, for consecutive groups of ``sizes``.

    >>> ranks(np.array([2, 0, 3])).tolist()
    [0, 1, 0, 1, 2]
    """
    before = np.cumsum(sizes, dtype=np.int64) - sizes  # members of the groups before each
    return np.arange(int(sizes.sum()), dtype=np.int64) - np.repeat(before, sizes)


def ranges(firsts: I64, sizes: I64) -> I64:
    """The indices ``firsts[i] .. firsts[i] + sizes[i] - 1`` of each group in turn: where the
    members of groups starting at ``firsts`` lie in another array.

    >>> ranges(np.array([10, 4, 7]), np.array([2, 0, 3])).tolist()
    [10, 11, 7, 8, 9]
    """
    before = np.cumsum(sizes, dtype=np.int64) - sizes
    shifts = np.asarray(firsts, dtype=np.int64) - before
    return np.repeat(shifts, sizes) + np.arange(int(sizes.sum()), dtype=np.int64)
