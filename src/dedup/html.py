"""One static, self-contained HTML page of a report: overview tables and side-by-side articles.

Every piece of article text goes through ``html.escape``; the page loads nothing from anywhere.
Each copied sentence is a link to its counterpart (and back): clicking one scrolls to the other
and flashes it.  Sentences other articles copied are underlined in the source's own text.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from html import escape

from dedup._html_assets import CSS, JS
from dedup.clusters import Cluster, ClusterIndex
from dedup.report import CopiedSentence, DocumentReport, Match, Report

__all__ = ["to_html"]

Mark = tuple[int, int, str]
"""``(start, end, opening tag)`` of a highlighted span of a text."""


def to_html(
    report: Report,
    *,
    clusters: Sequence[Cluster],
    boilerplate: frozenset[str] = frozenset(),
    texts: Mapping[str, str],
) -> str:
    """Return the report as one HTML page; ``texts`` maps doc id to the article's full text.

    >>> from dedup import Article, scan
    >>> text = "The <b>bridge</b> & the ferry will close on Monday for repairs."
    >>> articles = [Article(id="w", text=text), Article(id="c", text="Breaking: " + text)]
    >>> page = to_html(scan(articles), clusters=(), texts={a.id: a.text for a in articles})
    >>> "<b>bridge" in page, "&lt;b&gt;bridge&lt;/b&gt; &amp; the" in page
    (False, True)
    """
    view = _View(report, ClusterIndex(clusters), boilerplate, texts)
    return "\n".join(
        [
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>dedup report</title><style>{CSS}</style></head><body>",
            _header(report, clusters, boilerplate),
            "<main>",
            _articles_table(view),
            _clusters_table(view, clusters),
            *(_article(view, doc) for doc in view.shown),
            f"</main><script>{JS}</script></body></html>",
        ]
    )


class _View:
    """What the renderers share: anchors, matches per document, cluster lookups."""

    def __init__(
        self,
        report: Report,
        index: ClusterIndex,
        boilerplate: frozenset[str],
        texts: Mapping[str, str],
    ) -> None:
        self.report, self.index, self.boilerplate, self.texts = report, index, boilerplate, texts
        self.taken: dict[str, list[tuple[int, Match]]] = defaultdict(list)
        self.given: dict[str, list[tuple[int, int, CopiedSentence]]] = defaultdict(list)
        for i, match in enumerate(report.matches):
            self.taken[match.a.doc].append((i, match))
            self.given[match.b.doc] += [(i, j, pair) for j, pair in enumerate(match.sentences)]
        self.ordered = sorted(
            report.documents, key=lambda d: (-d.copied_share, -d.shared_share, d.id)
        )
        self.anchor = {d.id: f"d{n}" for n, d in enumerate(self.ordered, 1)}
        self.shown = [d for d in self.ordered if d.id in self.taken or d.id in self.given]

    def link(self, doc: str) -> str:
        """A link to the section of ``doc`` (plain text when it has none)."""
        if doc in self.taken or doc in self.given:
            return f'<a href="#{self.anchor[doc]}">{escape(doc)}</a>'
        return escape(doc)

    def mark(self, i: int, j: int, pair: CopiedSentence, match: Match, side: str) -> Mark:
        """The highlight of sentence pair ``j`` of match ``i`` on side ``a`` or ``b``."""
        cluster = self.index.cluster_at(pair.a.doc, pair.a.start)
        kind = "quoted" if pair.quoted else ("prose" if match.source else "shared")
        if cluster in self.boilerplate:
            kind += " boiler"
        here, there = (f"p{i}-{j}a", f"p{i}-{j}b") if side == "a" else (f"p{i}-{j}b", f"p{i}-{j}a")
        quote = "quotation, " if pair.quoted else ""
        title = f"{cluster or '-'}, {quote}similarity {pair.similarity:.2f}"
        span = pair.a if side == "a" else pair.b
        tag = (
            f'<a class="hl {kind}" id="{here}" href="#{there}" '
            f'data-cluster="{escape(cluster or "")}" title="{escape(title)}">'
        )
        return (span.start, span.end, tag)


def _marked(text: str, offset: int, marks: Iterable[Mark]) -> str:
    """Escape ``text`` (which starts at ``offset``), wrapping each disjoint mark in its tag."""
    out, pos = [], 0
    for start, end, tag in sorted(marks):
        s, e = start - offset, end - offset
        if s < pos or e > len(text):
            continue
        out += [escape(text[pos:s]), tag, escape(text[s:e]), "</a>"]
        pos = e
    out.append(escape(text[pos:]))
    return "".join(out)


def _header(report: Report, clusters: Sequence[Cluster], boilerplate: frozenset[str]) -> str:
    s = report.summary()
    keys = [
        ("prose", "copied from an earlier article"),
        ("shared", "shared, direction unknown"),
        ("quoted", "shared quotation"),
        ("boiler", "boilerplate"),
    ]
    legend = "".join(f'<span class="hl {c} key">{escape(label)}</span>' for c, label in keys)
    legend += '<span class="given key">copied by others</span>'
    return (
        f"<header><h1>dedup {escape(report.version)}</h1>"
        f"<span>{s['documents']} articles, {s['documents_with_reuse']} share text; "
        f"{s['matches']} passages ({s['copied_sentences']} sentences); {len(clusters)} clusters, "
        f"{len(boilerplate)} boilerplate</span>"
        f'<span class="legend">{legend}</span>'
        '<label><input type="checkbox" id="hide-boiler"> plain boilerplate</label></header>'
    )


def _articles_table(view: _View) -> str:
    rows = [
        f"<tr><td>{view.link(d.id)}</td><td>{escape(d.outlet or '')}</td>"
        f"<td class=nw>{escape(d.date or '')}</td><td class=num>{d.copied_share:.0%}</td>"
        f"<td class=num>{d.shared_share:.0%}</td><td class=num>{d.sentences}</td>"
        f"<td class=num>{len(d.sources)}</td></tr>"
        for d in view.ordered
    ]
    head = (
        "<tr><th>article</th><th>outlet</th><th>date</th><th class=num>copied</th>"
        "<th class=num>shared</th><th class=num>sentences</th><th class=num>sources</th></tr>"
    )
    return _table("Articles, by share copied", head, rows)


def _clusters_table(view: _View, clusters: Sequence[Cluster]) -> str:
    rows = []
    for c in sorted(clusters, key=lambda c: (-c.size, c.id)):
        boiler = c.id in view.boilerplate
        kind = "boilerplate" if boiler else ("quotation" if c.quoted else "prose")
        docs = ", ".join(view.link(w.doc) for w in c.witnesses)
        text = " ".join(c.witnesses[0].text.split())
        rows.append(
            f'<tr id="cl-{escape(c.id)}"{" class=boiler" if boiler else ""}>'
            f"<td>{escape(c.id)}</td><td class=num>{c.size}</td>"
            f"<td class=num>{len(c.outlets)}</td><td>{view.link(c.origin) if c.origin else ''}"
            f"</td><td class=nw>{escape(c.first_date or '')}</td><td>{kind}</td>"
            f"<td><details><summary>{escape(_clip(text, 110))}</summary>{docs}</details></td></tr>"
        )
    head = (
        "<tr><th>cluster</th><th class=num>articles</th><th class=num>outlets</th>"
        "<th>origin</th><th>first date</th><th>kind</th><th>passage (click: witnesses)</th></tr>"
    )
    return _table("Clusters, by number of articles", head, rows)


def _table(title: str, head: str, rows: list[str]) -> str:
    body = "\n".join(rows) or "<tr><td>none</td></tr>"
    return f'<h2>{escape(title)}</h2><div class="scroll"><table>{head}\n{body}</table></div>'


def _article(view: _View, doc: DocumentReport) -> str:
    facts = [doc.outlet, doc.date or "undated", doc.title]
    meta = " · ".join(escape(f) for f in facts if f)
    meta += f" · copied {doc.copied_share:.0%}, shared {doc.shared_share:.0%}"
    if doc.copied_by:
        meta += " · copied by " + ", ".join(view.link(c) for c in doc.copied_by)
    return (
        f'<section class="article" id="{view.anchor[doc.id]}"><h3>{escape(doc.id)}</h3>'
        f'<div class="meta">{meta}</div><div class="pair">'
        f'<div class="col"><div class="text">{_own_text(view, doc.id)}</div></div>'
        f'<div class="col">{_sources(view, doc.id)}</div></div></section>'
    )


def _own_text(view: _View, doc: str) -> str:
    """The article's text: sentences it copied link to the source card, copied ones underlined."""
    marks = {
        (m[0], m[1]): m
        for i, match in view.taken.get(doc, [])
        for j, pair in enumerate(match.sentences)
        for m in [view.mark(i, j, pair, match, "a")]
    }
    for i, j, pair in view.given.get(doc, []):
        key = (pair.b.start, pair.b.end)
        if key not in marks:
            marks[key] = (*key, f'<a class="hl given" href="#p{i}-{j}a">')
    text = view.texts.get(doc)
    if text is not None:
        return _marked(text, 0, marks.values())
    pieces = [(m.a.text, m.a.start) for _, m in view.taken.get(doc, [])]
    return "\n…\n".join(_marked(t, start, marks.values()) for t, start in pieces)


def _sources(view: _View, doc: str) -> str:
    cards = []
    for n, (i, match) in enumerate(view.taken.get(doc, []), 1):
        verb = "copied from" if match.source else "shared with"
        kind = "quotation" if match.quoted else "prose"
        other = view.report.document(match.b.doc)
        facts = ", ".join(escape(f) for f in (other.outlet, other.date) if f)
        marks = [view.mark(i, j, p, match, "b") for j, p in enumerate(match.sentences)]
        count = len(match.sentences)
        cards.append(
            f'<div class="card"><div class="head">[{n}] {kind}, {count} '
            f"sentence{'' if count == 1 else 's'} {verb} {view.link(match.b.doc)} "
            f"{f'({facts})' if facts else ''}, "
            f"similarity {match.similarity:.2f}</div>"
            f'<div class="text">{_marked(match.b.text, match.b.start, marks)}</div></div>'
        )
    return "\n".join(cards) or '<p class="meta">Copied nothing from the other articles.</p>'


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
