"""Shared fixtures: the embedded example corpus, a small JSONL corpus for the benchmark
scripts, and the golden-file switch."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "src" / "dedup" / "examples" / "harbor"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/data/expected/ from the current output",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def examples() -> Path:
    return EXAMPLES


STORY = (
    "The harbour bridge will stay closed until the inspectors finish their work in May. "
    "Ferries will run every twenty minutes from the north quay while the repairs go on. "
)


@pytest.fixture
def story_corpus(tmp_path: Path) -> Path:
    """A folder with one JSONL file of six articles sharing a two-sentence story."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    records = [
        {"id": f"a{n}", "text": STORY + f"Story number {n} ends here today."} for n in range(6)
    ]
    (corpus / "part.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    return corpus
