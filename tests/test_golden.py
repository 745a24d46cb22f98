"""The reports of the embedded example corpus, byte for byte (``--update-golden`` rewrites them)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dedup import load_articles, scan, to_json, to_text
from dedup.render import to_jsonl

EXPECTED = Path(__file__).resolve().parent / "data" / "expected"
RENDERERS = {
    "demo.json": to_json,
    "demo.txt": to_text,
    "demo.jsonl": lambda report: "".join(to_jsonl(report)),
}


@pytest.mark.parametrize("name", sorted(RENDERERS))
def test_example_report_matches_golden_file(name: str, examples: Path, update_golden: bool) -> None:
    actual = RENDERERS[name](scan(load_articles(examples)))
    golden = EXPECTED / name
    if update_golden:
        golden.write_text(actual, encoding="utf-8", newline="\n")
    assert actual == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("workers", [1, 2])
def test_example_report_is_the_same_with_texts_spilled_to_disk(
    examples: Path, workers: int
) -> None:
    report = scan(load_articles(examples), workers=workers, spill=True)
    assert to_json(report) == (EXPECTED / "demo.json").read_text(encoding="utf-8")


def test_golden_offsets_slice_the_files(examples: Path) -> None:
    report = json.loads((EXPECTED / "demo.json").read_text(encoding="utf-8"))
    encodings = {d["id"]: d["encoding"] for d in report["documents"]}
    for match in report["matches"]:
        for side in ("a", "b"):
            span = match[side]
            text = (examples / span["doc"]).read_text(encoding=encodings[span["doc"]])
            assert text[span["start"] : span["end"]] == span["text"]
