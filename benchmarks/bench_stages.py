"""Micro-benchmarks of each pipeline stage on a fixed generated corpus of 500 articles.

Not part of the default test run (the default test paths are ``tests`` and ``src``). Run::

    python -m pytest benchmarks/bench_stages.py --benchmark-only

The corpus comes from ``benchmarks.gencorpus`` with the real sentence pool when the shared
corpora are present (``DEDUP_CORPORA``, default ``../shared/corpora``), otherwise from an
invented pool of pseudo-words (same shape, said in the header of the run).
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from benchmarks.gencorpus import DEFAULT_CORPORA, load_pool, write_corpus
from dedup import Config, load_articles, matches, scan
from dedup.article import Article
from dedup.attribute import _align_pairs, attribute
from dedup.candidates import build_graph
from dedup.lsh import band_keys, candidate_pairs, lsh_params
from dedup.minhash import MinHasher
from dedup.prepare import Document, line_length, order_key, prepare
from dedup.render import to_json
from dedup.report import Report
from dedup.shingle import hash_lines, hash_units, shingle_units
from dedup.text import split_sentences, token_line

ARTICLES = 500
CONFIG = Config()
ROOT = Path(__file__).resolve().parent.parent
Bench = Any  # pytest-benchmark's fixture


def _pool() -> tuple[str, list[str]]:
    corpora = Path(os.environ.get("DEDUP_CORPORA", ROOT / DEFAULT_CORPORA))
    try:
        return "real sentence pool", load_pool(corpora)
    except FileNotFoundError:
        return "invented sentence pool (shared corpora not found)", _invented_pool()


def _invented_pool(size: int = 5000) -> list[str]:
    rng = random.Random(0)
    syllables = ["ka", "lo", "mer", "tin", "so", "ra", "vel", "dun", "pi", "ost", "har", "ne"]
    words = sorted({"".join(rng.choices(syllables, k=rng.randint(1, 3))) for _ in range(4000)})
    pool = []
    for _ in range(size):
        sentence = rng.choices(words, k=rng.randint(8, 30))
        pool.append(" ".join(sentence).capitalize() + ".")
    return pool


def _run(benchmark: Bench, function: Callable[[], object]) -> object:
    return benchmark.pedantic(function, rounds=5, warmup_rounds=1, iterations=1)


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    kind, pool = _pool()
    out = tmp_path_factory.mktemp("stages")
    write_corpus(out, pool, ARTICLES, seed=1)
    print(f"\nbench_stages: {ARTICLES} articles from the {kind}")
    return out / "corpus"


@pytest.fixture(scope="module")
def articles(corpus_dir: Path) -> list[Article]:
    return sorted(load_articles(corpus_dir), key=order_key)


@pytest.fixture(scope="module")
def documents(articles: list[Article]) -> list[Document]:
    return [prepare(article) for article in articles]


@pytest.fixture(scope="module")
def units(documents: list[Document]) -> list[tuple[str, ...]]:
    distinct = {t: None for d in documents for t in d.tokens if len(t) >= CONFIG.min_tokens}
    return list(distinct)


@pytest.fixture(scope="module")
def shingled(units: list[tuple[str, ...]]) -> tuple[np.ndarray, np.ndarray]:
    hashes, offsets = hash_units(units)
    return shingle_units(hashes, offsets, CONFIG.shingle_size)


@pytest.fixture(scope="module")
def signatures(shingled: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    return MinHasher(num_perm=CONFIG.num_perm, seed=CONFIG.seed).signatures(*shingled)


def test_read(benchmark: Bench, corpus_dir: Path) -> None:
    corpus = _run(benchmark, lambda: load_articles(corpus_dir))
    assert len(corpus) == ARTICLES  # type: ignore[arg-type]


def test_segment(benchmark: Bench, articles: list[Article]) -> None:
    _run(benchmark, lambda: [split_sentences(a.text, a.body_start) for a in articles])


def test_normalise_shingle(benchmark: Bench, articles: list[Article]) -> None:
    spans = [(a.text, split_sentences(a.text, a.body_start)) for a in articles]

    def normalise_shingle() -> object:  # as prepare and the signing workers do it
        lines = [token_line(text[s.start : s.end]) for text, sentences in spans for s in sentences]
        hashes, offsets = hash_lines([x for x in lines if line_length(x) >= CONFIG.min_tokens])
        return shingle_units(hashes, offsets, CONFIG.shingle_size)

    _run(benchmark, normalise_shingle)


def test_sign(benchmark: Bench, shingled: tuple[np.ndarray, np.ndarray]) -> None:
    hasher = MinHasher(num_perm=CONFIG.num_perm, seed=CONFIG.seed)
    _run(benchmark, lambda: hasher.signatures(*shingled))


def test_band_join(benchmark: Bench, signatures: np.ndarray) -> None:
    bands, rows = lsh_params(CONFIG.threshold, CONFIG.num_perm)
    rank = np.arange(len(signatures), dtype=np.int64)

    def band_join() -> object:
        keys = band_keys(signatures, bands, rows)
        return candidate_pairs(keys, rank, fanout=CONFIG.max_candidates)

    _run(benchmark, band_join)


def test_align(benchmark: Bench, documents: list[Document]) -> None:
    graph = build_graph(documents, CONFIG)
    links = attribute(documents, graph, CONFIG)
    linked = sorted(
        {(d, group[0].doc) for d, found in enumerate(links) for group in found.values()}
    )
    assert linked, "the generated corpus has injected copies"

    def align() -> object:
        return _align_pairs((documents, CONFIG), linked)

    _run(benchmark, align)


def _report(documents: list[Document], links: Any) -> Report:
    """Links to report, with whichever assembly API ``dedup.matches`` has (it is being split)."""
    if hasattr(matches, "build_report"):
        built: Report = matches.build_report(
            documents, links, skipped=(), config=CONFIG, version="bench"
        )
        return built
    from dedup.scan import _syndication  # the report assembly after build_matches

    found = matches.build_matches(documents, links, CONFIG)
    return _syndication(documents, found, (), CONFIG)


def test_report(benchmark: Bench, documents: list[Document]) -> None:
    links = attribute(documents, build_graph(documents, CONFIG), CONFIG)
    _run(benchmark, lambda: to_json(_report(documents, links)))


def test_scan_whole(benchmark: Bench, articles: list[Article]) -> None:
    """All stages after reading, for comparison with the sum of the stages above."""
    _run(benchmark, lambda: scan(articles, CONFIG))
