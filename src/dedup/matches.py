"""From sentence links to the report: runs of consecutive copied sentences, per-article totals."""

from __future__ import annotations

import dataclasses
import itertools
from collections import defaultdict
from collections.abc import Callable, Collection, Container, Iterable, Iterator, Sequence
from typing import NamedTuple

from dedup.article import Skipped
from dedup.attribute import Link, Links
from dedup.config import Config
from dedup.prepare import Document
from dedup.report import CopiedSentence, DocumentReport, Match, Report, Span


def build_matches(documents: Sequence[Document], links: Links, config: Config) -> list[Match]:
    """Merge each document's links into runs of copied sentences, sorted by position."""
    return sort_matches(
        match
        for d in range(len(documents))
        for match in document_matches(documents, d, links[d], max_gap=config.max_gap)
    )


def sort_matches(matches: Iterable[Match]) -> list[Match]:
    """``matches`` in report order: by the copying article's id and position, then source."""
    return sorted(matches, key=lambda m: (m.a.doc, m.a.start, m.b.doc, m.b.start))


def flag_boilerplate(
    matches: Sequence[Match],
    is_boilerplate: Callable[[CopiedSentence], bool],
    *,
    documents: Container[str] | None = None,
) -> list[Match]:
    """Split matches where boilerplate starts or ends, and mark the boilerplate parts.

    ``documents``, if given, holds every document where ``is_boilerplate`` may be true of a
    pair's ``a`` side: the matches of other documents are kept as they are, unasked.
    """
    flagged: list[Match] = []
    for match in matches:
        if documents is not None and match.a.doc not in documents and not match.boilerplate:
            flagged.append(match)
            continue
        parts = [
            (marked, tuple(group))
            for marked, group in itertools.groupby(match.sentences, key=is_boilerplate)
        ]
        if len(parts) == 1 and parts[0][0] == match.boilerplate:
            flagged.append(match)  # unchanged: kept, not copied
            continue
        flagged += (_part(match, group, boilerplate=marked) for marked, group in parts)
    return flagged


def summarize(
    documents: Sequence[Document],
    matches: Sequence[Match],
    *,
    skipped: Sequence[Skipped],
    config: Config,
    version: str,
) -> Report:
    """Total the matches per document (boilerplate apart unless kept); every list sorted."""
    reports = sorted(
        _document_reports(documents, matches, keep_boilerplate=config.keep_boilerplate),
        key=lambda r: r.id,
    )
    return Report(
        documents=tuple(reports),
        matches=tuple(matches),
        skipped=tuple(sorted(skipped, key=lambda k: (k.path, k.line or 0, k.reason))),
        config=config,
        version=version,
    )


def summarize_again(
    report: Report,
    documents: Sequence[Document],
    matches: Sequence[Match],
    *,
    changed: Collection[str],
) -> Report:
    """``report`` (from ``summarize``) with ``matches`` in place of its own, when only the
    matches of the ``changed`` documents differ: only those documents are totalled again (at
    10^6 articles, boilerplate changed a thousand).

    >>> from dedup import Article, scan
    >>> from dedup.prepare import prepare
    >>> text = "The harbour bridge will stay closed until the inspectors finish in May."
    >>> articles = [Article(id="w", text=text), Article(id="c", text="Breaking. " + text)]
    >>> report, docs = scan(articles), [prepare(article) for article in articles]
    >>> [(d.id, d.shared_chars) for d in report.documents]
    [('c', 71), ('w', 71)]
    >>> again = summarize_again(report, docs, [], changed={"c"})  # w keeps its totals
    >>> [(d.id, d.shared_chars) for d in again.documents]
    [('c', 0), ('w', 71)]
    """
    redone = {
        r.id: r
        for r in _document_reports(
            [doc for doc in documents if doc.article.id in changed],
            [m for m in matches if m.a.doc in changed or m.b.doc in changed],
            keep_boilerplate=report.config.keep_boilerplate,
        )
    }
    return dataclasses.replace(
        report,
        documents=tuple(redone.get(r.id, r) for r in report.documents),
        matches=tuple(matches),
    )


def _document_reports(
    documents: Iterable[Document], matches: Iterable[Match], *, keep_boilerplate: bool
) -> Iterator[DocumentReport]:
    """The report of each of ``documents``, totalled from its ``matches`` (which may hold
    other documents' too): boilerplate set apart unless ``keep_boilerplate``."""
    counted: dict[str, list[Match]] = defaultdict(list)
    boilerplate: dict[str, list[Match]] = defaultdict(list)
    for match in matches:
        bucket = boilerplate if match.boilerplate and not keep_boilerplate else counted
        bucket[match.a.doc].append(match)
        bucket[match.b.doc].append(match)
    for doc in documents:
        own = doc.article.id
        yield _document_report(doc, counted.get(own, ()), boilerplate.get(own, ()))


def document_matches(
    documents: Sequence[Document],
    d: int,
    doc_links: dict[int, tuple[Link, ...]],
    *,
    max_gap: int,
) -> list[Match]:
    """Group the links of document ``d`` into runs: one passage of an article pair, or links
    in order on both sides, same source, gaps of at most ``max_gap`` uncopied sentences on
    either side (unsorted: ``sort_matches`` orders all documents' matches)."""
    runs: list[list[_Pair]] = []
    sources: list[Link] = []
    previous: tuple[int, Link] | None = None
    for first, last, link in _groups(doc_links):
        pair = _pair(documents, d, first, last, link)
        if previous is not None and _continues(previous, first, link, max_gap):
            runs[-1].append(pair)
        else:
            runs.append([pair])
            sources.append(link)
        previous = (last, link)
    texts = _Texts(documents)
    return [_match(texts, d, run, link) for run, link in zip(runs, sources, strict=True)]


class _Texts:
    """The documents' texts, each read once (from disk when spilled) for one document's runs."""

    def __init__(self, documents: Sequence[Document]) -> None:
        self.documents = documents
        self.read: dict[int, str] = {}

    def span(self, number: int, start: int, end: int) -> Span:
        """The span ``start:end`` of document ``number``, with its text."""
        text = self.read.get(number)
        if text is None:
            text = self.read[number] = self.documents[number].text
        return Span(self.documents[number].article.id, start, end, text[start:end])


def _groups(doc_links: dict[int, tuple[Link, ...]]) -> list[tuple[int, int, Link]]:
    """``(first, last, link)`` per copied unit: one target sentence, or several consecutive ones
    that together match one source range (``Link.first`` marks such a group)."""
    groups: list[tuple[int, int, Link]] = []
    for t in sorted(doc_links):
        for link in doc_links[t]:
            if groups and link.first is not None and groups[-1][2].first == link.first:
                groups[-1] = (groups[-1][0], t, groups[-1][2])
            else:
                groups.append((t, t, link))
    return groups


def _continues(previous: tuple[int, Link], first: int, link: Link, max_gap: int) -> bool:
    """Whether ``link`` (of target sentence ``first``) extends the run ending with ``previous``:
    both of one passage, or close in order (the parts of one target sentence follow each other
    with a target gap of -1)."""
    last, before = previous
    if before.passage is not None and (before.doc, before.passage) == (link.doc, link.passage):
        return True
    target_gap = first - last - 1
    source_gap = link.sentence - (before.sentence + before.source_count)
    return before.doc == link.doc and -1 <= target_gap <= max_gap and 0 <= source_gap <= max_gap


class _Pair(NamedTuple):
    """A copied sentence's offsets on both sides, before the texts are read."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    similarity: float
    quoted: bool


def _pair(documents: Sequence[Document], d: int, first: int, last: int, link: Link) -> _Pair:
    a_doc, b_doc = documents[d], documents[link.doc]
    a_start, a_end = link.part or a_doc.sentences.span(first, last)
    b_start, b_end = link.source_part or b_doc.sentences.span(
        link.sentence, link.sentence + link.source_count - 1
    )
    quoted = a_doc.quoted(a_start, a_end) and b_doc.quoted(b_start, b_end)
    return _Pair(a_start, a_end, b_start, b_end, link.similarity, quoted)


def _match(texts: _Texts, a: int, run: list[_Pair], link: Link) -> Match:
    """The match of ``run``: its spans reach from the first to the last character of its pairs
    on each side (a passage's source text may come in another order), and its sentence pairs
    read their texts out of the match's; a quotation when most of its copied text is quoted on
    both sides."""
    a_span = texts.span(a, min(p.a_start for p in run), max(p.a_end for p in run))
    b_span = texts.span(link.doc, min(p.b_start for p in run), max(p.b_end for p in run))
    pairs = tuple(
        CopiedSentence(
            a=a_span.within(p.a_start, p.a_end),
            b=b_span.within(p.b_start, p.b_end),
            similarity=p.similarity,
            quoted=p.quoted,
        )
        for p in run
    )
    return Match(
        a=a_span,
        b=b_span,
        similarity=_weighted_similarity(pairs),
        source=texts.documents[link.doc].article.id if link.directed else None,
        quoted=_mostly_quoted(pairs),
        sentences=pairs,
    )


def _extent(pairs: Sequence[CopiedSentence]) -> tuple[tuple[int, int], tuple[int, int]]:
    """From the first to the last character of ``pairs`` on side ``a``, and on side ``b``."""
    return (
        (min(p.a.start for p in pairs), max(p.a.end for p in pairs)),
        (min(p.b.start for p in pairs), max(p.b.end for p in pairs)),
    )


def _weighted_similarity(pairs: Sequence[CopiedSentence]) -> float:
    """The similarity of ``pairs``, each weighted by its copied characters (of ``a``)."""
    weight = sum(p.a.end - p.a.start for p in pairs)
    return min(1.0, sum(p.similarity * (p.a.end - p.a.start) for p in pairs) / weight)


def _mostly_quoted(pairs: Sequence[CopiedSentence]) -> bool:
    """Whether most of the copied characters (of ``a``) are quoted pairs."""
    quoted = sum(p.a.end - p.a.start for p in pairs if p.quoted)
    return 2 * quoted > sum(p.a.end - p.a.start for p in pairs)


def _part(match: Match, pairs: tuple[CopiedSentence, ...], *, boilerplate: bool) -> Match:
    """The sub-run ``pairs`` of ``match``, with its spans cut to them."""
    (a_start, a_end), (b_start, b_end) = _extent(pairs)
    return Match(
        a=match.a.within(a_start, a_end),
        b=match.b.within(b_start, b_end),
        similarity=_weighted_similarity(pairs),
        source=match.source,
        quoted=_mostly_quoted(pairs),
        sentences=pairs,
        boilerplate=boilerplate,
    )


def _document_report(
    document: Document, matches: Sequence[Match], boilerplate: Sequence[Match]
) -> DocumentReport:
    article = document.article
    copied, shared, furniture, weight, sources, shared_with, copied_by = (
        _totals(article.id, matches, boilerplate) if matches or boilerplate else _NOTHING
    )
    return DocumentReport(
        id=article.id,
        date=article.date,
        outlet=article.outlet,
        title=article.title,
        url=article.url,
        encoding=article.encoding,
        chars=document.sentences.characters(),
        sentences=len(document.sentences),
        copied_chars=copied,
        shared_chars=shared,
        boilerplate_chars=furniture,
        copied_weight=weight,
        sources=sources,
        shared_with=shared_with,
        copied_by=copied_by,
    )


_Totals = tuple[int, int, int, float, tuple[str, ...], tuple[str, ...], tuple[str, ...]]
"""Copied, shared and boilerplate characters, the copied weight, the sources, the articles
shared with and the articles that copied."""

_NOTHING: _Totals = (0, 0, 0, 0.0, (), (), ())
"""The totals of an article without matches: most of them (no loop, no union to make)."""


def _totals(doc_id: str, matches: Sequence[Match], boilerplate: Sequence[Match]) -> _Totals:
    copied: list[tuple[int, int]] = []  # spans copied from an earlier article
    weights: list[float] = []  # their lengths times their similarity
    shared: list[tuple[int, int]] = []
    sources: set[str] = set()
    shared_with: set[str] = set()
    copied_by: set[str] = set()
    for m in matches:  # one pass: a report per article, 10^5 and more of them
        if m.a.doc == doc_id:
            spans = [(p.a.start, p.a.end) for p in m.sentences]
            if m.source:
                sources.add(m.b.doc)
                copied += spans
                weights += [(p.a.end - p.a.start) * p.similarity for p in m.sentences]
            else:
                shared_with.add(m.b.doc)
        else:
            spans = [(p.b.start, p.b.end) for p in m.sentences]
            (copied_by if m.source else shared_with).add(m.a.doc)
        shared += spans
    furniture = [_own(p, doc_id) for m in boilerplate for p in m.sentences]
    return (
        _union_length(copied),
        _union_length(shared),
        _union_length(furniture),
        sum(weights),
        tuple(sorted(sources)),
        tuple(sorted(shared_with)),
        tuple(sorted(copied_by)),
    )


def _own(pair: CopiedSentence, doc_id: str) -> tuple[int, int]:
    """The span of ``pair`` that lies in document ``doc_id``."""
    side = pair.a if pair.a.doc == doc_id else pair.b
    return side.start, side.end


def _union_length(spans: Sequence[tuple[int, int]]) -> int:
    """Characters covered by the union of ``spans``.

    >>> _union_length([(0, 10), (5, 12), (20, 25), (0, 10)])
    17
    """
    total, reach = 0, 0
    for start, end in sorted(spans):
        if end > reach:
            total += end - max(start, reach)
            reach = end
    return total
