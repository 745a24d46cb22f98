"""Tests of dedup.attribute: best_sources against a slow, obvious reading of its rule, and
align_linked handing each document its final links in order.

Every sentence with an earlier copy (of itself or of a near copy, at most ``max_candidates``
occurrences of each) links to the earliest dated one among the most similar, else to the most
similar; ties go to the article that is a candidate source for most of the document's sentences.
"""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dedup import attribute
from dedup.article import Article
from dedup.attribute import SOURCE_MARGIN, Link, align_linked, best_sources
from dedup.candidates import SentenceGraph, build_graph
from dedup.config import Config
from dedup.prepare import Document, is_earlier, order_key, prepare

SETTINGS = settings(derandomize=True, database=None, deadline=None, max_examples=150)

DOCUMENTS = 7
dates = st.sampled_from([None, "2026-01-01", "2026-01-02", "2026-01-02T08:00:00", "2026-01-03"])
# each unit's occurrences: distinct (document, sentence) places
units = st.lists(
    st.sets(st.tuples(st.integers(0, DOCUMENTS - 1), st.integers(0, 3)), min_size=1, max_size=6),
    min_size=1,
    max_size=6,
)
scores = st.sampled_from([0.75, 0.8, 0.9, 0.95])


def graph_of(
    occurrences: list[set[tuple[int, int]]], near: list[tuple[int, int, float]]
) -> SentenceGraph:
    """The graph of units ``occurrences`` (a place in at most one unit) and near copies."""
    owner: dict[tuple[int, int], int] = {}
    for unit, places in enumerate(occurrences):
        for place in places:
            owner.setdefault(place, unit)
    kept = {
        u: tuple(sorted(p for p in places if owner[p] == u)) for u, places in enumerate(occurrences)
    }
    neighbours: dict[int, list[tuple[int, float]]] = {}
    for a, b, score in near:
        if a != b and kept[a] and kept[b] and all(o != b for o, _ in neighbours.get(a, [])):
            neighbours.setdefault(a, []).append((b, score))
            neighbours.setdefault(b, []).append((a, score))
    return SentenceGraph.of([kept[u] for u in range(len(occurrences))], neighbours)


def reference(graph: SentenceGraph, dates: list[str | None], limit: int) -> list[dict[int, tuple]]:
    """Two passes over every unit's places: votes first, then each sentence's source."""

    def candidates(unit: int, d: int) -> list[tuple[int, int, float]]:
        found = [(c, t, 1.0) for c, t in graph.occurrences(unit)[:limit] if c < d]
        for other, score in graph.neighbours(unit):
            found += [(c, t, score) for c, t in graph.occurrences(other)[:limit] if c < d]
        return found

    votes: dict[int, Counter[int]] = {d: Counter() for d in range(len(dates))}
    for unit in range(graph.units_count):
        places = graph.occurrences(unit)
        for d, _ in places:
            votes[d].update({c for c, _, _ in candidates(unit, d)})
    links: list[dict[int, tuple]] = [{} for _ in dates]
    for unit in range(graph.units_count):
        places = graph.occurrences(unit)
        for d, s in places:
            found = candidates(unit, d)
            if not found:
                continue
            best = max(score for _, _, score in found)
            close = [x for x in found if x[2] >= best - SOURCE_MARGIN]
            dated = [x for x in close if is_earlier(dates[x[0]], dates[d])]
            if len(found) == 1:
                c, t, score = found[0]
                links[d][s] = (c, t, score, is_earlier(dates[c], dates[d]))
            elif dated:
                c, t, score = min(
                    dated, key=lambda x: (dates[x[0]] or "", -x[2], -votes[d][x[0]], x[0], x[1])
                )
                links[d][s] = (c, t, score, True)
            else:
                c, t, score = min(close, key=lambda x: (-x[2], -votes[d][x[0]], x[0], x[1]))
                links[d][s] = (c, t, score, False)
    return [dict(sorted(found.items())) for found in links]


def documents_dated(chosen: list[str | None]) -> list[Document]:
    return [
        prepare(Article(id=f"d{i}", text="One two three.", date=day))
        for i, day in enumerate(chosen)
    ]


def fields(links: attribute.Links) -> list[dict[int, tuple]]:
    return [
        {
            s: (link.doc, link.sentence, link.similarity, link.directed)
            for s, (link,) in found.items()
        }
        for found in links
    ]


@SETTINGS
@given(
    units,
    st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5), scores), max_size=4),
    st.lists(dates, min_size=DOCUMENTS, max_size=DOCUMENTS),
    st.integers(1, 3),
)
def test_best_sources_follow_the_rule(
    occurrences: list[set[tuple[int, int]]],
    near: list[tuple[int, int, float]],
    chosen: list[str | None],
    limit: int,
) -> None:
    near = [(a, b, score) for a, b, score in near if a < len(occurrences) and b < len(occurrences)]
    graph = graph_of(occurrences, near)
    config = Config(max_candidates=limit)
    found = best_sources(documents_dated(chosen), graph, config)
    assert fields(found) == reference(graph, chosen, limit)


def test_workers_and_blocks_do_not_change_the_sources(monkeypatch: pytest.MonkeyPatch) -> None:
    occurrences = [{(d, d % 3) for d in range(0, DOCUMENTS, step)} for step in (1, 2, 3)]
    graph = graph_of(occurrences, [(0, 2, 0.9)])
    documents = documents_dated(["2026-01-02", None, "2026-01-01", *["2026-01-03"] * 4])
    one = fields(best_sources(documents, graph, Config()))
    monkeypatch.setattr(attribute, "SOURCE_BLOCK", 2)  # four tasks
    assert fields(best_sources(documents, graph, Config(), workers=2)) == one
    assert one[1] == {1: (0, 0, 1.0, False)}  # undated: the earlier-ranked copy, undirected


STORY = (
    "The harbour bridge will stay closed until the inspectors finish their work in May. "
    "Ferries will run every twenty minutes from the north pier while the repairs go on. "
    "The council said the cost of the work had doubled since the first survey last year."
)


def test_each_document_is_settled_once_in_order_with_its_final_links(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    articles = [
        Article(id=f"a{k}", text=f"Story {k} begins here today. " * (k % 2) + STORY, date=date)
        for k, date in enumerate(["2026-01-01", "2026-01-02", "2026-01-03", None, "2026-01-02"])
    ]
    articles.append(Article(id="other", text="Nothing of this was copied from anyone at all."))
    documents = [prepare(article) for article in sorted(articles, key=order_key)]
    monkeypatch.setattr(attribute, "ALIGN_CHUNK", 2)  # several tasks
    for workers in (1, 2):
        config = Config()
        links = best_sources(documents, build_graph(documents, config), config)
        settled: list[tuple[int, dict[int, tuple[Link, ...]]]] = []
        final = align_linked(
            documents,
            links,
            config,
            workers=workers,
            settled=lambda d, found, calls=settled: calls.append((d, dict(found))),
        )
        assert [d for d, _ in settled] == [d for d, found in enumerate(final) if found]
        assert all(found == final[d] for d, found in settled)
        assert len(settled) == 4  # every copy but the first; "other" has none
