"""Boilerplate: passages that recur across articles about different things.

Site furniture (newsletter pitches, "Advertisement", comment widgets, footers) recurs across many
articles of one outlet; wire furniture (copyright lines) across a large share of the corpus.  A
syndicated story recurs too, but in copies of *one story*.  So the holders of a passage are first
grouped into stories: two holders are one story when they share (this passage included) at least
``same_story`` of the smaller one's sentences; versions of a story updated through the day chain
into one group.  A passage is boilerplate only when it recurs across enough *different stories*.
Five copies of one story, in a corpus of five articles, are one story and never boilerplate.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass

from dedup._passages import Forest
from dedup.clusters import Cluster
from dedup.report import Report

__all__ = ["BoilerplateRule", "boilerplate_reasons", "find_boilerplate"]

SAMPLE = 300
"""Most holders of one cluster compared pairwise when counting its stories."""

DocClusters = Mapping[str, Mapping[str, int]]
"""doc id -> cluster id -> sentences of the doc in that cluster."""


@dataclass(frozen=True, slots=True, kw_only=True)
class BoilerplateRule:
    """When a cluster counts as boilerplate (quotations never do).

    * ``min_stories``: different stories that must hold a passage, in either case below.
    * ``min_outlet_articles``: an outlet *repeats* a passage when this many of its articles hold
      it; outlet boilerplate (site furniture) when repeating outlets hold ``min_outlet_share``
      of the passage's articles (a wire paragraph is held by many outlets, once or twice each).
    * ``corpus_share``, ``min_corpus_articles``, ``min_corpus_stories``: corpus boilerplate when
      at least this share and this number of all articles hold the passage, in this many
      different stories (a background paragraph the wire reuses in two or three of its stories
      is not boilerplate).
    * ``same_story``: share of the smaller article's sentences two holders must share (this
      passage included) to count as one story.
    """

    min_stories: int = 3
    min_outlet_articles: int = 3
    min_outlet_share: float = 0.5
    corpus_share: float = 0.05
    min_corpus_articles: int = 10
    min_corpus_stories: int = 5
    same_story: float = 0.3


def find_boilerplate(
    report: Report, clusters: Sequence[Cluster], rule: BoilerplateRule | None = None
) -> frozenset[str]:
    """Return the ids of the boilerplate clusters (see ``boilerplate_reasons``)."""
    return frozenset(boilerplate_reasons(report, clusters, rule))


def boilerplate_reasons(
    report: Report, clusters: Sequence[Cluster], rule: BoilerplateRule | None = None
) -> dict[str, str]:
    """Map each boilerplate cluster id to why: ``"outlet NAME"`` or ``"corpus"``.

    >>> from dedup import Article, scan
    >>> from dedup.clusters import build_clusters
    >>> pitch = "Sign up for the Harbour Times morning newsletter to get every story first."
    >>> stories = ["Ferries will run hourly. The timetable changes on Monday. Repairs caused it.",
    ...            "Fishermen voted on Friday. The cod season is extended. Catches were strong.",
    ...            "The lighthouse reopens soon. Restoration took two years. Visitors may climb."]
    >>> report = scan([Article(id=f"t{n}", text=f"{s} {pitch}", outlet="Harbour Times")
    ...                for n, s in enumerate(stories)])
    >>> boilerplate_reasons(report, build_clusters(report))
    {'c0001': 'outlet Harbour Times'}
    """
    rule = rule or BoilerplateRule()
    outlets = {d.id: d.outlet for d in report.documents}
    corpus_min = max(rule.min_corpus_articles, math.ceil(rule.corpus_share * len(outlets)))
    recurring = []  # clusters held widely enough: their stories are counted next
    least = min(rule.min_outlet_articles, corpus_min)  # fewer holders: neither rule can hold
    for cluster in clusters:
        if cluster.quoted or cluster.size < least:
            continue
        holders = _by_outlet(cluster.documents, outlets)
        repeating = [o for o, docs in holders.items() if len(docs) >= rule.min_outlet_articles]
        repeated = sum(len(holders[o]) for o in repeating)
        by_outlet = bool(repeating) and repeated >= rule.min_outlet_share * cluster.size
        by_corpus = cluster.size >= corpus_min
        if by_outlet or by_corpus:
            recurring.append((cluster, repeating, by_outlet, by_corpus))
    # only the holders of those clusters are read: not every article's clusters (at 10^6
    # articles a few hundred clusters of the 300,000 recur widely)
    held = {doc for cluster, *_ in recurring for doc in cluster.documents}
    sentences = {d.id: d.sentences for d in report.documents if d.id in held}
    stories = _Stories(_doc_clusters(clusters, held), sentences)
    reasons: dict[str, str] = {}
    for cluster, repeating, by_outlet, by_corpus in recurring:
        found = stories.count(cluster.id, cluster.documents, rule.same_story)
        if by_outlet and found >= rule.min_stories:
            reasons[cluster.id] = "outlet " + ", ".join(repeating)
        elif by_corpus and found >= max(rule.min_stories, rule.min_corpus_stories):
            reasons[cluster.id] = "corpus"
    return reasons


def _doc_clusters(clusters: Iterable[Cluster], documents: Container[str]) -> DocClusters:
    """For each of ``documents``, the sentences it holds of each cluster."""
    docs: dict[str, Counter[str]] = defaultdict(Counter)
    for cluster in clusters:
        for w in cluster.witnesses:
            if w.passage.doc in documents:
                docs[w.passage.doc][cluster.id] += w.sentences
    return docs


def _by_outlet(documents: Iterable[str], outlets: Mapping[str, str | None]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = defaultdict(list)
    for doc in documents:
        outlet = outlets.get(doc)
        if outlet is not None:
            grouped[outlet].append(doc)
    return dict(sorted(grouped.items()))


@dataclass(frozen=True, slots=True)
class _Stories:
    """Counts the different stories among the articles holding a cluster."""

    docs: DocClusters
    sentences: Mapping[str, int]

    def count(self, cluster_id: str, holders: Sequence[str], same_story: float) -> int:
        """Groups of ``holders`` linked by sharing ``same_story`` of the smaller one.

        Pairs are compared, so more than ``SAMPLE`` holders are thinned to an even sample of them
        (deterministic: every k-th in id order), enough to tell one story from many.
        """
        if len(holders) > SAMPLE:
            holders = sorted(holders)[:: math.ceil(len(holders) / SAMPLE)]
        own = {x: self.docs[x][cluster_id] for x in holders}
        size = {x: max(self.sentences.get(x, 0), own[x], 1) for x in holders}
        number = {x: i for i, x in enumerate(holders)}
        groups = Forest(len(holders))
        for (x, y), shared in self._shared(cluster_id, holders).items():
            if shared + min(own[x], own[y]) >= same_story * min(size[x], size[y]):
                groups.union(number[x], number[y])
        # Holders that are mostly this passage are one story; with each other (always) and with
        # any holder whose copy is at least ``same_story`` of the smallest of them.
        mostly = sorted((size[x], x) for x in holders if own[x] >= same_story * size[x])
        if mostly:
            smallest_size, smallest = mostly[0]
            for x in holders:
                if min(own[x], own[smallest]) >= same_story * min(size[x], smallest_size):
                    groups.union(number[x], number[smallest])
        return len({groups.find(number[x]) for x in holders})

    def _shared(self, cluster_id: str, holders: Sequence[str]) -> Counter[tuple[str, str]]:
        """Sentences each pair of holders shares outside ``cluster_id``."""
        members: dict[str, list[str]] = defaultdict(list)
        for x in sorted(holders):
            for other in self.docs[x]:
                if other != cluster_id:
                    members[other].append(x)
        shared: Counter[tuple[str, str]] = Counter()
        for other, xs in members.items():
            for i, x in enumerate(xs):
                for y in xs[i + 1 :]:
                    shared[(x, y)] += min(self.docs[x][other], self.docs[y][other])
        return shared
