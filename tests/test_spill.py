"""Tests of dedup.spill: strings set aside on disk come back unchanged, in this process and in
forked workers, and a file that cannot be made or written is a one-line error."""

from __future__ import annotations

import itertools
import os
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dedup import spill as spill_module
from dedup.errors import DedupError, SpillError
from dedup.parallel import map_shared
from dedup.spill import Spill, Spilled, give_back_memory

SETTINGS = settings(derandomize=True, database=None, deadline=None, max_examples=200)
pytestmark = pytest.mark.skipif(not spill_module.CAN_SPILL, reason="no pread on this platform")


ANY_TEXT = st.text() | st.lists(st.characters() | st.sampled_from("\ud800\udfff")).map("".join)
"""Any text, lone surrogates included (a JSON string can carry one)."""


@SETTINGS
@given(st.lists(st.tuples(ANY_TEXT, ANY_TEXT), max_size=20), st.integers(1, 64))
def test_every_string_comes_back_whatever_the_buffer(
    pairs: list[tuple[str, str]], buffer: int
) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(spill_module, "BUFFER", buffer)
        with Spill() as spill:
            kept = [spill.put(text, lines) for text, lines in pairs]
            assert [(k.text(), k.lines()) for k in kept] == pairs
            assert [(k.text(), k.lines()) for k in reversed(kept)] == pairs[::-1]


def test_a_lone_surrogate_comes_back() -> None:
    with Spill() as spill:
        kept = spill.put("half \ud800 a pair", "\udfff")
        assert (kept.text(), kept.lines()) == ("half \ud800 a pair", "\udfff")


def test_a_string_still_buffered_is_read_back() -> None:
    with Spill() as spill:
        kept = spill.put("Ferries are full.", "ferries are full")
        assert os.fstat(spill._fd).st_size == 0  # not written yet
        assert kept.text() == "Ferries are full."


def _read(kept: list[Spilled], indices: Sequence[int]) -> list[tuple[str, str]]:
    return [(kept[i].text(), kept[i].lines()) for i in indices]


def test_forked_workers_read_what_the_parent_put() -> None:
    pairs = [(f"Text {n} é.", f"text {n} é") for n in range(600)]
    with Spill() as spill:
        kept = [spill.put(*pair) for pair in pairs]
        spill.flush()
        assert map_shared(_read, kept, range(len(kept)), workers=2) == pairs


def _append(spill: Spill, items: Sequence[int]) -> list[tuple[int, int, int]]:
    return [(n, spill.append(f"block {n} é".encode() * (n % 5 + 1)), n % 5 + 1) for n in items]


def test_forked_workers_append_at_once_each_block_whole_and_apart(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(spill_module, "RESERVE", 100)
    with Spill() as spill:
        first = spill.put("Ferries are full.", "ferries are full")
        spill.flush()
        placed = map_shared(_append, spill, range(500), workers=2, chunk=7)
        assert first.text() == "Ferries are full."
        blocks = sorted((start, len(f"block {n} é".encode()) * times) for n, start, times in placed)
        assert blocks[0][0] == first.start + first.size + first.lines_size
        assert all(a + size == b for (a, size), (b, _) in itertools.pairwise(blocks))  # no gaps
        for n, start, times in placed:
            size = len(f"block {n} é".encode()) * times
            assert spill.read(start, size) == f"block {n} é" * times
        spill.put("late", "late")  # where put thinks it goes, a worker's block went
        with pytest.raises(RuntimeError, match="workers append"):
            spill.flush()


def test_a_folder_that_is_missing_is_a_one_line_error(tmp_path: Path) -> None:
    missing = tmp_path / "gone"
    with pytest.raises(DedupError, match=r"cannot write the temporary file in .*gone.*TMPDIR"):
        Spill(str(missing))


def test_a_failed_write_is_a_one_line_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def full(*_: object) -> int:
        raise OSError(28, "No space left on device")

    with Spill() as spill:
        monkeypatch.setattr(spill_module.os, "pwrite", full)
        spill.put("text", "text")
        with pytest.raises(DedupError, match="No space left on device") as error:
            spill.flush()
        assert "\n" not in str(error.value)


def test_room_is_reserved_ahead_of_the_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spill_module, "RESERVE", 1000)
    monkeypatch.setattr(spill_module, "BUFFER", 1)  # each put written at once
    with Spill() as spill:
        kept = [spill.put("x" * 700, "y" * 100) for _ in range(3)]
        spill.flush()
        if spill._ends[1] >= 0:  # the file system can reserve
            assert spill._ends[1] == 3000 == os.fstat(spill._fd).st_size
        assert [(k.text(), k.lines()) for k in kept] == [("x" * 700, "y" * 100)] * 3


def test_a_file_system_that_cannot_reserve_is_written_all_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[int] = []

    def unsupported(fd: int, offset: int, size: int) -> None:
        calls.append(size)
        raise OSError(95, "Operation not supported")

    monkeypatch.setattr(spill_module.os, "posix_fallocate", unsupported, raising=False)
    with Spill() as spill:
        first = spill.put("Ferries are full.", "ferries are full")
        spill.flush()
        second = spill.put("Buses too.", "buses too")
        spill.flush()
        assert (first.text(), second.lines()) == ("Ferries are full.", "buses too")
        assert len(calls) == 1  # tried once, not at every write


def test_no_room_to_reserve_ahead_leaves_the_writes_to_say(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def full(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(spill_module.os, "posix_fallocate", full, raising=False)
    with Spill() as spill:
        kept = spill.put("text", "lines")
        spill.flush()  # 64 MiB ahead did not fit; the few bytes did
        assert (kept.text(), kept.lines()) == ("text", "lines")
        assert spill._ends[1] == -1
        monkeypatch.setattr(spill_module.os, "pwrite", full)
        with pytest.raises(SpillError, match="No space left on device") as error:
            spill.append(b"more")
        assert "\n" not in str(error.value)


def test_no_lock_to_share_is_a_one_line_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import multiprocessing.context

    def no_shm(*_: object, **__: object) -> None:
        raise OSError(38, "Function not implemented")

    monkeypatch.setattr(multiprocessing.context.BaseContext, "Lock", no_shm)
    with pytest.raises(SpillError, match="cannot share the temporary file"):
        Spill()


def test_memory_is_given_back_with_or_without_malloc_trim(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    monkeypatch.setattr(spill_module, "_malloc_trim", lambda: calls.append)
    give_back_memory()
    assert calls == [0]  # keep no slack at the top of the heap
    monkeypatch.setattr(spill_module, "_malloc_trim", lambda: None)
    give_back_memory()  # nothing to call: nothing happens
