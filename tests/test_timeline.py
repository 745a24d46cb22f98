"""Tests for ``benchmarks.timeline``: a py-spy speedscope file read into stages and steps."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import timeline


def _speedscope(path: Path) -> Path:
    names = ["main", "scan", "_prepare_all", "Condition.wait", "build_clusters", "helper"]
    frames = [{"name": n, "file": "x.py", "line": 1} for n in names]
    reading = [0, 1, 2]  # main > scan > _prepare_all: working
    waiting = [0, 1, 2, 3]  # ... > Condition.wait
    clustering = [0, 1, 4, 5]  # a helper called by build_clusters
    samples = [reading] * 5 + [waiting] * 15 + [clustering] * 10
    other_thread = {"type": "sampled", "name": "feeder", "samples": [[3]], "weights": [1]}
    main_thread = {"type": "sampled", "name": "MainThread", "samples": samples, "weights": []}
    path.write_text(
        json.dumps({"shared": {"frames": frames}, "profiles": [other_thread, main_thread]}),
        encoding="utf-8",
    )
    return path


def test_samples_go_to_their_innermost_stage_per_step(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    recorded = _speedscope(tmp_path / "main.speedscope")
    assert timeline.main([str(recorded), "--step", "2", "--rate", "10"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "      0 s  _prepare_all (waiting) 1.5, _prepare_all 0.5",
        "      2 s  build_clusters 1.0",
    ]
