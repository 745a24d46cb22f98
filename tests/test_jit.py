"""Tests of dedup._jit: kernels compile, and still compile where no cache can be written."""

from __future__ import annotations

from typing import Any

import numba
import numpy as np
import pytest

from dedup import _jit


def add_one(values: np.ndarray) -> None:
    for i in range(len(values)):
        values[i] += 1


def test_a_compiled_kernel_runs_and_keeps_its_plain_form() -> None:
    kernel = _jit.compiled(add_one)
    values = np.zeros(3, dtype=np.int64)
    kernel(values)
    kernel.py_func(values)
    assert values.tolist() == [2, 2, 2]


def test_a_kernel_compiles_without_a_cache_where_none_can_be_written(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    njit = numba.njit

    def no_cache_folder(**options: Any) -> Any:
        if options.get("cache"):
            raise RuntimeError("cannot cache function 'add_one': no locator available")
        return njit(**options)

    monkeypatch.setattr(_jit.numba, "njit", no_cache_folder)
    values = np.zeros(2, dtype=np.int64)
    _jit.compiled(add_one)(values)
    assert values.tolist() == [1, 1]
