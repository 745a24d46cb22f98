"""Articles made ready for comparison: sentences, their tokens, quoted regions, and date order."""

from __future__ import annotations

import bisect
import itertools
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import overload

from dedup.article import Article, Sentence
from dedup.text import quoted_spans, sentence_spans, token_lines, token_spans


@dataclass(frozen=True, slots=True)
class Document:
    """An article split into sentences, with each sentence's comparison tokens.

    The tokens of a sentence are kept as one string, joined by single spaces (tokens hold no
    whitespace): about half the memory of a tuple of words, nothing to rebuild when a worker
    sends a document, and a hashable key for identical sentences.
    """

    article: Article
    sentences: Sentences
    lines: tuple[str, ...]
    """The tokens of each sentence joined by single spaces ("" for a sentence without)."""
    quotes: tuple[tuple[int, int], ...]

    @property
    def tokens(self) -> tuple[tuple[str, ...], ...]:
        """The tokens of each sentence (split anew on every access: take them once)."""
        return tuple(tuple(line.split(" ")) if line else () for line in self.lines)

    def without_lines(self) -> Document:
        """This document without its token lines, which take most of its memory (built
        directly: ``dataclasses.replace`` takes three times as long, a million times over).

        >>> prepare(Article(id="a", text="One two three.")).without_lines().lines
        ()
        """
        return Document(self.article, self.sentences, (), self.quotes)

    def token_count(self, index: int) -> int:
        """Number of tokens of sentence ``index``."""
        return line_length(self.lines[index])

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
        spans = token_spans(self.article.text[begin:finish])
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
    text = article.text
    found = sentence_spans(text, article.body_start)
    lines = tuple(token_lines(text, found))
    quotes = tuple(quoted_spans(text, article.body_start))
    return Document(article, Sentences.of_spans(found), lines, quotes)


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


Packed = tuple["array[int]", str, tuple[tuple[int, int], ...], "array[int]"]
"""A document as a worker sends it back: its sentences' flat numbers (``Sentences.flat``), the
sentences' lines joined by newlines (tokens hold none), the quoted spans, and each sentence's
token count (``line_lengths``: counted where the lines were just made, not by the receiver).
The article itself stays with the caller."""


def pack(document: Document) -> Packed:
    """``document`` in the form cheapest to send to another process (about 6x less work to
    pickle and load than the objects, half the bytes)."""
    lines = document.lines
    return document.sentences.flat, "\n".join(lines), document.quotes, line_lengths(lines)


def line_lengths(lines: Iterable[str]) -> array[int]:
    """``line_length`` of each line.

    >>> line_lengths(["the bridge shut", "", "ok"]).tolist()
    [3, 0, 1]
    """
    return array("i", [line.count(" ") + 1 if line else 0 for line in lines])


def unpack(article: Article, packed: Packed) -> Document:
    """The document of ``article`` from ``pack``.

    >>> doc = prepare(Article(id="a", text="One two three. Four five."))
    >>> unpack(doc.article, pack(doc)) == doc
    True
    """
    flat, joined, quotes, _ = packed
    lines = tuple(joined.split("\n")) if flat else ()  # "": no sentence, or one empty
    return Document(article, Sentences(flat), lines, quotes)


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
