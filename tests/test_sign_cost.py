"""Tests for ``benchmarks.sign_cost``: the same units give the same digest."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import sign_cost


def test_the_same_units_give_the_same_digest(
    story_corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert sign_cost.main(["--corpus", str(story_corpus), "--rounds", "1"]) == 0
    assert sign_cost.main(["--corpus", str(story_corpus), "--rounds", "2"]) == 0
    first, second = capsys.readouterr().out.splitlines()
    assert first.startswith("signed ")
    assert " units in " in first
    assert first.split("digest ")[1] == second.split("digest ")[1]


def test_a_missing_corpus_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert sign_cost.main(["--corpus", str(tmp_path / "none")]) == 2
    assert "no corpus at" in capsys.readouterr().out
