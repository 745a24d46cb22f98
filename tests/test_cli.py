"""The command line, run in-process through main(argv)."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dedup.cli import main

STORY = (
    "The Marlow county council voted on Tuesday to close the Eastgate library for eighteen months. "
    "Engineers found cracked beams in the reading room roof during a routine survey in January."
)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    (folder / "wire").mkdir(parents=True)
    (folder / "wire" / "story.txt").write_text(" date 2026-01-10 " + STORY, encoding="utf-8")
    (folder / "copy.md").write_text(
        "---\ndate: 2026-01-11\noutlet: Daily Copy\n---\nBreaking news. " + STORY, encoding="utf-8"
    )
    (folder / "other.txt").write_text(
        "A bakery opened on Dock Street this weekend.", encoding="utf-8"
    )
    return folder


def test_scan_prints_a_text_report(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", str(corpus)]) == 0
    out = capsys.readouterr().out
    assert "copied from wire/story.txt" in out
    assert max(len(line) for line in out.splitlines()) <= 80


def test_scan_json_has_the_documented_fields(
    corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["scan", str(corpus), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert {d["id"] for d in report["documents"]} == {"wire/story.txt", "copy.md", "other.txt"}
    (match,) = report["matches"]
    assert set(match) >= {"a", "b", "similarity", "source", "quoted"}
    assert match["a"]["doc"] == "copy.md"
    assert match["source"] == "wire/story.txt"
    text = (corpus / "copy.md").read_text(encoding="utf-8")
    assert text[match["a"]["start"] : match["a"]["end"]] == STORY


def test_scan_jsonl_gives_one_match_per_line(
    corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["scan", str(corpus), "--format", "jsonl"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line)["b"]["doc"] for line in lines] == ["wire/story.txt"]


def test_output_file_is_written(corpus: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    assert main(["scan", str(corpus), "--format", "json", "-o", str(target)]) == 0
    assert json.loads(target.read_text(encoding="utf-8"))["matches"]
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_output_inside_the_scanned_folder_is_refused(
    corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["scan", str(corpus), "-o", str(corpus / "report.txt")]) == 1
    assert "--write-inside" in capsys.readouterr().err
    assert not (corpus / "report.txt").exists()


def test_failed_scan_keeps_the_previous_report(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("previous", encoding="utf-8")
    assert main(["scan", str(tmp_path / "missing"), "-o", str(target)]) == 2
    assert target.read_text(encoding="utf-8") == "previous"


def test_missing_folder_is_a_one_line_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["scan", str(tmp_path / "missing")]) == 2
    err = capsys.readouterr().err
    assert "does not exist" in err
    assert "Traceback" not in err


def test_bad_knob_is_a_one_line_error(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", str(corpus), "--threshold", "7"]) == 2
    err = capsys.readouterr().err
    assert "threshold must be between" in err
    assert "Traceback" not in err


def test_every_config_field_is_an_option(capsys: pytest.CaptureFixture[str]) -> None:
    from dedup.config import config_fields

    assert main(["scan", "--help"]) == 0
    out = capsys.readouterr().out
    for name, *_ in config_fields():
        assert "--" + name.replace("_", "-") in out


def test_demo_reports_the_example_story(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "bayside-herald/repost.md" in out
    assert "copied from: wire/original.md" in out


def test_console_script_runs_as_a_module() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "dedup", "--version"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0
    assert "0.1.0" in done.stdout


def test_html_report_is_one_self_contained_file(corpus: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    assert main(["scan", str(corpus), "--format", "html", "-o", str(target)]) == 0
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "copy.md" in page
    assert "http://" not in page.replace("http://www.w3.org", "")
    assert "<script src" not in page


@pytest.mark.parametrize("fmt", ["json", "html"])
def test_a_corpus_spilled_to_disk_gives_the_same_report(
    corpus: Path, fmt: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["scan", str(corpus), "--format", fmt, "-q"]) == 0
    held = capsys.readouterr().out
    monkeypatch.setattr(importlib.import_module("dedup.scan"), "SPILL_ABOVE", 0)
    assert main(["scan", str(corpus), "--format", fmt, "-q", "--workers", "2"]) == 0
    assert capsys.readouterr().out == held
    if fmt == "html":  # the page still shows the texts beside the matches
        assert "Breaking news." in held


def test_scan_pauses_the_cyclic_gc_and_lets_the_report_go_before_resuming(
    corpus: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import gc

    from dedup import cli

    events: list[str] = []
    real_emit, real_enable = cli._emit, gc.enable

    def emit(*args: Any) -> None:
        events.append(f"emit, gc {'on' if gc.isenabled() else 'off'}")
        real_emit(*args)

    def letting_go(real: Callable[..., int]) -> Callable[..., int]:
        def scan_and_emit(*args: Any, **kwargs: Any) -> int:
            skipped = real(*args, **kwargs)
            events.append("report let go")  # it lived in the frame that just returned
            return skipped

        return scan_and_emit

    def enable() -> None:
        events.append("gc on")
        real_enable()

    monkeypatch.setattr(cli, "_emit", emit)
    for name in ("_scan_and_emit", "_read_scan_and_emit"):  # html, and every other format
        monkeypatch.setattr(cli, name, letting_go(getattr(cli, name)))
    monkeypatch.setattr(gc, "enable", enable)
    for fmt in ("jsonl", "html"):
        events.clear()
        assert gc.isenabled()
        assert main(["scan", str(corpus), "--format", fmt]) == 0
        assert events == ["emit, gc off", "report let go", "gc on"]
        assert "wire/story.txt" in capsys.readouterr().out
