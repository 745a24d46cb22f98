"""Attribution: for every sentence that was copied, its single best source sentence.

The best source is the earliest dated copy; when no copy is dated earlier, a deterministic
representative (the first in source-preference order) and the direction stays unknown. A sentence
never reports against a copy later in that order, so each group of copies yields one link per
copy: the report grows linearly with syndication, not with its square.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import NamedTuple

from dedup.align import Overlap, SentencePair, Within, align_sentences
from dedup.candidates import Candidate, SentenceGraph
from dedup.config import Config
from dedup.parallel import Progress, iter_shared
from dedup.parts import align_parts, align_source_parts
from dedup.passage_align import Passage, align_passages
from dedup.prepare import Document, is_earlier

SOURCE_MARGIN = 0.1
"""Candidates this much less similar than the best are not considered as the source."""

PASSAGE_REACH = 40
"""Sentence pairs of an article pair at most this many tokens apart on both sides are grown
into one passage."""

PASSAGE_MARGIN = 40
"""Tokens beyond its sentence pairs, on each side, where a passage may extend."""

FULL_ALIGNMENT_SEEDS = 3
"""Article pairs that LSH linked by at least this many sentences are aligned sentence against
sentence in full. Pairs linked by fewer (at 10^5 generated articles, half the pairs: one stock
phrase or spliced fragment in common) pair whole sentences only within ``SEED_REACH``
sentences of their links, and seek parts of glued sentences only for target sentences that
near: the full search costs as much there and almost never finds more."""

ALIGN_CHUNK = 64
"""Article pairs aligned per task."""

SEED_REACH = 3
"""Sentences on each side of a linked sentence, in both articles, that a sparse pair's
alignment considers (as far as ``align.WINDOW_REACH``, where split sentences are sought)."""


class Link(NamedTuple):
    """A sentence's best source: sentences ``sentence .. sentence+source_count-1`` of ``doc``.

    Indices are in source-preference order. ``first`` is the first target sentence of a group of
    consecutive target sentences that together match the source range (itself, usually).
    ``part`` is the character span of the target sentence copied, when only part of it is;
    ``source_part`` the character span of the source text, when not whole sentences.
    ``passage`` numbers the passage of the article pair the link belongs to.

    A named tuple, not a frozen dataclass: made five times as fast (0.6 against 2.7 us; the
    main process makes one for every copied sentence, twice) and pickled as a tuple when the
    alignment workers send them.
    """

    doc: int
    sentence: int
    similarity: float
    directed: bool
    source_count: int = 1
    first: int | None = None
    part: tuple[int, int] | None = None
    source_part: tuple[int, int] | None = None
    passage: int | None = None


Links = list[dict[int, tuple[Link, ...]]]
"""Per document (in source-preference order): sentence index -> its best source, or one per
copied part when the sentence glues several source sentences."""


def attribute(
    documents: Sequence[Document],
    graph: SentenceGraph,
    config: Config,
    *,
    workers: int = 1,
    progress: Progress | None = None,
) -> Links:
    """Link each copied sentence to its best source, then align each linked pair of articles
    (the alignments in ``workers`` processes, applied here in a fixed order)."""
    links = best_sources(documents, graph, config, workers=workers, progress=progress)
    return align_linked(documents, links, config, workers=workers, progress=progress)


def best_sources(
    documents: Sequence[Document],
    graph: SentenceGraph,
    config: Config,
    *,
    workers: int = 1,
    progress: Progress | None = None,
) -> Links:
    """Link each sentence that has a copy to its best source sentence (the graph is not needed
    after this: a caller that drops it frees its memory before the alignment).

    Each document is settled on its own, in ``workers`` processes: its sentences' candidates,
    then its votes (the articles that are a candidate source for its sentences), then each
    sentence's source with them.
    """
    shared = (graph, [document.article.date for document in documents], config.max_candidates)
    blocks = [(first, first + SOURCE_BLOCK) for first in range(0, len(documents), SOURCE_BLOCK)]
    links: Links = [{} for _ in documents]
    settled = iter_shared(_sources_of, shared, blocks, workers=workers, chunk=1)
    for (_, end), block in zip(blocks, settled, strict=True):
        for d, found in block:
            links[d] = {s: (Link(c, t, score, directed),) for s, c, t, score, directed in found}
        if progress is not None:
            progress("source", min(end, len(documents)), len(documents))
    return links


SOURCE_BLOCK = 512
"""Documents ``best_sources`` settles per task."""


def _sources_of(
    shared: tuple[SentenceGraph, list[str | None], int], blocks: Sequence[tuple[int, int]]
) -> list[list[tuple[int, list[tuple[int, int, int, float, bool]]]]]:
    """For each block of documents, ``(document, [(sentence, *source), ...])`` where a
    sentence has a source (``Link`` fields: a tuple pickles faster than the object)."""
    graph, dates, limit = shared
    settled = []
    for first, end in blocks:
        block = []
        for d, candidates in graph.earlier_copies(first, end, limit=limit):
            votes: Counter[int] = Counter()
            for _, found in candidates:
                votes.update({c for c, _, _ in found})
            block.append((d, [(s, *_best(dates, d, found, votes)) for s, found in candidates]))
        settled.append(block)
    return settled


def align_linked(
    documents: Sequence[Document],
    links: Links,
    config: Config,
    *,
    workers: int = 1,
    progress: Progress | None = None,
    settled: Callable[[int, dict[int, tuple[Link, ...]]], None] | None = None,
) -> Links:
    """Align each article pair that ``best_sources`` linked, and let its passages link the
    target's sentences (``links`` is updated and returned).

    ``settled(d, links[d])`` is called for each document with links, in order, as soon as
    its links are final: while the workers align the pairs of the next documents.
    """
    seeds: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for d, doc_links in enumerate(links):
        for t, (link,) in doc_links.items():
            seeds.setdefault((d, link.doc), []).append((link.sentence, t))
    tasks = [(d, c, _within(seeds[(d, c)])) for d, c in sorted(seeds)]
    del seeds
    # filled in pair order as the workers' alignments come in
    aligned = iter_shared(
        _align_pairs, (documents, config), tasks, workers=workers, chunk=ALIGN_CHUNK
    )
    previous = None
    for done, ((d, c, _), given) in enumerate(zip(tasks, aligned, strict=True), start=1):
        if settled is not None and previous is not None and d != previous:
            settled(previous, links[previous])  # pairs come by target: its last is filled
        _fill(links, d, c, given)
        previous = d
        if progress is not None and (done % ALIGN_CHUNK == 0 or done == len(tasks)):
            progress("align", done, len(tasks))
    if settled is not None and previous is not None:
        settled(previous, links[previous])
    return links


def _within(seeds: list[tuple[int, int]]) -> Within | None:
    """The sentences a pair linked by ``seeds`` ``(source, target)`` is aligned within; None
    (all of them) for a pair linked by ``FULL_ALIGNMENT_SEEDS`` or more.

    >>> _within([(10, 2)])
    ((7, 8, 9, 10, 11, 12, 13), (-1, 0, 1, 2, 3, 4, 5))
    """
    if len(seeds) >= FULL_ALIGNMENT_SEEDS:
        return None
    reach = range(-SEED_REACH, SEED_REACH + 1)
    sources = sorted({s + k for s, _ in seeds for k in reach})
    targets = sorted({t + k for _, t in seeds for k in reach})
    return tuple(sources), tuple(targets)


def _align_pairs(
    shared: tuple[Sequence[Document], Config], pairs: Sequence[tuple[int, int, Within | None]]
) -> list[dict[int, tuple[Link, ...]]]:
    """The links each pair's passages give its target sentences."""
    documents, config = shared
    least, min_tokens = config.sentence_similarity, config.min_tokens
    tokens: dict[int, tuple[tuple[str, ...], ...]] = {}  # split once per task (d repeats)
    aligned = []
    for d, c, within in pairs:
        for one in (c, d):
            if one not in tokens:
                tokens[one] = documents[one].tokens
        source, target = tokens[c], tokens[d]
        # shared by the three searches below, which read the target sentences within only
        overlap = Overlap.of(source, target, rows=within[1] if within else None)
        seeds = align_sentences(
            source,
            target,
            min_similarity=least,
            min_tokens=min_tokens,
            within=within,
            overlap=overlap,
        )
        # parts of glued sentences come from anywhere in the other article: only the free
        # sentences they are sought for stay near the links
        near = (range(len(source)), within[1]) if within else None
        for search in (align_parts, align_source_parts):
            seeds = search(
                source,
                target,
                seeds,
                min_similarity=least,
                min_tokens=min_tokens,
                within=near,
                overlap=overlap,
            )
        passages = align_passages(
            source,
            target,
            seeds,
            min_similarity=least,
            min_tokens=min_tokens,
            reach=PASSAGE_REACH,
            margin=PASSAGE_MARGIN,
        )
        aligned.append(_passage_links((documents[d], target), (documents[c], source), c, passages))
    return aligned


def _best(
    dates: Sequence[str | None], d: int, candidates: list[Candidate], votes: Counter[int]
) -> tuple[int, int, float, bool]:
    """Earliest dated candidate, else the most similar; ties go to the article that is a
    candidate source for most sentences of ``d`` (so one passage keeps one source).
    ``dates`` are the documents' dates. Returns ``(document, sentence, similarity, directed)``
    of the source."""
    date = dates[d]
    if len(candidates) == 1:
        c, t, score = candidates[0]
        return c, t, score, is_earlier(dates[c], date)
    best_score = max(x[2] for x in candidates)
    candidates = [x for x in candidates if x[2] >= best_score - SOURCE_MARGIN]
    dated = [x for x in candidates if is_earlier(dates[x[0]], date)]
    if dated:
        c, t, score = min(dated, key=lambda x: (dates[x[0]] or "", -x[2], -votes[x[0]], x[:2]))
        return c, t, score, True
    c, t, score = min(candidates, key=lambda x: (-x[2], -votes[x[0]], x[:2]))
    return c, t, score, False


_Side = tuple[Document, Sequence[Sequence[str]]]
"""A document of an aligned pair, and the tokens of its sentences (as the alignment took them)."""


def _passage_links(
    target: _Side, source: _Side, c: int, passages: list[Passage]
) -> dict[int, tuple[Link, ...]]:
    """The links to ``c`` (``source``) that the passages give the sentences of ``target``, by
    target sentence."""
    directed = is_earlier(source[0].article.date, target[0].article.date)
    found: dict[int, list[Link]] = {}
    for number, passage in enumerate(passages):
        for pair in passage.pairs:
            link = _link(target, source, c, pair, directed, number)
            for t in range(pair.target, pair.target + pair.target_count):
                found.setdefault(t, []).append(link)
    # a glued sentence's links in the order of its parts
    return {t: tuple(sorted(new, key=lambda link: link.part or (0, 0))) for t, new in found.items()}


def _fill(links: Links, d: int, c: int, found: dict[int, tuple[Link, ...]]) -> None:
    """Link the sentences of ``d`` that its passages from ``c`` hold, unless LSH linked them to
    another source: a passage is more precise than the sentence links to ``c`` it replaces."""
    for t, new in found.items():
        current = links[d].get(t, ())
        if all(link.doc == c for link in current):
            links[d][t] = new


def _link(
    target: _Side, source: _Side, c: int, pair: SentencePair, directed: bool, passage: int
) -> Link:
    """The link of a passage's sentence pair; ``first`` marks a group of target sentences."""
    part = source_part = None
    if pair.target_part is not None:
        part = _chars(target, pair.target, pair.target_count, pair.target_part)
    if pair.source_part is not None:
        source_part = _chars(source, pair.source, pair.source_count, pair.source_part)
    first = pair.target if pair.target_count > 1 else None
    return Link(
        c,
        pair.source,
        pair.similarity,
        directed,
        pair.source_count,
        first,
        part,
        source_part,
        passage,
    )


def _chars(side: _Side, first: int, count: int, part: tuple[int, int]) -> tuple[int, int]:
    """Character span of tokens ``part`` of sentences ``first .. first+count-1`` in a row
    (their token counts from the tokens in hand: a spilled document would be read again)."""
    document, tokens = side
    start, end = part
    sentence = first
    while start >= len(tokens[sentence]) and sentence < first + count - 1:
        start -= len(tokens[sentence])
        end -= len(tokens[sentence])
        sentence += 1
    begin = document.part_span(sentence, start, len(tokens[sentence]))[0]
    while end > len(tokens[sentence]) and sentence < first + count - 1:
        end -= len(tokens[sentence])
        sentence += 1
    return begin, document.part_span(sentence, 0, end)[1]
