"""The outlet network: how many sentences each outlet took from, or shares with, each other."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from dedup.clusters import Cluster, ClusterIndex, build_clusters, holders
from dedup.report import Match, Report

__all__ = ["NO_OUTLET", "Edge", "outlet_network"]

NO_OUTLET = "(no outlet)"
"""The outlet name under which articles without an outlet are grouped."""


@dataclass(frozen=True, slots=True)
class Edge:
    """Sentences ``target_outlet`` copied from ``source_outlet`` (``directed``), or that the two
    share with the direction unknown (not ``directed``; the pair is then stored sorted)."""

    source_outlet: str
    target_outlet: str
    sentences: int
    matches: int
    directed: bool

    def to_dict(self) -> dict[str, Any]:
        """Return the edge as a JSON-ready dict."""
        return {
            "source_outlet": self.source_outlet,
            "target_outlet": self.target_outlet,
            "sentences": self.sentences,
            "matches": self.matches,
            "directed": self.directed,
        }


def outlet_network(
    report: Report,
    *,
    exclude: frozenset[str] = frozenset(),
    clusters: Iterable[Cluster] | None = None,
    index: ClusterIndex | None = None,
) -> tuple[Edge, ...]:
    """Total the report's copied sentences per pair of outlets, heaviest edges first.

    Sentences in the clusters named by ``exclude`` (boilerplate) are left out; ``clusters`` are
    those of ``build_clusters(report)``, computed here when needed and not given; ``index``,
    their ``ClusterIndex`` if already made, is read instead of them (it may index only the
    documents holding the excluded clusters: ``ClusterIndex(clusters, documents=...)``).
    Edges from an outlet to itself (reuse between its own articles) are kept.

    >>> from dedup import Article, scan
    >>> text = "The harbour bridge will stay closed until the inspectors finish in May."
    >>> report = scan([Article(id="w", text=text, date="2026-03-02", outlet="Wire"),
    ...                Article(id="c", text="Breaking. " + text, date="2026-03-03")])
    >>> [(e.source_outlet, e.target_outlet, e.sentences) for e in outlet_network(report)]
    [('Wire', '(no outlet)', 1)]
    """
    if exclude and index is None:  # without exclusions no sentence is looked up
        found = build_clusters(report) if clusters is None else tuple(clusters)
        index = ClusterIndex(found, documents=holders(found, exclude))
    outlets = {d.id: d.outlet or NO_OUTLET for d in report.documents}
    totals: dict[tuple[str, str, bool], list[int]] = defaultdict(lambda: [0, 0])
    for match in report.matches:
        kept = _kept_sentences(match, index, exclude)
        if kept:
            total = totals[_endpoints(match, outlets)]
            total[0] += kept
            total[1] += 1
    edges = (Edge(s, t, n, m, directed) for (s, t, directed), (n, m) in totals.items())
    return tuple(
        sorted(edges, key=lambda e: (-e.sentences, -e.matches, e.source_outlet, e.target_outlet))
    )


def _kept_sentences(match: Match, index: ClusterIndex | None, exclude: frozenset[str]) -> int:
    if index is None or not exclude or not index.holds(match.a.doc):
        return len(match.sentences)
    return sum(1 for p in match.sentences if index.cluster_at(p.a.doc, p.a.start) not in exclude)


def _endpoints(match: Match, outlets: dict[str, str]) -> tuple[str, str, bool]:
    """``(source, target, directed)``: ``b`` gave to ``a`` when dated earlier, else sorted."""
    source = outlets.get(match.b.doc, NO_OUTLET)
    target = outlets.get(match.a.doc, NO_OUTLET)
    if match.source is not None:
        return (source, target, True)
    low, high = sorted((source, target))
    return (low, high, False)
