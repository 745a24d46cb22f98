"""From sentence links to the report: runs of consecutive copied sentences, per-article totals."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from dedup.article import Skipped
from dedup.attribute import Link, Links
from dedup.config import Config
from dedup.prepare import Document
from dedup.report import CopiedSentence, DocumentReport, Match, Report, Span


def build_report(
    documents: Sequence[Document],
    links: Links,
    *,
    skipped: Sequence[Skipped],
    config: Config,
    version: str,
) -> Report:
    """Merge links into matches and total them per document; every list sorted."""
    matches = [
        match
        for d in range(len(documents))
        for match in _runs(documents, d, links[d], config.max_gap)
    ]
    matches.sort(key=lambda m: (m.a.doc, m.a.start, m.b.doc, m.b.start))
    involving: dict[str, list[Match]] = defaultdict(list)
    for match in matches:
        involving[match.a.doc].append(match)
        involving[match.b.doc].append(match)
    reports = sorted(
        (_document_report(doc, involving[doc.article.id]) for doc in documents), key=lambda r: r.id
    )
    return Report(
        documents=tuple(reports),
        matches=tuple(matches),
        skipped=tuple(sorted(skipped, key=lambda k: (k.path, k.line or 0, k.reason))),
        config=config,
        version=version,
    )


def _runs(
    documents: Sequence[Document], d: int, doc_links: dict[int, Link], max_gap: int
) -> list[Match]:
    """Group the links of document ``d`` into runs: in order on both sides, same source, the
    same quotation status, gaps of at most ``max_gap`` uncopied sentences on either side."""
    runs: list[list[CopiedSentence]] = []
    sources: list[Link] = []
    previous: tuple[int, Link] | None = None
    for first, last, link in _groups(doc_links):
        pair = _pair(documents, d, first, last, link)
        joins = previous is not None and _continues(previous, first, link, max_gap)
        if joins and runs[-1][-1].quoted == pair.quoted:
            runs[-1].append(pair)
            previous = (last, link)
            continue
        runs.append([pair])
        sources.append(link)
        previous = (last, link)
    return [
        _match(documents[d], documents[link.doc], run, link)
        for run, link in zip(runs, sources, strict=True)
    ]


def _groups(doc_links: dict[int, Link]) -> list[tuple[int, int, Link]]:
    """``(first, last, link)`` per copied unit: one target sentence, or several consecutive ones
    that together match one source range (``Link.first`` marks such a group)."""
    groups: list[tuple[int, int, Link]] = []
    for t in sorted(doc_links):
        link = doc_links[t]
        if groups and link.first is not None and groups[-1][2].first == link.first:
            groups[-1] = (groups[-1][0], t, groups[-1][2])
        else:
            groups.append((t, t, link))
    return groups


def _continues(previous: tuple[int, Link], first: int, link: Link, max_gap: int) -> bool:
    last, before = previous
    target_gap = first - last - 1
    source_gap = link.sentence - (before.sentence + before.count)
    return before.doc == link.doc and 0 <= target_gap <= max_gap and 0 <= source_gap <= max_gap


def _pair(
    documents: Sequence[Document], d: int, first: int, last: int, link: Link
) -> CopiedSentence:
    a_doc, b_doc = documents[d], documents[link.doc]
    a_start, a_end = a_doc.sentences[first].start, a_doc.sentences[last].end
    b_start = b_doc.sentences[link.sentence].start
    b_end = b_doc.sentences[link.sentence + link.count - 1].end
    return CopiedSentence(
        a=_span(a_doc, a_start, a_end),
        b=_span(b_doc, b_start, b_end),
        similarity=link.similarity,
        quoted=a_doc.quoted(a_start, a_end) and b_doc.quoted(b_start, b_end),
    )


def _match(a_doc: Document, b_doc: Document, run: list[CopiedSentence], link: Link) -> Match:
    weight = sum(p.a.end - p.a.start for p in run)
    score = sum(p.similarity * (p.a.end - p.a.start) for p in run) / weight
    return Match(
        a=_span(a_doc, run[0].a.start, run[-1].a.end),
        b=_span(b_doc, run[0].b.start, run[-1].b.end),
        similarity=min(1.0, score),
        source=b_doc.article.id if link.directed else None,
        quoted=run[0].quoted,
        sentences=tuple(run),
    )


def _span(document: Document, start: int, end: int) -> Span:
    return Span(document.article.id, start, end, document.article.text[start:end])


def _document_report(document: Document, matches: Sequence[Match]) -> DocumentReport:
    article = document.article
    copied = {
        (p.a.start, p.a.end)
        for m in matches
        if m.a.doc == article.id and m.source
        for p in m.sentences
    }
    shared = {(p.a.start, p.a.end) for m in matches if m.a.doc == article.id for p in m.sentences}
    shared |= {(p.b.start, p.b.end) for m in matches if m.b.doc == article.id for p in m.sentences}
    relations: dict[str, set[str]] = defaultdict(set)
    for m in matches:
        if m.a.doc == article.id:
            relations["sources" if m.source else "shared_with"].add(m.b.doc)
        elif m.b.doc == article.id:
            relations["copied_by" if m.source else "shared_with"].add(m.a.doc)
    return DocumentReport(
        id=article.id,
        date=article.date,
        outlet=article.outlet,
        title=article.title,
        url=article.url,
        encoding=article.encoding,
        chars=sum(s.end - s.start for s in document.sentences),
        sentences=len(document.sentences),
        copied_chars=sum(end - start for start, end in copied),
        shared_chars=sum(end - start for start, end in shared),
        sources=tuple(sorted(relations["sources"])),
        shared_with=tuple(sorted(relations["shared_with"])),
        copied_by=tuple(sorted(relations["copied_by"])),
    )
