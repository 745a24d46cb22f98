"""The whole pipeline, without input or output: articles in, report out."""

from __future__ import annotations

import contextlib
import gc
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace

from dedup._version import __version__
from dedup.article import Article, Corpus, Skipped
from dedup.attribute import Link, Links, align_linked, best_sources
from dedup.boilerplate import BoilerplateRule, boilerplate_reasons
from dedup.candidates import Numbers, build_graph
from dedup.clusters import ClusterIndex, build_clusters, holders
from dedup.config import Config
from dedup.errors import DedupError
from dedup.matches import (
    document_matches,
    flag_boilerplate,
    sort_matches,
    summarize,
    summarize_again,
)
from dedup.network import outlet_network
from dedup.parallel import CHUNK, Progress, iter_shared
from dedup.prepare import Document, Packed, Prepared, order_key, prepare_packed, unpack
from dedup.report import Match, Report
from dedup.spill import CAN_SPILL, Spill, give_back_memory


def scan(
    articles: Corpus | Iterable[Article],
    config: Config | None = None,
    *,
    workers: int = 1,
    progress: Progress | None = None,
    spill: bool | None = None,
) -> Report:
    """Find the sentences each article copied, and from which article.

    ``workers`` processes share the work; the report is the same for any number of them.
    ``spill`` sets each article's text and token lines aside in a temporary file (in
    ``TMPDIR``) as soon as it is prepared, and reads them back where a stage needs them: True,
    False, or None (the default) for corpora of more than ``SPILL_ABOVE`` characters. Memory
    is then freed of the texts only where the caller does not hold them too.

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
    del articles  # a caller that handed them over lets their texts go once spilled
    _check_unique_ids(ordered)
    if spill is None:
        spill = sum(len(article.text) for article in ordered) > SPILL_ABOVE
    file: contextlib.AbstractContextManager[Spill | None]
    file = Spill() if spill and CAN_SPILL else contextlib.nullcontext()
    with no_cyclic_gc(), file as opened:
        return _pipeline(ordered, skipped, config, workers, progress, opened)


def scan_prepared(
    prepared: Prepared,
    config: Config | None = None,
    *,
    workers: int = 1,
    progress: Progress | None = None,
) -> Report:
    """``scan`` of the articles ``corpus.load_prepared`` read and prepared (their texts and
    lines in its spill, which must stay open until this returns): the same report as
    ``scan(load_articles(...))``. See ``files.scan_files``, which does both.
    """
    config = config or Config()
    found = prepared.documents
    order = sorted(range(len(found)), key=lambda number: order_key(found[number].article))
    documents, counts, keys = prepared.take(order)  # held here only: gone when done with
    del order
    _check_unique_ids([document.article for document in documents])
    with no_cyclic_gc():
        return _after_preparing(
            documents, counts, keys, prepared.skipped, config, workers, progress
        )


SPILL_ABOVE = 100_000_000
"""Characters of text above which ``scan`` spills texts and lines to disk (about 30,000 news
articles; a million take some 3 GB as text and as much again as token lines)."""


@contextlib.contextmanager
def no_cyclic_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector (and turn it back on after, if it was on): a scan
    builds millions of small acyclic objects, and each collection would walk them all again
    (prepare grew 12x for 10x the articles)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _pipeline(
    ordered: list[Article],
    skipped: Sequence[Skipped],
    config: Config,
    workers: int,
    progress: Progress | None,
    spill: Spill | None,
) -> Report:
    """The stages, one line each."""
    documents, counts, keys = _prepare_all(ordered, workers, progress, spill)  # 1 sentences
    return _after_preparing(documents, counts, keys, skipped, config, workers, progress)


def _after_preparing(
    documents: list[Document],
    counts: Numbers,
    keys: Numbers,
    skipped: Sequence[Skipped],
    config: Config,
    workers: int,
    progress: Progress | None,
) -> Report:
    """The stages after the first, given the documents and their lines' token counts and keys
    end to end (``_prepare_all``)."""
    graph = build_graph(  # 2 MinHash-LSH
        documents, config, workers=workers, progress=progress, token_counts=counts, line_keys=keys
    )
    del counts, keys
    give_back_memory()  # each stage's intermediates go as soon as the next has what it needs
    links = best_sources(documents, graph, config, workers=workers, progress=progress)  # 3 sources
    del graph
    documents = _tokens_of(documents, _linked(links))  # only linked articles are aligned
    give_back_memory()
    found: list[Match] = []

    def settled(d: int, doc_links: dict[int, tuple[Link, ...]]) -> None:
        """A document's runs of copied sentences, made while the workers align the next."""
        found.extend(document_matches(documents, d, doc_links, max_gap=config.max_gap))

    align_linked(  # 4 pairs, then 5 runs of copied sentences
        documents, links, config, workers=workers, progress=progress, settled=settled
    )
    del links
    documents = _tokens_of(documents, set())  # no later stage reads tokens
    give_back_memory()
    matches = sort_matches(found)
    return _syndication(documents, matches, skipped, config)  # 6 clusters, boilerplate, outlets


def _prepare_all(
    articles: list[Article], workers: int, progress: Progress | None, spill: Spill | None
) -> tuple[list[Document], array[int], array[int]]:
    """The documents of ``articles``, and the token counts and keys (``prepare.line_keys``)
    of all their sentences end to end, computed by the workers that made the lines: the main
    process never splits or hashes a line (at 10^6 articles that took it more than a minute
    with the workers idle). With ``spill``, each text and its lines go there, and ``articles``
    keeps each article without its text once its document is made (workers forked later
    prepare only the articles after it)."""
    packed: Iterable[Packed]
    if workers <= 1:
        packed = map(prepare_packed, articles)
    else:  # forked workers read the articles they inherit (nothing pickled on the way out)
        packed = iter_shared(
            _prepared, articles, range(len(articles)), workers=workers, renew_after=PREPARE_RENEW
        )
    documents: list[Document] = []
    counts, keys = array("i"), array("q")
    for number, one in enumerate(packed):
        documents.append(unpack(articles[number], one, spill))
        if spill is not None:
            articles[number] = documents[-1].article
        counts.extend(one[3])
        keys.extend(one[4])
        if progress is not None and len(documents) % CHUNK == 0:
            progress("prepare", len(documents), len(articles))
    if progress is not None:
        progress("prepare", len(documents), len(articles))
    if spill is not None:
        spill.flush()  # before any worker that reads it is forked
        give_back_memory()
    return documents, counts, keys


PREPARE_RENEW = 64
"""Chunks of articles a preparing worker takes before a fresh fork replaces it: each article
it reads has its text copied into the worker (``parallel.RENEW_AFTER``). At 10^6 articles,
512 chunks took the memory in use from 4.8 to 6.9 GiB."""


def _linked(links: Links) -> set[int]:
    """The documents ``links`` link: those with a copied sentence, and their sources."""
    targets = {number for number, found in enumerate(links) if found}
    return targets | {link.doc for found in links for every in found.values() for link in every}


def _tokens_of(documents: list[Document], keep: set[int]) -> list[Document]:
    """``documents`` with the token lines of all but those numbered in ``keep`` let go: at 10^6
    articles the lines take about 3 GB, and after the candidate search only the alignment
    reads them, of linked articles only."""
    return [
        document if number in keep or not document.holds_lines else document.without_lines()
        for number, document in enumerate(documents)
    ]


def _prepared(articles: Sequence[Article], indices: Sequence[int]) -> list[Packed]:
    return [prepare_packed(articles[index]) for index in indices]


class _TextsById(Mapping[str, str]):
    """The documents' texts by article id, each made (or read from disk) when asked for."""

    def __init__(self, documents: Sequence[Document]) -> None:
        self._documents = {document.article.id: document for document in documents}

    def __getitem__(self, key: str) -> str:
        return self._documents[key].text

    def __iter__(self) -> Iterator[str]:
        return iter(self._documents)

    def __len__(self) -> int:
        return len(self._documents)


def _syndication(
    documents: list[Document], matches: list[Match], skipped: Sequence[Skipped], config: Config
) -> Report:
    """Cluster the matches into passages, set boilerplate apart, total per article and outlet."""
    draft = summarize(documents, matches, skipped=skipped, config=config, version=__version__)
    clusters = build_clusters(draft, texts=_TextsById(documents))
    reasons = boilerplate_reasons(draft, clusters, boilerplate_rule(config))
    index = None
    if reasons:  # split and flag the boilerplate runs, then total again without them
        # only the articles holding a boilerplate passage can hold a boilerplate run
        holding = holders(clusters, reasons)
        index = ClusterIndex(clusters, documents=holding)
        flagged = flag_boilerplate(
            matches,
            lambda pair: index.cluster_at(pair.a.doc, pair.a.start) in reasons,
            documents=holding,
        )
        # only the articles of a boilerplate run total differently
        changed = {doc for m in flagged if m.boilerplate for doc in (m.a.doc, m.b.doc)}
        draft = summarize_again(draft, documents, flagged, changed=changed)
    report = replace(draft, clusters=clusters, boilerplate=reasons)
    excluded = frozenset() if config.keep_boilerplate else frozenset(reasons)
    network = outlet_network(report, exclude=excluded, clusters=clusters, index=index)
    return replace(report, network=network)


def boilerplate_rule(config: Config) -> BoilerplateRule:
    """The boilerplate thresholds of ``config``."""
    return BoilerplateRule(
        min_stories=config.boilerplate_min_stories,
        min_outlet_articles=config.boilerplate_outlet_articles,
        min_outlet_share=config.boilerplate_outlet_share,
        corpus_share=config.boilerplate_corpus_share,
        min_corpus_articles=config.boilerplate_corpus_articles,
        min_corpus_stories=config.boilerplate_corpus_stories,
        same_story=config.boilerplate_same_story,
    )


def _check_unique_ids(articles: list[Article]) -> None:
    seen: set[str] = set()
    for article in articles:
        if article.id in seen:
            raise DedupError(f"two articles share the id {article.id!r}")
        seen.add(article.id)
