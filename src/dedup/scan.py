"""The whole pipeline, without input or output: articles in, report out."""

from __future__ import annotations

from collections.abc import Iterable

from dedup._version import __version__
from dedup.article import Article, Corpus, Skipped
from dedup.attribute import attribute
from dedup.candidates import build_graph
from dedup.config import Config
from dedup.errors import DedupError
from dedup.matches import build_report
from dedup.prepare import order_key, prepare
from dedup.report import Report


def scan(articles: Corpus | Iterable[Article], config: Config | None = None) -> Report:
    """Find the sentences each article copied, and from which article.

    >>> from dedup import Article
    >>> text = "The harbour bridge will stay closed until the inspectors finish their work in May."
    >>> report = scan([
    ...     Article(id="wire", text=text, date="2026-03-02"),
    ...     Article(id="copy", text="Breaking. " + text, date="2026-03-03"),
    ... ])
    >>> [(m.a.doc, m.b.doc, m.source) for m in report.matches]
    [('copy', 'wire', 'wire')]
    """
    config = config or Config()
    skipped: tuple[Skipped, ...] = articles.skipped if isinstance(articles, Corpus) else ()
    ordered = sorted(articles, key=order_key)
    _check_unique_ids(ordered)
    documents = [prepare(article) for article in ordered]  # 1 sentences, tokens, quotes
    graph = build_graph(documents, config)  # 2 MinHash-LSH candidates, verified
    links = attribute(documents, graph, config)  # 3 best source per sentence, pair alignment
    return build_report(documents, links, skipped=skipped, config=config, version=__version__)


def _check_unique_ids(articles: list[Article]) -> None:
    seen: set[str] = set()
    for article in articles:
        if article.id in seen:
            raise DedupError(f"two articles share the id {article.id!r}")
        seen.add(article.id)
