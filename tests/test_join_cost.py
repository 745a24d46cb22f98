"""Tests for ``benchmarks.join_cost``: save a small scan's join inputs, then join them."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import join_cost


def test_saved_inputs_join_to_the_same_pairs_each_time(
    tmp_path: Path, story_corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    saved = tmp_path / "join"
    assert (
        join_cost.main(["--corpus", str(story_corpus), "--save", str(saved), "--workers", "1"]) == 0
    )
    assert {p.name for p in saved.iterdir()} == {"keys.npy", "buckets.npy", "lengths.npy"}
    assert join_cost.main(["--load", str(saved), "--bands", "3"]) == 0
    assert join_cost.main(["--load", str(saved), "--bands", "3"]) == 0
    first, second = capsys.readouterr().out.splitlines()
    assert first.startswith("joined 3 bands in ")
    assert first.split(": ")[1] == second.split(": ")[1]  # pairs and digest


def test_missing_inputs_are_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert join_cost.main(["--load", str(tmp_path / "none")]) == 2
    assert join_cost.main(["--corpus", str(tmp_path / "none"), "--save", str(tmp_path)]) == 2
    assert "no saved join inputs" in capsys.readouterr().out
