"""Boilerplate detection on small invented corpora: furniture yes, syndicated stories no."""

from __future__ import annotations

import random
import time

from dedup import Article, scan
from dedup.boilerplate import BoilerplateRule, boilerplate_reasons, find_boilerplate
from dedup.clusters import Cluster, build_clusters
from dedup.report import Report

PITCH = "Sign up for the Harbour Times morning newsletter and never miss a story again."
FOOTER = "All rights reserved by the publisher and this material may not be redistributed."


def _sentences(seed: int, count: int) -> list[str]:
    """Invented sentences of made-up words, unrelated to each other."""
    rng = random.Random(seed)
    letters = "abdefgiklmnoprstuvz"
    words = ["".join(rng.choice(letters) for _ in range(rng.randint(3, 8))) for _ in range(400)]
    return [" ".join(rng.sample(words, 12)).capitalize() + "." for _ in range(count)]


def _article(doc: str, parts: list[str], outlet: str | None, day: int = 2) -> Article:
    return Article(id=doc, text=" ".join(parts), date=f"2026-03-{day:02d}", outlet=outlet)


def _scan(articles: list[Article]) -> tuple[Report, tuple[Cluster, ...]]:
    report = scan(articles)
    return report, build_clusters(report)


def _holding(clusters: tuple[Cluster, ...], text: str) -> str:
    (found,) = [c.id for c in clusters if text in c.witnesses[0].text]
    return found


def test_furniture_repeated_across_one_outlets_stories_is_boilerplate() -> None:
    articles = [
        _article(f"times/{n}", [*_sentences(10 + n, 5), PITCH], "Harbour Times") for n in range(4)
    ]
    articles.append(_article("other", _sentences(30, 5), "Ledger"))
    report, clusters = _scan(articles)
    assert boilerplate_reasons(report, clusters) == {
        _holding(clusters, PITCH): "outlet Harbour Times"
    }


def test_a_wire_story_syndicated_to_many_outlets_is_not_boilerplate() -> None:
    story = _sentences(1, 8)
    articles = [_article("wire", story, "Wire", day=1)]
    for n in range(12):
        own = _sentences(50 + n, 2)
        articles.append(_article(f"site{n}/story", [*own, *story[: 4 + n % 4]], f"Site {n}"))
    report, clusters = _scan(articles)
    assert find_boilerplate(report, clusters) == frozenset()
    strict = BoilerplateRule(min_corpus_articles=2, corpus_share=0.0, min_corpus_stories=2)
    assert find_boilerplate(report, clusters, strict) == frozenset()


def test_five_copies_of_one_story_are_never_boilerplate() -> None:
    story = _sentences(2, 6)
    same_outlet = [_article(f"v{n}", story[: 3 + n % 3], "Herald", day=2 + n) for n in range(5)]
    many = [_article(f"o{n}", story, f"Outlet {n}", day=2 + n) for n in range(5)]
    loose = BoilerplateRule(min_outlet_articles=2, min_corpus_articles=1, min_corpus_stories=1)
    for articles in (same_outlet, many):
        report, clusters = _scan(articles)
        assert clusters
        assert find_boilerplate(report, clusters) == frozenset()
        assert find_boilerplate(report, clusters, loose) == frozenset()


def test_a_footer_in_a_large_share_of_the_corpus_is_corpus_boilerplate() -> None:
    articles = [
        _article(f"site{n}/a", [*_sentences(100 + n, 4), FOOTER], f"Site {n}") for n in range(12)
    ]
    articles += [_article(f"plain{n}", _sentences(200 + n, 4), None) for n in range(8)]
    report, clusters = _scan(articles)
    assert boilerplate_reasons(report, clusters) == {_holding(clusters, FOOTER): "corpus"}
    rare = BoilerplateRule(min_corpus_articles=13)
    assert find_boilerplate(report, clusters, rare) == frozenset()


def test_a_quotation_shared_by_many_stories_is_not_boilerplate() -> None:
    quote = '"We will rebuild the harbour wall before the winter storms arrive," the mayor said.'
    articles = [
        _article(f"times/{n}", [*_sentences(10 + n, 5), quote], "Harbour Times") for n in range(5)
    ]
    report, clusters = _scan(articles)
    assert clusters[0].quoted
    assert find_boilerplate(report, clusters) == frozenset()


def test_a_background_paragraph_reused_in_two_wire_stories_is_not_boilerplate() -> None:
    background = _sentences(3, 2)
    first, second = _sentences(4, 6), _sentences(5, 6)
    articles = []
    for n in range(6):
        story = first if n % 2 else second
        articles.append(_article(f"s{n}", [*story, *background], "Daily" if n < 4 else f"O{n}"))
    report, clusters = _scan(articles)
    assert find_boilerplate(report, clusters) == frozenset()


def test_thresholds_are_respected() -> None:
    articles = [
        _article(f"times/{n}", [*_sentences(10 + n, 5), PITCH], "Harbour Times") for n in range(3)
    ]
    report, clusters = _scan(articles)
    assert find_boilerplate(report, clusters) == {_holding(clusters, PITCH)}
    assert find_boilerplate(report, clusters, BoilerplateRule(min_outlet_articles=4)) == set()
    assert find_boilerplate(report, clusters, BoilerplateRule(min_stories=4)) == set()


def test_furniture_in_hundreds_of_articles_is_found_quickly() -> None:
    articles = [
        _article(f"times/{n:03d}", [*_sentences(1000 + n, 4), PITCH], "Harbour Times")
        for n in range(400)
    ]
    report, clusters = _scan(articles)
    started = time.perf_counter()
    assert find_boilerplate(report, clusters) == {_holding(clusters, PITCH)}
    assert time.perf_counter() - started < 2
