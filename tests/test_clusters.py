"""Clusters of copied passages, built from reports of small invented corpora."""

from __future__ import annotations

import itertools
import random
import time

from dedup import Article, Config, scan
from dedup.clusters import Cluster, ClusterIndex, build_clusters, holders
from dedup.report import CopiedSentence, DocumentReport, Match, Report, Span


def _sentences(seed: int, count: int) -> list[str]:
    """Invented sentences of made-up words, unrelated to each other."""
    rng = random.Random(seed)
    letters = "abdefgiklmnoprstuvz"
    words = ["".join(rng.choice(letters) for _ in range(rng.randint(3, 8))) for _ in range(400)]
    return [" ".join(rng.sample(words, 12)).capitalize() + "." for _ in range(count)]


STORY = _sentences(1, 6)
OTHER = _sentences(2, 6)
QUOTE = '"' + " ".join(s.rstrip(".") + "," for s in _sentences(3, 1)) + '" she said.'


def _article(
    doc: str, parts: list[str], date: str | None = None, outlet: str | None = None
) -> Article:
    return Article(id=doc, text=" ".join(parts), date=date, outlet=outlet)


def _by_doc(cluster: Cluster) -> list[tuple[str, int]]:
    return [(w.doc, w.sentences) for w in cluster.witnesses]


def test_a_syndicated_story_is_one_cluster_with_its_origin_first() -> None:
    articles = [
        _article("late", OTHER[:2] + STORY, "2026-03-04", "Ledger"),
        _article("wire", STORY, "2026-03-02", "Wire"),
        _article("early", STORY[:4] + OTHER[2:], "2026-03-03", "Herald"),
        _article("nodate", STORY[2:5], None, None),
    ]
    clusters = build_clusters(scan(articles))
    story = max(clusters, key=lambda c: c.sentences)
    assert story.origin == "wire"
    assert [w.doc for w in story.witnesses][:3] == ["wire", "early", "late"]
    assert story.witnesses[-1].doc == "nodate"
    assert story.outlets == ("Herald", "Ledger", "Wire")
    assert story.documents == ("early", "late", "nodate", "wire")
    assert (story.first_date, story.last_date) == ("2026-03-02", "2026-03-04")
    assert not story.quoted
    texts = {a.id: a.text for a in articles}
    for w in story.witnesses:
        assert texts[w.doc][w.start : w.end] == w.text
    assert ("late", 6) in _by_doc(story)


def test_ids_are_numbered_by_earliest_witness_and_stable() -> None:
    articles = [
        _article("b", STORY[:3] + OTHER[:3], "2026-03-05"),
        _article("a", STORY[:3], "2026-03-02"),
        _article("c", OTHER[:3], "2026-03-01"),
    ]
    clusters = build_clusters(scan(articles))
    assert [(c.id, c.origin) for c in clusters] == [("c0001", "c"), ("c0002", "a")]
    shuffled = list(reversed(articles))
    assert build_clusters(scan(shuffled)) == clusters


def test_tied_or_missing_dates_leave_the_origin_unknown() -> None:
    tied = [_article("x", STORY, "2026-03-02"), _article("y", STORY, "2026-03-02T10:00:00")]
    assert [c.origin for c in build_clusters(scan(tied))] == [None]
    undated = [_article("x", STORY), _article("y", STORY)]
    (cluster,) = build_clusters(scan(undated))
    assert cluster.origin is None
    assert cluster.first_date is None
    assert [w.doc for w in cluster.witnesses] == ["x", "y"]


def test_a_shared_quotation_is_its_own_quoted_cluster() -> None:
    articles = [
        _article("a", [STORY[0], QUOTE, OTHER[0]], "2026-03-02"),
        _article("b", [OTHER[3], QUOTE, OTHER[4]], "2026-03-03"),
        _article("c", [OTHER[5], QUOTE], "2026-03-04"),
    ]
    (cluster,) = build_clusters(scan(articles))
    assert cluster.quoted
    assert cluster.quoted_pairs == cluster.pairs == 2
    assert cluster.size == 3


def test_furniture_next_to_many_stories_does_not_glue_them_together() -> None:
    furniture = "Sign up for our morning newsletter and never miss a story from the harbour desk."
    stories = [_sentences(10 + n, 4) for n in range(4)]
    articles = []
    for n, story in enumerate(stories):
        articles.append(_article(f"site/{n}", [*story, furniture], f"2026-03-0{n + 2}", "Site"))
        articles.append(_article(f"copy/{n}", story, f"2026-03-1{n}", "Copier"))
    clusters = build_clusters(scan(articles))
    furn = [c for c in clusters if c.witnesses[0].text == furniture]
    assert len(furn) == 1
    assert furn[0].documents == tuple(f"site/{n}" for n in range(4))
    assert len(clusters) == 5
    assert all(c.size == 2 for c in clusters if c is not furn[0])


def test_texts_merge_sentences_separated_only_by_whitespace() -> None:
    report = _report(
        [
            _match(("x", 0, 10), ("w", 0, 10)),
            _match(("x", 12, 20), ("w", 11, 19)),
            _match(("y", 0, 10), ("w", 0, 10), ("y", 11, 19), ("w", 11, 19)),
        ]
    )
    (cluster,) = build_clusters(report)
    assert _by_doc(cluster) == [("w", 2), ("x", 1), ("x", 1), ("y", 2)]
    texts = {"x": "A" * 10 + "\n\n" + "B" * 8, "w": "", "y": ""}
    (cluster,) = build_clusters(report, texts=texts)
    assert _by_doc(cluster) == [("w", 2), ("x", 2), ("y", 2)]
    assert cluster.witnesses[1].text == "s" * 10 + "\n\n" + "s" * 8


def test_overlapping_spans_of_one_article_are_one_witness() -> None:
    report = _report([_match(("x", 0, 20), ("w", 0, 20)), _match(("y", 0, 10), ("x", 10, 20))])
    (cluster,) = build_clusters(report)
    assert [(w.doc, w.start, w.end) for w in cluster.witnesses] == [
        ("w", 0, 20),
        ("x", 0, 20),
        ("y", 0, 10),
    ]


def test_cluster_index_finds_the_witness_covering_an_offset() -> None:
    articles = [_article("a", STORY[:3], "2026-03-02"), _article("b", OTHER + STORY[:3])]
    clusters = build_clusters(scan(articles))
    index = ClusterIndex(clusters)
    start = len(" ".join(OTHER)) + 1
    assert index.cluster_at("b", start) == clusters[0].id
    assert index.cluster_at("b", 0) is None
    assert index.cluster_at("nowhere", 5) is None


def test_an_index_of_some_documents_finds_what_the_full_index_finds_in_them() -> None:
    articles = [
        _article("a", STORY[:3], "2026-03-02"),
        _article("b", OTHER + STORY[:3]),
        _article("c", OTHER[:2], "2026-03-01"),
    ]
    clusters = build_clusters(scan(articles))
    assert len(clusters) == 2
    full = ClusterIndex(clusters)
    some = holders(clusters, {clusters[0].id})
    assert some == {w.doc for w in clusters[0].witnesses}
    part = ClusterIndex(clusters, documents=some)
    for article in articles:
        assert part.holds(article.id) == (article.id in some)
        for offset in range(len(article.text) + 1):
            expected = full.cluster_at(article.id, offset) if article.id in some else None
            assert part.cluster_at(article.id, offset) == expected
    assert holders(clusters, set()) == set()


def test_to_dict_lists_every_witness() -> None:
    (cluster,) = build_clusters(scan([_article("a", STORY), _article("b", STORY)]))
    data = cluster.to_dict()
    assert data["id"] == "c0001"
    assert [w["doc"] for w in data["witnesses"]] == ["a", "b"]


def test_a_long_chain_of_copies_clusters_in_linear_time() -> None:
    matches = [_match((f"d{n:05d}", 0, 10), ("d00000", 0, 10)) for n in range(1, 20001)]
    started = time.perf_counter()
    (cluster,) = build_clusters(_report(matches))
    assert cluster.size == 20001
    assert time.perf_counter() - started < 5


# --- hand-built reports, for shapes a scan does not easily produce ------------------------------


def _match(*sides: tuple[str, int, int]) -> Match:
    """A match of pairs ``(a0, b0, a1, b1, ...)`` of ``(doc, start, end)`` spans."""
    pairs = tuple(
        CopiedSentence(_span(a), _span(b), 1.0, quoted=False)
        for a, b in zip(sides[::2], sides[1::2], strict=True)
    )
    a, b = _side(pairs, "a"), _side(pairs, "b")
    return Match(a=a, b=b, similarity=1.0, source=None, quoted=False, sentences=pairs)


def _span(key: tuple[str, int, int]) -> Span:
    doc, start, end = key
    return Span(doc, start, end, "s" * (end - start))


def _side(pairs: tuple[CopiedSentence, ...], side: str) -> Span:
    spans = [getattr(p, side) for p in pairs]
    text = spans[0].text
    for prev, nxt in itertools.pairwise(spans):
        text += " " * (nxt.start - prev.end) + nxt.text
    return Span(spans[0].doc, spans[0].start, spans[-1].end, text)


def _report(matches: list[Match]) -> Report:
    docs = sorted({s.doc for m in matches for s in (m.a, m.b)})
    return Report(
        documents=tuple(_document(doc) for doc in docs),
        matches=tuple(matches),
        skipped=(),
        config=Config(),
        version="test",
    )


def _document(doc: str) -> DocumentReport:
    return DocumentReport(
        id=doc,
        date=None,
        outlet=None,
        title=None,
        url=None,
        encoding="utf-8",
        chars=100,
        sentences=5,
        copied_chars=0,
        shared_chars=0,
        sources=(),
        shared_with=(),
        copied_by=(),
    )
