"""Tests for ``benchmarks.prepare_cost``: the same articles give the same digest."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import prepare_cost


def test_the_same_articles_give_the_same_digest(
    story_corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert prepare_cost.main(["--corpus", str(story_corpus), "--articles", "4"]) == 0
    assert prepare_cost.main(["--corpus", str(story_corpus), "--articles", "4"]) == 0
    assert prepare_cost.main(["--corpus", str(story_corpus), "--stop-after-load"]) == 0
    first, second = capsys.readouterr().out.splitlines()
    assert first.startswith("prepared 4 articles in ")
    assert first.split("result ")[1] == second.split("result ")[1]


def test_a_missing_corpus_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert prepare_cost.main(["--corpus", str(tmp_path / "none")]) == 2
    assert "no corpus at" in capsys.readouterr().out
