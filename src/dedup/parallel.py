"""Run a function over chunks of items in worker processes, results in input order.

The output never depends on the number of workers: chunks are cut the same way and results
are put back in order; only the wall time changes.
"""

from __future__ import annotations

import math
import mmap
import multiprocessing
import tempfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

In = TypeVar("In")
Out = TypeVar("Out")
Shared = TypeVar("Shared")

_SHARED: Any = None
"""What ``map_shared`` hands its workers: set before they fork, so it is inherited, not sent."""

Progress = Callable[[str, int, int], None]
"""``progress(stage, done, total)``: called as a long stage advances (``done`` items so far).
Stages: ``read`` (pieces of the input, a file or part of a JSON Lines file, when
``corpus.load_prepared`` reads and prepares at once), ``prepare`` (articles), ``sign``
(distinct sentences), ``join`` (band keys: distinct sentences times LSH bands), ``verify``
(candidate pairs), ``source`` (articles whose copied sentences get their best source),
``align`` (linked article pairs)."""

CAN_FORK = "fork" in multiprocessing.get_all_start_methods()
"""Whether workers can be forked (inheriting what they share): not on Windows."""

CHUNK = 256
"""Items per task: large enough to hide the cost of sending them, small enough to balance."""


def map_shared(
    function: Callable[[Shared, Sequence[In]], list[Out]],
    shared: Shared,
    items: Sequence[In],
    *,
    workers: int,
    chunk: int = CHUNK,
) -> list[Out]:
    """Apply ``function(shared, chunk)`` to consecutive chunks of ``items`` and concatenate the
    results in order. Forked workers inherit ``shared`` instead of receiving it pickled (where
    fork is not available, or with one worker, everything runs here).

    >>> map_shared(lambda k, xs: [k * x for x in xs], 10, [1, 2], workers=1)
    [10, 20]
    """
    return list(iter_shared(function, shared, items, workers=workers, chunk=chunk))


def iter_shared(
    function: Callable[[Shared, Sequence[In]], list[Out]],
    shared: Shared,
    items: Sequence[In],
    *,
    workers: int,
    chunk: int = CHUNK,
    renew_after: int | None = None,
) -> Iterator[Out]:
    """``map_shared`` one result at a time, in order, each as soon as its chunk is done.

    Each worker takes ``renew_after`` chunks (at most ``RENEW_AFTER``, the default) before
    fresh forks replace it: less for work that reads much of what the caller holds."""
    chunks = [items[i : i + chunk] for i in range(0, len(items), chunk)]
    if workers <= 1 or len(chunks) <= 1 or not CAN_FORK:
        for part in chunks:
            yield from function(shared, part)
        return
    global _SHARED
    _SHARED = shared
    try:
        step = min(renew_after or RENEW_AFTER, RENEW_AFTER) * workers
        yield from _generations(
            [chunks[first : first + step] for first in range(0, len(chunks), step)],
            function,
            workers,
        )
    finally:
        _SHARED = None


def _generations(
    generations: list[list[Sequence[In]]],
    function: Callable[[Any, Sequence[In]], list[Out]],
    workers: int,
) -> Iterator[Out]:
    """The results of each generation of chunks, in order, each generation by fresh forks.

    The next generation's workers are forked while the last chunks of the current one are
    still running, and finished workers exit in the background: no core waits for a fork or
    an exit (at 10^6 articles a fork and an exit each took about 0.35 s, some 200 times).
    """
    context = multiprocessing.get_context("fork")
    pools: list[ProcessPoolExecutor] = []

    def start(tasks: list[Sequence[In]]) -> Iterator[list[Out]]:
        pools.append(ProcessPoolExecutor(max_workers=workers, mp_context=context))
        return pools[-1].map(_call_shared, [(function, part) for part in tasks])

    try:
        queued = [start(generations[0])]
        for number, generation in enumerate(generations):
            current = queued.pop(0)
            for done, part in enumerate(current, start=1):
                more = number + 1 < len(generations)
                if more and not queued and done >= len(generation) - workers:
                    queued.append(start(generations[number + 1]))  # its last chunks are running
                yield from part
            pools.pop(0).shutdown(wait=False)
    except BaseException:  # an error, or a consumer that stopped early
        for pool in pools:
            _stop(pool)
        raise


def _stop(pool: ProcessPoolExecutor) -> None:
    """Cancel the tasks of ``pool`` not started and end its workers now. Waiting for them
    instead can wait forever: after a task that could not be sent (it does not pickle) the
    workers wait for tasks that never come, and ``shutdown(wait=True)`` for them."""
    processes = list((getattr(pool, "_processes", None) or {}).values())  # no public handle
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
    for process in processes:
        process.join()


RENEW_AFTER = 512
"""Chunks a forked worker of ``iter_shared`` takes before fresh forks replace the workers. A
worker that reads the parent's Python objects writes their reference counts, and so copies
every memory page it reads them from: a long-lived worker ends up with its own copy of all it
has read. At 10^6 articles, with the texts held, the two alignment workers grew by 15 MB/s
until the machine ran out of memory a sixth of the way through; a fresh fork starts again
from nothing. Each fork and exit costs the system time to copy and free the parent's page
tables, though (at 10^6 articles renewing every 64 chunks took 165 s of system time, every
512 chunks 105 s): work that reads the texts asks for fewer (``renew_after``)."""


SPILL_BYTES = 1 << 30
"""Shared arrays this large are backed by an unlinked temporary file rather than anonymous
memory, so that the kernel may write them out and drop them when memory runs short: at 10^6
articles the candidate search's band keys, token buckets and features take 9 GB, and with
anonymous memory a 24 GiB machine ran out during signing."""


def shared_zeros(shape: tuple[int, ...], dtype: type[Any]) -> npt.NDArray[Any]:
    """A zeroed array in memory shared with the workers ``map_shared`` forks: what they write
    into it the caller sees, with nothing pickled and no copy to gather. From ``SPILL_BYTES``
    on, the memory is a temporary file's (in ``tempfile.gettempdir()``), gone with the array.

    >>> keys = shared_zeros((2, 3), np.uint64)
    >>> keys.shape, int(keys.sum())
    ((2, 3), 0)
    """
    count = math.prod(shape)
    size = count * np.dtype(dtype).itemsize
    if size >= SPILL_BYTES:
        with tempfile.TemporaryFile(prefix="dedup-") as backing:  # the mapping keeps it open
            backing.truncate(size)
            buffer = mmap.mmap(backing.fileno(), size)
    else:
        buffer = mmap.mmap(-1, max(size, 1))  # anonymous and MAP_SHARED: survives the fork
    return np.frombuffer(buffer, dtype=dtype, count=count).reshape(shape)


def _call_shared(
    task: tuple[Callable[[Any, Sequence[Any]], list[Any]], Sequence[Any]],
) -> list[Any]:
    function, part = task
    return function(_SHARED, part)
