"""Detection quality on the example corpus, against its hand-written answer key
(src/dedup/examples/EXPECTED.md): a regression here means a quality drop, not a format change.
The full evaluation on real corpora is ``python -m benchmarks.quality`` (benchmarks/README.md).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from dedup import Report, load_articles, scan


@pytest.fixture(scope="module")
def report(examples: Path) -> Report:
    return scan(load_articles(examples))


def _copied(report: Report, doc: str) -> Counter[tuple[str, str | None, bool]]:
    """(source document, source, quoted) of every sentence pair where ``doc`` is side a."""
    return Counter(
        (m.b.doc, m.source, p.quoted) for m in report.matches_of(doc) for p in m.sentences
    )


def test_the_repost_copies_all_eighteen_wire_sentences(report: Report) -> None:
    wire = "wire/original.md"
    assert _copied(report, "bayside-herald/repost.md") == {
        (wire, wire, False): 13,
        (wire, wire, True): 5,
    }


def test_the_trimmed_copy_has_nine_sentences_from_the_wire(report: Report) -> None:
    wire = "wire/original.md"
    assert _copied(report, "the-ledger/trimmed.txt") == {
        (wire, wire, False): 6,
        (wire, wire, True): 3,
    }
    similarities = [
        p.similarity for m in report.matches_of("the-ledger/trimmed.txt") for p in m.sentences
    ]
    assert min(similarities) < 1.0  # the light edits are found, not only verbatim text


def test_the_undated_blog_shares_three_prose_sentences_without_direction(report: Report) -> None:
    assert _copied(report, "community/undated.txt") == {("wire/original.md", None, False): 3}


def test_the_independent_report_shares_only_the_speech_quotation(report: Report) -> None:
    pairs = [
        pair
        for m in report.matches
        if {m.a.doc, m.b.doc} == {"wire/original.md", "north-post/speech.md"}
        for pair in m.sentences
    ]
    assert len(pairs) == 3
    assert all(pair.quoted for pair in pairs)
    assert all(
        m.source is None for m in report.matches if "north-post/speech.md" in (m.a.doc, m.b.doc)
    )


def test_the_unrelated_article_shares_nothing(report: Report) -> None:
    assert report.document("sports/unrelated.md").shared_chars == 0


def test_no_boilerplate_in_a_corpus_without_repeated_furniture(report: Report) -> None:
    assert report.boilerplate == {}
