"""Tests of dedup.spill: strings set aside on disk come back unchanged, in this process and in
forked workers, and a file that cannot be made or written is a one-line error."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dedup import spill as spill_module
from dedup.errors import DedupError
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


def test_memory_is_given_back_with_or_without_malloc_trim(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    monkeypatch.setattr(spill_module, "_malloc_trim", lambda: calls.append)
    give_back_memory()
    assert calls == [0]  # keep no slack at the top of the heap
    monkeypatch.setattr(spill_module, "_malloc_trim", lambda: None)
    give_back_memory()  # nothing to call: nothing happens
