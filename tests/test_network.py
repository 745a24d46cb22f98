"""The outlet network of small invented corpora."""

from __future__ import annotations

import random

from dedup import Article, scan
from dedup.clusters import ClusterIndex, build_clusters
from dedup.network import NO_OUTLET, Edge, outlet_network


def _sentences(seed: int, count: int) -> list[str]:
    """Invented sentences of made-up words, unrelated to each other."""
    rng = random.Random(seed)
    letters = "abdefgiklmnoprstuvz"
    words = ["".join(rng.choice(letters) for _ in range(rng.randint(3, 8))) for _ in range(400)]
    return [" ".join(rng.sample(words, 12)).capitalize() + "." for _ in range(count)]


STORY = _sentences(1, 5)
OTHER = _sentences(2, 5)
FURNITURE = "Sign up for our morning newsletter and never miss a story from the harbour desk."


def _article(doc: str, parts: list[str], date: str | None, outlet: str | None) -> Article:
    return Article(id=doc, text=" ".join(parts), date=date, outlet=outlet)


def test_dated_copies_give_directed_edges_from_the_source_outlet() -> None:
    report = scan(
        [
            _article("wire", STORY, "2026-03-02", "Wire"),
            _article("herald", STORY[:3] + OTHER[:2], "2026-03-03", "Herald"),
            _article("post", STORY[1:], "2026-03-04", "Post"),
        ]
    )
    edges = outlet_network(report)
    assert Edge("Wire", "Post", 4, 1, directed=True) in edges
    assert Edge("Wire", "Herald", 3, 1, directed=True) in edges
    assert edges == tuple(sorted(edges, key=lambda e: -e.sentences))


def test_undated_copies_give_one_undirected_edge_stored_sorted() -> None:
    report = scan([_article("a", STORY, None, "Zeta"), _article("b", STORY, None, "Alpha")])
    assert outlet_network(report) == (Edge("Alpha", "Zeta", 5, 1, directed=False),)


def test_articles_without_outlet_are_grouped() -> None:
    report = scan([_article("a", STORY, "2026-03-02", None), _article("b", STORY, None, None)])
    (edge,) = outlet_network(report)
    assert (edge.source_outlet, edge.target_outlet) == (NO_OUTLET, NO_OUTLET)


def test_excluded_clusters_are_left_out() -> None:
    articles = [
        _article("s1", [*STORY, FURNITURE], "2026-03-02", "Site"),
        _article("s2", [*OTHER, FURNITURE], "2026-03-03", "Site"),
        _article("copy", STORY[:2], "2026-03-04", "Copier"),
    ]
    report = scan(articles)
    clusters = build_clusters(report)
    (furniture,) = [c.id for c in clusters if c.witnesses[0].text == FURNITURE]
    full = outlet_network(report)
    assert Edge("Site", "Site", 1, 1, directed=True) in full
    kept = outlet_network(report, exclude=frozenset({furniture}), clusters=clusters)
    assert kept == (Edge("Site", "Copier", 2, 1, directed=True),)
    assert outlet_network(report, exclude=frozenset({furniture})) == kept
    index = ClusterIndex(clusters)  # read instead of the clusters when given
    assert outlet_network(report, exclude=frozenset({furniture}), index=index) == kept
    assert outlet_network(report, exclude=frozenset({furniture}), clusters=(), index=index) == kept


def test_edges_serialise() -> None:
    edge = Edge("A", "B", 3, 1, directed=False)
    assert edge.to_dict() == {
        "source_outlet": "A",
        "target_outlet": "B",
        "sentences": 3,
        "matches": 1,
        "directed": False,
    }
