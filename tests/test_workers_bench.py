"""Tests for ``benchmarks.workers``: rounds of one- and two-worker scans of a small corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import workers


def test_rounds_alternate_and_the_reports_agree(
    tmp_path: Path, story_corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert workers.main(["--corpus", str(story_corpus), "--rounds", "2"]) == 0
    lines = capsys.readouterr().out.splitlines()
    runs = [line.split(":")[0] for line in lines if "worker(s)" in line]
    assert runs == [
        "round 1, 1 worker(s)",
        "round 1, 2 worker(s)",
        "round 2, 2 worker(s)",
        "round 2, 1 worker(s)",
    ]
    assert lines[-1].startswith("median ")
    assert lines[-1].endswith("reports identical")


def test_a_missing_corpus_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert workers.main(["--corpus", str(tmp_path / "none")]) == 2
    assert "no corpus at" in capsys.readouterr().out
