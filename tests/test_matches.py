"""Tests of dedup.matches.summarize: each article's totals against a plain reading of the
report fields' definitions, over the matches of scans of small invented corpora."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dedup import Article, Config, scan
from dedup.matches import summarize
from dedup.prepare import order_key, prepare
from dedup.report import Match

SETTINGS = settings(derandomize=True, database=None, deadline=None, max_examples=40)

SENTENCES = [
    "The ferry to Inchmore will not sail on Sunday because of the storm warning.",
    "Harbour master Eilidh Rowan said the crossing would resume on Monday morning.",
    "Islanders were told to collect medicines from the pharmacy before noon on Saturday.",
    "The school on the island will stay open for the children who live there.",
    "A relief boat carrying fuel and food is waiting at the mainland pier.",
    "Wind speeds of ninety miles an hour were recorded on the northern cliffs.",
    "Residents remember the winter of 1998, when the island was cut off for nine days.",
]
dates = st.sampled_from([None, "2026-02-01", "2026-02-02", "2026-02-03"])
article = st.tuples(st.lists(st.integers(0, len(SENTENCES) - 1), min_size=1, max_size=5), dates)


def union_length(spans: list[tuple[int, int]]) -> int:
    covered: set[int] = set()
    for start, end in spans:
        covered.update(range(start, end))
    return len(covered)


def expected(doc: str, matches: tuple[Match, ...]) -> dict[str, object]:
    mine = [m for m in matches if doc in (m.a.doc, m.b.doc) and not m.boilerplate]
    copied = [
        (p.a.start, p.a.end) for m in mine if m.a.doc == doc and m.source for p in m.sentences
    ]
    shared = [
        (p.a.start, p.a.end) if m.a.doc == doc else (p.b.start, p.b.end)
        for m in mine
        for p in m.sentences
    ]
    return {
        "copied_chars": union_length(copied),
        "shared_chars": union_length(shared),
        "copied_weight": sum(
            (p.a.end - p.a.start) * p.similarity
            for m in mine
            if m.a.doc == doc and m.source
            for p in m.sentences
        ),
        "sources": tuple(sorted({m.b.doc for m in mine if m.a.doc == doc and m.source})),
        "copied_by": tuple(sorted({m.a.doc for m in mine if m.b.doc == doc and m.source})),
        "shared_with": tuple(
            sorted({m.b.doc if m.a.doc == doc else m.a.doc for m in mine if not m.source})
        ),
    }


@SETTINGS
@given(st.lists(article, min_size=2, max_size=5))
def test_each_article_totals_its_matches(chosen: list[tuple[list[int], str | None]]) -> None:
    articles = [
        Article(id=f"n{i}", text=" ".join(SENTENCES[s] for s in picked), date=day)
        for i, (picked, day) in enumerate(chosen)
    ]
    report = scan(articles)
    for totals in report.documents:
        found = {name: getattr(totals, name) for name in expected(totals.id, ())}
        assert found == expected(totals.id, report.matches)


def test_totals_are_the_same_whichever_matches_come_first() -> None:
    articles = [
        Article(id="wire", text=" ".join(SENTENCES[:4]), date="2026-02-01"),
        Article(id="copy", text=" ".join(SENTENCES[1:5]), date="2026-02-02"),
        Article(id="undated", text=" ".join(SENTENCES[2:6])),
    ]
    report = scan(articles)
    assert {m.source for m in report.matches} == {"wire", None}
    documents = [prepare(a) for a in sorted(articles, key=order_key)]
    again = summarize(
        documents, report.matches[::-1], skipped=(), config=Config(), version=report.version
    )
    assert again.documents == report.documents
