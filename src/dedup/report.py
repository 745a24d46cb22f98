"""The report: documents, matches (runs of copied sentences), skipped inputs; and its JSON form."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dedup.article import Skipped
from dedup.config import Config

if TYPE_CHECKING:
    from dedup.clusters import Cluster
    from dedup.network import Edge

SCHEMA_VERSION = 1
"""Bumped whenever a field of ``Report.to_dict()`` changes meaning (fields are only ever added)."""


_set = object.__setattr__  # sets a field of an immutable object


class Span:
    """``doc``'s text from ``start`` to ``end`` (character offsets into the decoded text).

    A span cut from a longer one (``within``) shares its text instead of copying it: a
    sentence pair's two spans read their text out of their match's, so a report at a million
    articles holds each copied passage's text once, not once more for its sentences.

    >>> passage = Span("wire", 100, 121, "harbour bridge closed")
    >>> sentence = passage.within(108, 114)
    >>> sentence.text, sentence.start, sentence.end
    ('bridge', 108, 114)
    >>> sentence == Span("wire", 108, 114, "bridge")
    True
    """

    __slots__ = ("_held", "_offset", "doc", "end", "start")

    doc: str
    start: int
    end: int
    _held: str  # the text of a span that covers this one
    _offset: int  # where ``_held`` starts in ``doc``'s text

    def __init__(self, doc: str, start: int, end: int, text: str) -> None:
        self._fill(doc, start, end, text, start)

    def _fill(self, doc: str, start: int, end: int, held: str, offset: int) -> None:
        # one call a field, no loop: twice as fast, and millions of spans are made at 10^6
        _set(self, "doc", doc)
        _set(self, "start", start)
        _set(self, "end", end)
        _set(self, "_held", held)
        _set(self, "_offset", offset)

    def _cut(self, start: int, end: int) -> Span:
        """The span ``start:end`` of the same document, sharing ``_held`` (bounds unchecked)."""
        inner = Span.__new__(Span)
        inner._fill(self.doc, start, end, self._held, self._offset)
        return inner

    @property
    def text(self) -> str:
        """The span's text."""
        held, offset = self._held, self._offset
        if offset == self.start and len(held) == self.end - self.start:
            return held
        return held[self.start - offset : self.end - offset]

    def within(self, start: int, end: int) -> Span:
        """The span ``start:end`` of the same document, which must lie inside this one."""
        if not self.start <= start <= end <= self.end:
            raise ValueError(f"{start}:{end} is not inside {self.start}:{self.end}")
        return self._cut(start, end)

    def reach(self, start: int, end: int) -> Span | None:
        """The span ``start:end`` of the same document sharing this span's text, where the span
        this one was cut from (``within``) covers it; else None.

        >>> passage = Span("wire", 100, 121, "harbour bridge closed")
        >>> passage.within(100, 107).reach(108, 121).text
        'bridge closed'
        >>> passage.within(100, 107).reach(90, 121) is None
        True
        """
        if not (self._offset <= start <= end <= self._offset + len(self._held)):
            return None
        return self._cut(start, end)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Span is immutable: cannot set {name}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"Span is immutable: cannot delete {name}")

    def _key(self) -> tuple[str, int, int, str]:
        return (self.doc, self.start, self.end, self.text)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Span) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"Span(doc={self.doc!r}, start={self.start!r}, end={self.end!r}, text={self.text!r})"

    def __reduce__(self) -> tuple[type[Span], tuple[str, int, int, str]]:
        return (Span, self._key())  # pickled with its own text only

    def to_dict(self) -> dict[str, Any]:
        """Return the span as a JSON-ready dict."""
        return {"doc": self.doc, "start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True, slots=True)
class CopiedSentence:
    """One sentence of ``a`` (or the part of it that is copied) and the text of ``b`` it
    matches: a sentence, several in a row, or the part of one that is copied."""

    a: Span
    b: Span
    similarity: float
    quoted: bool

    def to_dict(self) -> dict[str, Any]:
        """Return the sentence pair as a JSON-ready dict."""
        return {
            "a": [self.a.start, self.a.end],
            "b": [self.b.start, self.b.end],
            "similarity": round(self.similarity, 4),
            "quoted": self.quoted,
        }


@dataclass(frozen=True, slots=True)
class Match:
    """A passage of ``a`` found in ``b``, the best source of each of its sentences.

    ``source`` is ``b.doc`` when ``b`` is dated earlier than ``a``, else ``None``: the direction
    is unknown and the text is only "shared with" ``b``.
    """

    a: Span
    b: Span
    similarity: float
    source: str | None
    quoted: bool
    sentences: tuple[CopiedSentence, ...]
    boilerplate: bool = False

    def to_dict(self) -> dict[str, Any]:
        """Return the match as a JSON-ready dict (fields of the documented schema)."""
        return {
            "a": self.a.to_dict(),
            "b": self.b.to_dict(),
            "similarity": round(self.similarity, 4),
            "source": self.source,
            "quoted": self.quoted,
            "boilerplate": self.boilerplate,
            "pairs": [pair.to_dict() for pair in self.sentences],
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentReport:
    """What one article reused and shared."""

    id: str
    date: str | None
    outlet: str | None
    title: str | None
    url: str | None
    encoding: str
    chars: int
    sentences: int
    copied_chars: int
    shared_chars: int
    boilerplate_chars: int = 0
    copied_weight: float = 0.0
    sources: tuple[str, ...]
    shared_with: tuple[str, ...]
    copied_by: tuple[str, ...]

    @property
    def copied_share(self) -> float:
        """Share of the article's sentence characters copied from an earlier article."""
        return self.copied_chars / self.chars if self.chars else 0.0

    @property
    def copied_score(self) -> float:
        """Like ``copied_share``, each copied sentence weighted by its similarity: 1.0 for an
        article copied whole and verbatim, less the more the copy was edited."""
        return self.copied_weight / self.chars if self.chars else 0.0

    @property
    def shared_share(self) -> float:
        """Share of its sentence characters found in another article, either direction."""
        return self.shared_chars / self.chars if self.chars else 0.0

    def to_dict(self) -> dict[str, Any]:
        """Return the document's entry as a JSON-ready dict."""
        return {
            "id": self.id,
            "date": self.date,
            "outlet": self.outlet,
            "title": self.title,
            "url": self.url,
            "encoding": self.encoding,
            "chars": self.chars,
            "sentences": self.sentences,
            "copied_chars": self.copied_chars,
            "copied_share": round(self.copied_share, 4),
            "copied_score": round(self.copied_score, 4),
            "shared_chars": self.shared_chars,
            "shared_share": round(self.shared_share, 4),
            "boilerplate_chars": self.boilerplate_chars,
            "sources": list(self.sources),
            "shared_with": list(self.shared_with),
            "copied_by": list(self.copied_by),
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class Report:
    """The result of a scan: one entry per document, every match, every skipped input."""

    documents: tuple[DocumentReport, ...]
    matches: tuple[Match, ...]
    skipped: tuple[Skipped, ...]
    config: Config
    version: str
    clusters: tuple[Cluster, ...] = ()
    boilerplate: Mapping[str, str] = field(default_factory=dict)
    network: tuple[Edge, ...] = ()
    _by_id: dict[str, DocumentReport] | None = field(init=False, repr=False, compare=False)
    _by_a: dict[str, tuple[Match, ...]] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # indexes for document() and matches_of(), made on their first call (renderers call
        # them once per match); a scan makes four reports on its way, and at 10^6 articles
        # indexing each took 2-3 s
        object.__setattr__(self, "_by_id", None)
        object.__setattr__(self, "_by_a", None)

    def reuse_clusters(self) -> tuple[Cluster, ...]:
        """Clusters of reused passages, boilerplate left out unless ``keep_boilerplate``."""
        if self.config.keep_boilerplate:
            return self.clusters
        return tuple(c for c in self.clusters if c.id not in self.boilerplate)

    def boilerplate_clusters(self) -> tuple[Cluster, ...]:
        """Clusters found to be boilerplate (site furniture, corpus-wide repeats)."""
        return tuple(c for c in self.clusters if c.id in self.boilerplate)

    def document(self, doc_id: str) -> DocumentReport:
        """Return the entry of document ``doc_id`` (``KeyError`` if there is none)."""
        by_id = self._by_id
        if by_id is None:
            by_id = {d.id: d for d in self.documents}
            object.__setattr__(self, "_by_id", by_id)
        return by_id[doc_id]

    def matches_of(self, doc_id: str) -> tuple[Match, ...]:
        """Return the matches in which ``doc_id`` is side ``a`` (the later or unordered side)."""
        by_a = self._by_a
        if by_a is None:
            lists: dict[str, list[Match]] = {}
            for match in self.matches:
                lists.setdefault(match.a.doc, []).append(match)
            by_a = {doc: tuple(ms) for doc, ms in lists.items()}
            object.__setattr__(self, "_by_a", by_a)
        return by_a.get(doc_id, ())

    def summary(self) -> dict[str, int]:
        """Return corpus-level counts."""
        return {
            "documents": len(self.documents),
            "documents_with_reuse": sum(1 for d in self.documents if d.shared_chars),
            "matches": len(self.matches),
            "copied_sentences": sum(len(m.sentences) for m in self.matches),
            "quoted_matches": sum(1 for m in self.matches if m.quoted),
            "directed_matches": sum(1 for m in self.matches if m.source is not None),
            "boilerplate_matches": sum(1 for m in self.matches if m.boilerplate),
            "clusters": len(self.reuse_clusters()),
            "boilerplate_clusters": len(self.boilerplate),
            "skipped": len(self.skipped),
        }

    def to_dict(self) -> dict[str, Any]:
        """Return the whole report as a JSON-ready dict, every list in a fixed order."""
        return {
            "schema": SCHEMA_VERSION,
            "dedup_version": self.version,
            "config": self.config.to_dict(),
            "summary": self.summary(),
            "documents": [document.to_dict() for document in self.documents],
            "matches": [match.to_dict() for match in self.matches],
            "clusters": [cluster.to_dict() for cluster in self.reuse_clusters()],
            "boilerplate": [
                {**cluster.to_dict(), "reason": self.boilerplate[cluster.id]}
                for cluster in self.boilerplate_clusters()
            ],
            "network": [edge.to_dict() for edge in self.network],
            "skipped": [skipped_to_dict(item) for item in self.skipped],
        }


def skipped_to_dict(item: Skipped) -> dict[str, Any]:
    """Return a skipped input as a JSON-ready dict."""
    return {"path": item.path, "reason": item.reason, "detail": item.detail, "line": item.line}
