"""Strings set aside in a temporary file while a scan runs, read back when a stage needs them.

At a million articles the texts and their token lines take about 6 GB of memory; on disk they
take none (the kernel keeps in its cache what fits and drops it under pressure). The file is
unlinked as soon as it is made: nothing is left behind, even when the process is killed.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import multiprocessing
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass

from dedup.errors import SpillError
from dedup.parallel import CAN_FORK

BUFFER = 1 << 20
"""Bytes gathered before one write."""

RESERVE = 64 << 20
"""Bytes of disk the file is grown by at a time, ahead of the writes (``os.posix_fallocate``):
appending to an ext4 file made the kernel allocate its blocks a page at a time, and writing
6.6 GB so took 3-17 s of system time, 2-3 s into space reserved ahead."""

_UTF8, _ANY = "utf-8", "surrogatepass"
"""Any ``str`` makes the round trip, even one with a lone surrogate (which JSON can carry)."""

CAN_SPILL = hasattr(os, "pread") and hasattr(os, "pwrite")
"""Whether this platform can read and write a file at an offset (not on Windows)."""


def encode(text: str) -> bytes:
    """``text`` as a spill holds it: UTF-8, lone surrogates included (JSON can carry one)."""
    return text.encode(_UTF8, _ANY)


class Spill:
    """An append-only temporary file of UTF-8 strings, each read back by where it went.

    Forked workers read it too: reads go by offset (``os.pread``), never through a shared file
    position, and whatever was still buffered is written before the first read that needs it.
    Forked workers may also write to it at once (``append``): where each block goes is
    decided in memory they share with the process that made the file.

    >>> with Spill() as spill:
    ...     kept = spill.put("Ferries are full.", "ferries are full")
    ...     kept.text(), kept.lines()
    ('Ferries are full.', 'ferries are full')
    """

    def __init__(self, directory: str | None = None) -> None:
        self.directory = directory or tempfile.gettempdir()
        try:  # made first: without /dev/shm (some sandboxes) there is no such lock
            context = multiprocessing.get_context("fork" if CAN_FORK else None)
            self._lock = context.Lock()
            self._ends = multiprocessing.RawArray(ctypes.c_int64, 2)
        except (OSError, ImportError) as error:
            raise SpillError(f"cannot share the temporary file with workers: {error}") from None
        try:
            self._file = tempfile.TemporaryFile(buffering=0, dir=self.directory)  # noqa: SIM115  closed by close()
        except OSError as error:
            raise self._error(error) from None
        self._fd = self._file.fileno()
        """Bytes in the file (or promised to a writer), and bytes of disk reserved for it (-1
        where the file system cannot reserve): shared with forked workers."""
        self._written = 0
        """Bytes this process has written through ``put`` (what its reads may need flushed)."""
        self._pending: list[bytes] = []
        self._pending_size = 0

    def __enter__(self) -> Spill:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        """Delete the file (it has no name: closing it frees its space)."""
        self._pending.clear()
        self._file.close()

    def put(self, text: str, lines: str) -> Spilled:
        """Set aside an article's ``text`` and its joined token ``lines`` (buffered: one
        process at a time puts, while no worker appends)."""
        text_bytes, line_bytes = encode(text), encode(lines)
        start = self._written + self._pending_size
        self._pending += (text_bytes, line_bytes)
        self._pending_size += len(text_bytes) + len(line_bytes)
        if self._pending_size >= BUFFER:
            self.flush()
        return Spilled(self, start, len(text_bytes), len(line_bytes))

    def flush(self) -> None:
        """Write whatever is buffered."""
        if not self._pending:
            return
        data = b"".join(self._pending)
        start = self.append(data)
        if start != self._written:
            raise RuntimeError("Spill.put while workers append to the file")
        self._written += len(data)
        self._pending.clear()
        self._pending_size = 0

    def append(self, data: bytes) -> int:
        """Write ``data`` after everything written or promised so far, and return where it
        went: safe in several forked workers at once."""
        with self._lock:
            start = self._ends[0]
            self._ends[0] = start + len(data)
            self._reserve(start + len(data))
        try:
            done = 0
            while done < len(data):
                done += os.pwrite(self._fd, data[done:], start + done)
        except OSError as error:
            raise self._error(error) from None
        return start

    def _reserve(self, size: int) -> None:
        """Make sure the first ``size`` bytes of the file have their disk space, ``RESERVE``
        bytes at a time, where the platform and file system can (under the lock)."""
        reserved = self._ends[1]
        if 0 <= reserved < size:
            more = max(RESERVE, size - reserved)
            try:
                os.posix_fallocate(self._fd, reserved, more)
            except (AttributeError, OSError):  # no such call, not for this file, or no room
                self._ends[1] = -1  # for 64 MiB ahead: the writes themselves say if it is full
            else:
                self._ends[1] = reserved + more

    def read(self, start: int, size: int) -> str:
        """The string of ``size`` bytes put at ``start``."""
        if self._pending and start + size > self._written:
            self.flush()
        data = os.pread(self._fd, size, start)
        while len(data) < size:  # a short read: only for very long strings
            data += os.pread(self._fd, size - len(data), start + len(data))
        return data.decode(_UTF8, _ANY)

    def _error(self, error: OSError) -> SpillError:
        reason = error.strerror or type(error).__name__
        return SpillError(
            f"cannot write the temporary file in {self.directory}: {reason} "
            "(set TMPDIR to a folder with room)"
        )


@dataclass(frozen=True, slots=True)
class Spilled:
    """Where an article's text and token lines went: ``size`` bytes of text at ``start``,
    then ``lines_size`` bytes of lines."""

    spill: Spill
    start: int
    size: int
    lines_size: int

    def text(self) -> str:
        """The text, read back."""
        return self.spill.read(self.start, self.size)

    def lines(self) -> str:
        """The joined token lines, read back."""
        return self.spill.read(self.start + self.size, self.lines_size)


def give_back_memory() -> None:
    """Return the memory freed since (spilled texts, a stage's arrays and objects) to the
    system, where the C library allows (glibc's ``malloc_trim``): the heap keeps freed blocks
    for its own reuse otherwise, and the later stages take little of it. At 10^5 generated
    articles the candidate search left 0.25 GiB so, at 10^6 more than 2 GiB."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, or None where there is none (musl, macOS, Windows)."""
    try:
        trim: Callable[[int], int] | None = getattr(
            ctypes.CDLL(ctypes.util.find_library("c")), "malloc_trim", None
        )
    except OSError:
        return None
    return trim
