"""Clusters: every copy of one passage, gathered through the report's sentence links.

Each copied sentence links to its single best source, so all copies of a sentence are connected
through those links: a union-find over sentence spans ``(doc, start, end)`` collects them.  Copies
of neighbouring sentences form one passage when they follow each other in most of the articles
holding them (see ``dedup._passages``).  Each cluster's sentences are then grouped per document
into *witnesses*: runs of consecutive sentences of one article.  Time is linear in the number of
sentence pairs.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from dedup._passages import Joiner, key, known_joins, passages
from dedup.prepare import is_earlier
from dedup.report import CopiedSentence, DocumentReport, Report, Span

__all__ = ["Cluster", "ClusterIndex", "Witness", "build_clusters", "holders"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Witness:
    """One article's copy of a cluster's passage: ``passage`` is its span of the article (with
    ``doc``, ``start``, ``end`` and ``text``), ``sentences`` the sentence spans it joins."""

    passage: Span
    date: str | None
    outlet: str | None
    sentences: int

    @property
    def doc(self) -> str:
        """The article's id."""
        return self.passage.doc

    @property
    def start(self) -> int:
        """Where the copy starts in the article's text."""
        return self.passage.start

    @property
    def end(self) -> int:
        """Where the copy ends in the article's text."""
        return self.passage.end

    @property
    def text(self) -> str:
        """The article's text from ``start`` to ``end``."""
        return self.passage.text

    def to_dict(self) -> dict[str, Any]:
        """Return the witness as a JSON-ready dict."""
        return {
            "doc": self.doc,
            "start": self.start,
            "end": self.end,
            "date": self.date,
            "outlet": self.outlet,
            "sentences": self.sentences,
            "text": self.text,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class Cluster:
    """All copies of one passage, ``witnesses`` in date order (undated last, ties by doc id).

    ``origin`` is the document of the earliest witness when it is dated strictly before every
    other document's witness, else ``None``.  ``quoted`` is true when most sentence pairs are
    shared quotations (independent reporting of one quote rather than copied prose).
    """

    id: str
    witnesses: tuple[Witness, ...]
    origin: str | None
    documents: tuple[str, ...]
    outlets: tuple[str, ...]
    quoted: bool
    pairs: int
    quoted_pairs: int
    sentences: int
    similarity: float
    first_date: str | None
    last_date: str | None

    @property
    def size(self) -> int:
        """Number of distinct articles holding the passage."""
        return len(self.documents)

    def to_dict(self) -> dict[str, Any]:
        """Return the cluster as a JSON-ready dict."""
        return {
            "id": self.id,
            "origin": self.origin,
            "documents": list(self.documents),
            "outlets": list(self.outlets),
            "quoted": self.quoted,
            "pairs": self.pairs,
            "quoted_pairs": self.quoted_pairs,
            "sentences": self.sentences,
            "similarity": round(self.similarity, 4),
            "first_date": self.first_date,
            "last_date": self.last_date,
            "witnesses": [w.to_dict() for w in self.witnesses],
        }


def build_clusters(
    report: Report, *, texts: Mapping[str, str] | None = None
) -> tuple[Cluster, ...]:
    """Group the report's copied sentences into clusters of one passage each.

    Sentences of one article merge into one witness when they overlap (sentence windows) or are
    neighbours: consecutive in a match (whose runs may skip a few uncopied sentences), or, when
    ``texts`` maps doc id to full text, separated only by whitespace.  Cluster
    ids ``c0001``, ``c0002``... follow the date of each cluster's earliest witness.

    >>> from dedup import Article, scan
    >>> text = "The harbour bridge will stay closed until the inspectors finish in May."
    >>> report = scan([Article(id="wire", text=text, date="2026-03-02"),
    ...                Article(id="copy", text="Breaking. " + text, date="2026-03-03")])
    >>> [(c.id, c.origin, [w.doc for w in c.witnesses]) for c in build_clusters(report)]
    [('c0001', 'wire', ['wire', 'copy'])]
    """
    joiner = Joiner(known_joins(report), texts)
    documents = {d.id: d for d in report.documents}
    built = [_cluster(spans, pairs, documents, joiner) for spans, pairs in passages(report)]
    built.sort(key=lambda fields: _witness_order(fields["witnesses"][0]))
    width = max(4, len(str(len(built))))
    return tuple(Cluster(id=f"c{n:0{width}d}", **fields) for n, fields in enumerate(built, 1))


class ClusterIndex:
    """Find the cluster whose witness covers a character offset of a document.

    With ``documents``, only the witnesses in those documents are indexed, and ``cluster_at``
    finds nothing elsewhere: enough to look up a few clusters' sentences (boilerplate), whose
    witnesses lie in a handful of articles, without indexing every cluster's.

    >>> from dedup import Article, scan
    >>> text = "The harbour bridge will stay closed until the inspectors finish in May."
    >>> report = scan([Article(id="w", text=text, date="2026-03-02"),
    ...                Article(id="c", text="Breaking. " + text, date="2026-03-03")])
    >>> index = ClusterIndex(build_clusters(report))
    >>> index.cluster_at("c", 12), index.cluster_at("c", 0), index.holds("w")
    ('c0001', None, True)
    >>> ClusterIndex(build_clusters(report), documents={"w"}).cluster_at("c", 12) is None
    True
    """

    def __init__(
        self, clusters: Iterable[Cluster], *, documents: Container[str] | None = None
    ) -> None:
        spans: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
        for cluster in clusters:
            for witness in cluster.witnesses:
                passage = witness.passage  # read once: doc, start and end are its properties
                if documents is None or passage.doc in documents:
                    spans[passage.doc].append((passage.start, passage.end, cluster.id))
        self._spans = {doc: sorted(items) for doc, items in spans.items()}
        self._starts = {doc: [s for s, _, _ in items] for doc, items in self._spans.items()}

    def holds(self, doc: str) -> bool:
        """Whether any witness of ``doc`` is indexed (else ``cluster_at`` finds nothing)."""
        return doc in self._spans

    def cluster_at(self, doc: str, offset: int) -> str | None:
        """Return the id of the cluster covering ``offset`` of ``doc``, or ``None``."""
        at = bisect.bisect_right(self._starts.get(doc, []), offset) - 1
        if at < 0:
            return None
        _, end, cluster_id = self._spans[doc][at]
        return cluster_id if offset < end else None


def holders(clusters: Iterable[Cluster], ids: Container[str]) -> set[str]:
    """The documents holding a witness of one of the clusters named by ``ids``.

    >>> from dedup import Article, scan
    >>> text = "The harbour bridge will stay closed until the inspectors finish in May."
    >>> report = scan([Article(id="w", text=text, date="2026-03-02"),
    ...                Article(id="c", text="Breaking. " + text, date="2026-03-03")])
    >>> sorted(holders(build_clusters(report), {"c0001"}))
    ['c', 'w']
    """
    return {w.passage.doc for cluster in clusters if cluster.id in ids for w in cluster.witnesses}


def _cluster(
    spans: list[Span],
    members: list[CopiedSentence],
    documents: Mapping[str, DocumentReport],
    joiner: Joiner,
) -> dict[str, Any]:
    """The fields of a cluster but its id (numbered once the clusters are in order: made
    once, not made and then replaced, 300,000 times at 10^6 articles)."""
    witnesses = sorted(_witnesses(spans, documents, joiner), key=_witness_order)
    dates = sorted(w.date for w in witnesses if w.date is not None)
    quoted = sum(1 for p in members if p.quoted)
    return {
        "witnesses": tuple(witnesses),
        "origin": _origin(witnesses),
        "documents": tuple(sorted({w.doc for w in witnesses})),
        "outlets": tuple(sorted({w.outlet for w in witnesses if w.outlet is not None})),
        "quoted": 2 * quoted > len(members),
        "pairs": len(members),
        "quoted_pairs": quoted,
        "sentences": len(spans),
        "similarity": sum(p.similarity for p in members) / len(members),
        "first_date": dates[0] if dates else None,
        "last_date": dates[-1] if dates else None,
    }


def _witnesses(
    spans: list[Span], documents: Mapping[str, DocumentReport], joiner: Joiner
) -> list[Witness]:
    """Merge each document's sentences into runs of neighbours."""
    runs: list[_Run] = []
    for span in sorted(spans, key=key):
        last = runs[-1] if runs and runs[-1].first.doc == span.doc else None
        if last is not None and span.start < last.end:  # overlapping spans (sentence windows)
            if span.end > last.end:
                last.pieces.append(span.text[last.end - span.start :])
                last.end = span.end
            continue
        gap = joiner.gap(span.doc, last.end, span.start) if last is not None else None
        if last is not None and gap is not None:
            last.pieces += (gap, span.text)
            last.end = span.end
            last.sentences += 1
            continue
        runs.append(_Run(span, span.end, [span.text], 1))
    out = []
    for run in runs:
        document = documents.get(run.first.doc)
        out.append(
            Witness(
                passage=run.passage(),
                date=document.date if document else None,
                outlet=document.outlet if document else None,
                sentences=run.sentences,
            )
        )
    return out


@dataclass(slots=True)
class _Run:
    """A witness being built from its ``first`` span on (where it starts): its text so far in
    pieces."""

    first: Span
    end: int
    pieces: list[str]
    sentences: int

    def passage(self) -> Span:
        """The run's span, sharing the text of the match its first span was cut from where that
        covers it (most witnesses lie inside one match), else with its pieces joined."""
        shared = self.first.reach(self.first.start, self.end)
        if shared is not None:
            return shared
        return Span(self.first.doc, self.first.start, self.end, "".join(self.pieces))


def _witness_order(w: Witness) -> tuple[bool, str, str, int]:
    return (w.date is None, w.date or "", w.doc, w.start)


def _origin(witnesses: Sequence[Witness]) -> str | None:
    """The earliest witness's document, if dated strictly before every other document's."""
    dated = [w for w in witnesses if w.date is not None]
    if not dated:
        return None
    first = dated[0]
    rivals = (w for w in dated if w.doc != first.doc)
    return first.doc if all(is_earlier(first.date, w.date) for w in rivals) else None
