"""Tests of dedup.parallel: results in input order, whatever the workers and their renewals."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence

import numpy as np
import pytest

from dedup import parallel
from dedup.parallel import iter_shared, map_shared, shared_zeros


def _scaled(factor: int, items: Sequence[int]) -> list[int]:
    return [factor * item for item in items]


def _pid(shared: None, items: Sequence[int]) -> list[int]:
    return [os.getpid() for _ in items]


def _write(target: np.ndarray, items: Sequence[int]) -> list[int]:
    for item in items:
        target[item] = item + 1
    return [len(items)]


@pytest.mark.parametrize("workers", [1, 2, 3])
@pytest.mark.parametrize("renew_after", [1, 2, 64])
def test_results_come_back_in_order(
    workers: int, renew_after: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "RENEW_AFTER", renew_after)
    items = list(range(23))
    expected = [3 * item for item in items]
    assert map_shared(_scaled, 3, items, workers=workers, chunk=2) == expected
    assert list(iter_shared(_scaled, 3, items, workers=workers, chunk=5)) == expected


def test_workers_are_renewed_after_their_share_of_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "RENEW_AFTER", 1)
    pids = map_shared(_pid, None, list(range(6)), workers=2, chunk=1)  # three generations
    assert len(set(pids)) >= 3
    assert os.getpid() not in pids


def _fail_on_seven(shared: None, items: Sequence[int]) -> list[int]:
    if 7 in items:
        raise ValueError("seven")
    return list(items)


def test_a_worker_error_reaches_the_caller_across_generations(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(parallel, "RENEW_AFTER", 1)
    with pytest.raises(ValueError, match="seven"):
        map_shared(_fail_on_seven, None, list(range(12)), workers=2, chunk=1)


def test_a_task_that_cannot_be_sent_raises_instead_of_hanging() -> None:
    # a lambda does not pickle: the workers never get the task, and waiting for them hung
    code = (
        "from dedup.parallel import map_shared\n"
        "map_shared(lambda shared, part: list(part), None, list(range(9)), workers=2, chunk=1)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 1
    assert "PicklingError" in done.stderr


def test_a_consumer_may_stop_early(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "RENEW_AFTER", 1)
    results = iter_shared(_scaled, 2, list(range(40)), workers=2, chunk=2)
    assert [next(results) for _ in range(5)] == [0, 2, 4, 6, 8]
    results.close()  # the pools still running are shut down, nothing hangs
    assert parallel._SHARED is None


def test_workers_write_into_shared_arrays() -> None:
    target = shared_zeros((10,), np.int64)
    assert map_shared(_write, target, list(range(10)), workers=2, chunk=3) == [3, 3, 3, 1]
    assert target.tolist() == list(range(1, 11))


def test_spilled_arrays_are_shared_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "SPILL_BYTES", 1)
    target = shared_zeros((4,), np.int64)
    map_shared(_write, target, list(range(4)), workers=2, chunk=1)
    assert target.tolist() == [1, 2, 3, 4]
