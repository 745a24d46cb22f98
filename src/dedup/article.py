"""Value types shared by every stage: articles, their sentences, and inputs that were skipped."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True, kw_only=True)
class Article:
    """One news article: its id, decoded text and optional metadata.

    ``date`` is an ISO 8601 string, either ``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM:SS`` (UTC when the
    input carried a time zone). ``encoding`` names the codec the text was decoded with.
    ``body_start`` is where the article body begins in ``text``, after any front matter or leading
    date token; offsets always count from the start of ``text``.

    >>> Article(id="a.txt", text="Hello.").date is None
    True
    """

    id: str
    text: str
    date: str | None = None
    outlet: str | None = None
    title: str | None = None
    url: str | None = None
    encoding: str = "utf-8"
    body_start: int = 0


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of an article: ``text[start:end]`` is the sentence, exactly as written."""

    index: int
    start: int
    end: int
    paragraph: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Skipped:
    """An input that was not scanned, or only partly, and why.

    ``reason`` is one of the short codes listed in ``SKIP_REASONS``.
    """

    path: str
    reason: str
    detail: str
    line: int | None = None


SKIP_REASONS = (
    "binary",
    "undecodable",
    "empty",
    "too-large",
    "truncated",
    "unreadable",
    "malformed",
    "duplicate-id",
)


@dataclass(frozen=True, slots=True)
class Corpus:
    """Articles read from disk, and the inputs that could not be read (with reasons)."""

    articles: tuple[Article, ...]
    skipped: tuple[Skipped, ...] = field(default=())

    def __iter__(self) -> Iterator[Article]:
        return iter(self.articles)

    def __len__(self) -> int:
        return len(self.articles)
