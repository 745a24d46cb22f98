"""Articles made ready for comparison: sentences, their tokens, quoted regions, and date order."""

from __future__ import annotations

import bisect
import itertools
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import overload

import numpy as np
import numpy.typing as npt

from dedup import _ragged
from dedup.article import Article, Sentence, Skipped
from dedup.spill import Spill, Spilled, encode
from dedup.text import quoted_spans, sentence_spans, token_lines, token_spans


@dataclass(frozen=True, slots=True)
class Document:
    """An article split into sentences, with each sentence's comparison tokens.

    The tokens of a sentence are kept as one "line", joined by single spaces (tokens hold no
    whitespace), and a document's lines as one string, joined by newlines: a string object for
    each line took 40 % more memory (4.3 GB at a million articles, more than their texts).
    A document may also be held without them (``without_lines``): they are made again from
    the text when asked for. Or its text and lines may be spilled to disk (``held`` is then
    a ``Spilled``), its article kept without its text.
    """

    article: Article
    sentences: Sentences
    held: str | Spilled | None
    """The lines of all sentences joined by newlines; where they and the text were spilled;
    or None for a document held without its lines."""
    quotes: tuple[tuple[int, int], ...]

    @property
    def text(self) -> str:
        """The article's text (read back from disk when it was spilled)."""
        held = self.held
        return held.text() if isinstance(held, Spilled) else self.article.text

    @property
    def joined(self) -> str | None:
        """The lines joined by newlines (read back when spilled), or None when not held."""
        held = self.held
        return held.lines() if isinstance(held, Spilled) else held

    @property
    def holds_lines(self) -> bool:
        """Whether this document's lines are held in memory."""
        return isinstance(self.held, str)

    @property
    def lines(self) -> tuple[str, ...]:
        """The tokens of each sentence joined by single spaces ("" for a sentence without):
        split from those held, or made again from the text (on every access: take them once).

        >>> doc = prepare(Article(id="a", text="One two. Three."))
        >>> doc.lines == doc.without_lines().lines == ("one two", "three")
        True
        """
        joined = self.joined
        if joined is None:
            return tuple(token_lines(self.text, self.sentences.spans()))
        return tuple(joined.split("\n")) if len(self.sentences) else ()

    @property
    def tokens(self) -> tuple[tuple[str, ...], ...]:
        """The tokens of each sentence (made anew on every access: take them once)."""
        return tuple(tuple(line.split(" ")) if line else () for line in self.lines)

    def lines_at(self, indices: Sequence[int]) -> list[str]:
        """The token lines of sentences ``indices`` (only those made, when none are held).

        >>> prepare(Article(id="a", text="One two. Three.")).without_lines().lines_at([1])
        ['three']
        """
        joined = self.joined
        if joined is None:
            spans = [self.sentences.span(index) for index in indices]
            return token_lines(self.text, spans)
        lines = joined.split("\n")
        return [lines[index] for index in indices]

    def lines_size_bound(self) -> int:
        """At least as many bytes as the token lines take in UTF-8 (without making them when
        they are held or spilled)."""
        held = self.held
        if isinstance(held, Spilled):
            return held.lines_size
        if held is None:  # lines made from the text: count them
            return sum(len(line.encode()) for line in self.lines)
        return len(held) if held.isascii() else 4 * len(held)

    def without_lines(self) -> Document:
        """This document without its token lines, which take about as much memory as its text
        (built directly: ``dataclasses.replace`` takes three times as long, a million times
        over); a spilled document holds nothing in memory and stays as it is.

        >>> prepare(Article(id="a", text="One two three.")).without_lines().joined is None
        True
        """
        if isinstance(self.held, Spilled):
            return self
        return Document(self.article, self.sentences, None, self.quotes)

    def token_count(self, index: int) -> int:
        """Number of tokens of sentence ``index``."""
        return line_length(self.lines_at([index])[0])

    def quoted(self, start: int, end: int) -> bool:
        """Return whether most of ``text[start:end]`` lies inside quotation marks."""
        return 2 * _covered(self.quotes, start, end) >= end - start > 0

    def part_span(self, index: int, first: int, end: int) -> tuple[int, int]:
        """Character span of tokens ``first .. end-1`` of sentence ``index`` (the whole sentence
        when they reach its edges, or when its tokens cannot be placed in the text).

        >>> doc = prepare(Article(id="a", text="Hello. The bridge shut and ferries ran."))
        >>> start, end = doc.part_span(1, 4, 6)
        >>> doc.article.text[start:end]
        'ferries ran.'
        """
        begin, finish = self.sentences.span(index)
        spans = token_spans(self.text[begin:finish])
        if spans is None:
            return begin, finish
        start = spans[first][0] if first > 0 else 0
        stop = spans[end - 1][1] if end < len(spans) else finish - begin
        return begin + start, begin + stop


def line_length(line: str) -> int:
    """Number of tokens in a sentence's line of space-joined tokens.

    >>> line_length("the bridge shut"), line_length("")
    (3, 0)
    """
    return line.count(" ") + 1 if line else 0


def prepare(article: Article) -> Document:
    """Split ``article`` into sentences and tokens.

    >>> doc = prepare(Article(id="a", text='He said: "We will rebuild it." Then he left.'))
    >>> [doc.article.text[s.start:s.end] for s in doc.sentences]
    ['He said: "We will rebuild it."', 'Then he left.']
    >>> doc.tokens[1]
    ('then', 'he', 'left')
    >>> doc.lines[1]
    'then he left'
    """
    return unpack(article, prepare_packed(article))


def prepare_packed(article: Article) -> Packed:
    """``prepare``, in the form a worker sends it back (``Packed``): with the token count and
    key of each sentence's line, computed while the lines are at hand.

    >>> flat, joined, quotes, counts, keys = prepare_packed(Article(id="a", text="One two."))
    >>> joined, counts.tolist(), len(keys)
    ('one two', [2], 1)
    """
    text = article.text
    found = sentence_spans(text, article.body_start)
    lines = token_lines(text, found)
    quotes = tuple(quoted_spans(text, article.body_start))
    flat = Sentences.of_spans(found).flat
    return flat, "\n".join(lines), quotes, line_lengths(lines), line_keys(lines)


class Sentences(Sequence[Sentence]):
    """A document's sentences, kept as ``start, end, paragraph`` numbers in one flat array
    (12 bytes a sentence, not an object of about 150): each ``Sentence`` is made on access.

    >>> sentences = Sentences.of([Sentence(0, 0, 4, 0), Sentence(1, 5, 9, 1)])
    >>> len(sentences), sentences[-1]
    (2, Sentence(index=1, start=5, end=9, paragraph=1))
    """

    __slots__ = ("flat",)

    def __init__(self, flat: array[int]) -> None:
        self.flat = flat
        """``start, end, paragraph`` of each sentence in turn."""

    @classmethod
    def of(cls, sentences: Iterable[Sentence]) -> Sentences:
        """The sentences ``sentences`` (numbered in order: their own ``index`` is not kept)."""
        return cls.of_spans([(s.start, s.end, s.paragraph) for s in sentences])

    @classmethod
    def of_spans(cls, spans: Sequence[tuple[int, int, int]]) -> Sentences:
        """The sentences whose ``(start, end, paragraph)`` are ``spans``.

        >>> Sentences.of_spans([(0, 4, 0), (5, 9, 1)])[1]
        Sentence(index=1, start=5, end=9, paragraph=1)
        """
        numbers = list(itertools.chain.from_iterable(spans))
        return cls(array("i" if max(numbers, default=0) < 1 << 31 else "q", numbers))

    def __len__(self) -> int:
        return len(self.flat) // 3

    def span(self, first: int, last: int | None = None) -> tuple[int, int]:
        """Characters from the start of sentence ``first`` to the end of sentence ``last``
        (``first`` itself by default), without making ``Sentence`` objects.

        >>> Sentences.of([Sentence(0, 0, 4, 0), Sentence(1, 5, 9, 1)]).span(0, 1)
        (0, 9)
        """
        last = first if last is None else last
        if not (0 <= first < len(self) and 0 <= last < len(self)):
            raise IndexError("sentence index out of range")
        return self.flat[3 * first], self.flat[3 * last + 1]

    def spans(self) -> Iterator[tuple[int, int]]:
        """The ``(start, end)`` of each sentence.

        >>> list(Sentences.of([Sentence(0, 0, 4, 0), Sentence(1, 5, 9, 1)]).spans())
        [(0, 4), (5, 9)]
        """
        flat = self.flat
        return zip(flat[0::3], flat[1::3], strict=True)

    def characters(self) -> int:
        """Characters in all the sentences (the spaces between them not counted).

        >>> Sentences.of([Sentence(0, 0, 4, 0), Sentence(1, 5, 9, 1)]).characters()
        8
        """
        return sum(self.flat[1::3]) - sum(self.flat[0::3])

    @overload
    def __getitem__(self, index: int) -> Sentence: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Sentence, ...]: ...

    def __getitem__(self, index: int | slice) -> Sentence | tuple[Sentence, ...]:
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(len(self))))
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("sentence index out of range")
        flat = self.flat
        return Sentence(index, flat[3 * index], flat[3 * index + 1], flat[3 * index + 2])

    def __iter__(self) -> Iterator[Sentence]:
        flat = self.flat
        for index in range(len(self)):
            yield Sentence(index, flat[3 * index], flat[3 * index + 1], flat[3 * index + 2])

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sentences) and self.flat == other.flat

    def __hash__(self) -> int:
        return hash(tuple(self.flat))

    def __repr__(self) -> str:
        return f"Sentences({list(self)!r})"


Packed = tuple["array[int]", str, tuple[tuple[int, int], ...], "array[int]", "array[int]"]
"""A document as a worker sends it back (``prepare_packed``): its sentences' flat numbers
(``Sentences.flat``), its joined token lines (``Document.joined``), the quoted spans, and what
the candidate search needs of the lines, computed where they were just made: each one's token
count (``line_lengths``) and key (``line_keys``). The article stays with the caller."""


def line_lengths(lines: Iterable[str]) -> array[int]:
    """``line_length`` of each line.

    >>> line_lengths(["the bridge shut", "", "ok"]).tolist()
    [3, 0, 1]
    """
    return array("i", [line.count(" ") + 1 if line else 0 for line in lines])


def line_keys(lines: Iterable[str]) -> array[int]:
    """Each line's ``hash``: equal lines have equal keys in this process and in the workers
    it forks (which share its hash secret), unequal lines about once in 2**64 pairs.

    >>> keys = line_keys(["the bridge shut", "ok", "the bridge shut"])
    >>> len(keys), keys[0] == keys[2], keys[0] == keys[1]
    (3, True, False)
    """
    return array("q", map(hash, lines))


SpilledPacked = tuple["array[int]", tuple[tuple[int, int], ...], int, int, int]
"""A document as ``prepare_spilled`` hands it back: ``Packed`` without its lines, which went
to the spill with the text, nor their counts and keys, which come for all the articles at
once: the sentences' flat numbers, the quoted spans, then where the text starts in the spill,
its size and the lines' size."""


def prepare_spilled(
    articles: Sequence[Article], spill: Spill
) -> tuple[list[SpilledPacked], array[int], array[int]]:
    """``prepare_packed`` of each of ``articles``, their texts and lines written to ``spill``
    in one block (a worker that read the articles sends back none of their text), and the
    token counts and keys of all their lines, one article after another.

    >>> with Spill() as spill:
    ...     article = Article(id="a", text="One two. Three.")
    ...     [packed], counts, keys = prepare_spilled([article], spill)
    ...     unpack_spilled(Article(id="a", text=""), packed, spill).lines, counts.tolist()
    (('one two', 'three'), [2, 1])
    """
    prepared = [prepare_packed(article) for article in articles]
    blocks: list[bytes] = []
    counts, keys = array("i"), array("q")
    for article, (_, joined, _, line_counts, line_keys) in zip(articles, prepared, strict=True):
        blocks += (encode(article.text), encode(joined))
        counts.extend(line_counts)
        keys.extend(line_keys)
    at = spill.append(b"".join(blocks)) if blocks else 0
    found: list[SpilledPacked] = []
    for (flat, _, quotes, _, _), text, lines in zip(
        prepared, blocks[0::2], blocks[1::2], strict=True
    ):
        found.append((flat, quotes, at, len(text), len(lines)))
        at += len(text) + len(lines)
    return found, counts, keys


def unpack_spilled(article: Article, packed: SpilledPacked, spill: Spill) -> Document:
    """The document of ``article`` (held without its text) from ``prepare_spilled``."""
    flat, quotes, start, size, lines_size = packed
    return Document(article, Sentences(flat), Spilled(spill, start, size, lines_size), quotes)


@dataclass(slots=True)
class Prepared:
    """Articles read and prepared in one pass (``corpus.load_prepared``), handed over to
    ``scan.scan_prepared``, which empties it (``take``): their documents (texts and lines in a
    spill), the token counts and keys of the lines of all of them, and where each document's
    lines start there, and the inputs that were skipped. Arrays, not an array per document:
    two million small arrays, held through the scan, took the main process 0.5 GB more."""

    documents: list[Document]
    counts: npt.NDArray[np.int32]
    keys: npt.NDArray[np.int64]
    first_line: npt.NDArray[np.int64]
    """Where each document's lines start in ``counts`` and ``keys``."""
    skipped: tuple[Skipped, ...]

    def take(
        self, order: Sequence[int]
    ) -> tuple[list[Document], npt.NDArray[np.int32], npt.NDArray[np.int64]]:
        """The documents numbered ``order``, in that order, and their lines' counts and keys,
        one document after another; this holds none of them afterwards.

        >>> no = np.zeros(0, np.int64)
        >>> [len(part) for part in Prepared([], no.astype(np.int32), no, no, ()).take([])]
        [0, 0, 0]
        """
        documents = [self.documents[number] for number in order]
        sizes = np.fromiter((len(d.sentences) for d in documents), np.int64, len(documents))
        at = _ragged.ranges(self.first_line[np.asarray(order, dtype=np.int64)], sizes)
        counts, keys = self.counts[at], self.keys[at]
        self.documents, self.counts, self.keys = [], self.counts[:0], self.keys[:0]
        self.first_line = self.first_line[:0]
        return documents, counts, keys


def unpack(article: Article, packed: Packed, spill: Spill | None = None) -> Document:
    """The document of ``article`` from ``prepare_packed``; with ``spill``, its text and lines
    set aside there and its article kept without its text."""
    flat, joined, quotes, _, _ = packed
    if spill is None:
        return Document(article, Sentences(flat), joined, quotes)
    spilled = spill.put(article.text, joined)
    return Document(_without_text(article), Sentences(flat), spilled, quotes)


def _without_text(article: Article) -> Article:
    """``article`` with an empty text (built directly: 3 us against 6 for
    ``dataclasses.replace``, a million times over)."""
    return Article(
        id=article.id,
        text="",
        date=article.date,
        outlet=article.outlet,
        title=article.title,
        url=article.url,
        encoding=article.encoding,
        body_start=article.body_start,
    )


def order_key(article: Article) -> tuple[int, str, str]:
    """Sort key putting likely sources first: dated articles by date, then undated; ties by id."""
    if article.date is None:
        return (1, "", article.id)
    return (0, article.date, article.id)


def is_earlier(first: str | None, second: str | None) -> bool:
    """Return whether date ``first`` is strictly before ``second``, at the precision both carry.

    >>> is_earlier("2026-03-01", "2026-03-02T09:00:00")
    True
    >>> is_earlier("2026-03-02", "2026-03-02T09:00:00")
    False
    >>> is_earlier(None, "2026-03-02")
    False
    """
    if first is None or second is None:
        return False
    if len(first) != len(second):
        first, second = first[:10], second[:10]
    return first < second


def _covered(spans: Sequence[tuple[int, int]], start: int, end: int) -> int:
    """Number of characters of ``[start, end)`` inside the sorted, disjoint ``spans``."""
    total = 0
    index = max(bisect.bisect_right(spans, (start, start)) - 1, 0)
    while index < len(spans) and spans[index][0] < end:
        low, high = spans[index]
        total += max(0, min(high, end) - max(low, start))
        index += 1
    return total
