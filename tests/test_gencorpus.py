"""Tests for benchmarks.gencorpus on a tiny invented sentence pool (no shared corpora needed)."""

from __future__ import annotations

import itertools
import json
import re
import types
from pathlib import Path

import pytest

from benchmarks.gencorpus import Generated, Settings, generate, main, write_corpus

POOL = [
    "The harbour board agreed on Tuesday to close the old ferry pier for repairs.",
    "Inspectors found rust in eleven of the forty steel cables under the deck.",
    "The mayor said the town would pay for a temporary bridge out of its reserves.",
    "Fishing crews will land their catch at the northern quay until the work ends.",
    "A spokeswoman for the port declined to say how long the closure would last.",
    "Shares in the shipping line fell three percent in early trading on Wednesday.",
    "Local traders fear the summer season will suffer if visitors stay away.",
    "The council plans to publish the full engineering report next month.",
    "Residents of Gull Island crowded into the school hall for a public meeting.",
    "Engineers expect the replacement cables to arrive from the mainland in June.",
    "The ferry operator added two late sailings to carry commuters home.",
    "Police will direct traffic at the junction near the market every morning.",
]

SMALL = Settings(words=120, copy_rate=0.5, syndication_rate=0.1, window=20, outlets=6)


def _corpus(count: int, seed: int) -> list[Generated]:
    return list(generate(POOL, count, seed=seed, settings=SMALL))


def test_same_seed_same_corpus_other_seed_other_corpus() -> None:
    assert _corpus(40, seed=3) == _corpus(40, seed=3)
    assert _corpus(40, seed=3) != _corpus(40, seed=4)


def test_smaller_corpus_is_a_prefix_of_a_larger_one() -> None:
    assert _corpus(60, seed=5)[:25] == _corpus(25, seed=5)


def test_background_sentences_are_never_one_window_of_a_pool_sentence() -> None:
    # each word names its pool sentence and position ("p3w7"), so fragments can be traced
    lengths = [6, 7, 8, 9, 10, 12, 16, 25] * 25
    pool = [" ".join(f"p{i}w{j}" for j in range(n)) for i, n in enumerate(lengths)]
    settings = Settings(words=300, copy_rate=0.0, syndication_rate=0.0)
    sentences = 0
    for item in generate(pool, 40, seed=5, settings=settings):
        for sentence in re.split(r"(?<=\.)\s+", item.article.text):
            places = [tuple(map(int, re.findall(r"\d+", word))) for word in sentence.split()]
            runs = [1]
            for (i, j), (k, m) in itertools.pairwise(places):
                if (k, m) == (i, j + 1):
                    runs[-1] += 1
                else:
                    runs.append(1)
            assert len(runs) >= 2, sentence
            assert max(runs) <= (len(places) + 1) // 2, sentence
            sentences += 1
    assert sentences > 500


def test_generate_streams() -> None:
    stream = generate(POOL, 10**9, seed=1, settings=SMALL)
    assert isinstance(stream, types.GeneratorType)
    first = next(stream)
    assert first.article.id == "a0000000"
    assert first.copies == ()


def test_copies_slice_exactly() -> None:
    generated = _corpus(300, seed=2)
    texts = {g.article.id: g.article.text for g in generated}
    copies = [copy for g in generated for copy in g.copies]
    kinds = {(c.kind, c.level) for c in copies}
    assert kinds == {(k, v) for k in ("passage", "syndication") for v in ("verbatim", "light")}
    for copy in copies:
        target = texts[copy.target][copy.target_start : copy.target_end]
        source = texts[copy.source][copy.source_start : copy.source_end]
        assert copy.source < copy.target
        if copy.level == "verbatim":
            assert target == source
        else:  # a light edit keeps the first and last word of every sentence
            assert target.split()[0] == source.split()[0]
            assert target.split()[-1] == source.split()[-1]
        if copy.kind == "syndication":
            assert (copy.target_start, copy.target_end) == (0, len(texts[copy.target]))
            assert (copy.source_start, copy.source_end) == (0, len(texts[copy.source]))
        else:
            assert 2 <= copy.sentences <= 8
            assert target.endswith(".")
            assert source.endswith(".")
            assert texts[copy.target][copy.target_start - 2 : copy.target_start] == "\n\n"


def test_dates_increase_and_copies_cross_outlets() -> None:
    generated = _corpus(200, seed=7)
    dates = [g.article.date for g in generated]
    assert dates == sorted(dates)
    assert len(set(dates)) == len(dates)
    outlet = {g.article.id: g.article.outlet for g in generated}
    for copy in (c for g in generated for c in g.copies):
        assert outlet[copy.target] != outlet[copy.source]


def test_write_corpus_streams_shards_and_gold(tmp_path: Path) -> None:
    summary = write_corpus(tmp_path, POOL, 50, seed=1, settings=SMALL, shard=20)
    parts = sorted(p.name for p in (tmp_path / "corpus").iterdir())
    assert parts == ["part-000.jsonl", "part-001.jsonl", "part-002.jsonl"]
    records = [
        json.loads(line)
        for part in parts
        for line in (tmp_path / "corpus" / part).read_text(encoding="utf-8").splitlines()
    ]
    assert [set(r) for r in records] == [{"id", "text", "date", "outlet"}] * 50
    gold = (tmp_path / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(gold) == summary.copies
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["articles"] == 50


def test_cli_reports_missing_corpora(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--articles", "5", "--out", str(tmp_path), "--corpora", str(tmp_path / "no")])
    assert code == 2
    assert "corpora not found" in capsys.readouterr().err
