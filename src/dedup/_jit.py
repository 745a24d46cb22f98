"""Loops that numpy cannot run without temporaries, compiled to machine code by numba.

A kernel is written as a plain Python function over numpy arrays and compiled on its first
call. The machine code is cached beside the module (or in the user's cache folder when the
package's folder is read-only), so later processes load it in milliseconds; where neither can
be written, every process compiles it again (a few seconds). The plain function stays
reachable as ``kernel.py_func``, the slow reference the tests compare the compiled one with.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

import numba

Kernel = TypeVar("Kernel", bound=Callable[..., Any])


def compiled(kernel: Kernel) -> Kernel:
    """``kernel`` compiled by numba (``nopython``, releasing the GIL), cached where it can be."""
    try:
        return cast(Kernel, numba.njit(cache=True, nogil=True)(kernel))
    except RuntimeError:  # "cannot cache function ...: no locator available"
        return cast(Kernel, numba.njit(nogil=True)(kernel))
