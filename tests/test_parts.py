"""Tests of dedup.parts: target sentences that glue several source sentences, paired by part."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import LCSseq

from dedup import Article, scan
from dedup.align import Overlap, SentencePair, align_sentences
from dedup.parts import CONTAINMENT, Region, _containing, align_parts, align_source_parts

SOURCE = [
    "The Marlow county council voted on Tuesday to close the Eastgate library.",
    "Engineers found cracked beams in the reading room roof during a routine survey.",
    "Council leader Priya Nandan said the repairs would cost about two million pounds.",
    "Books will be moved to a temporary site in the old fire station on Dock Street.",
    "The library lent more than ninety thousand books last year, according to the council.",
]


def _tokens(sentences: list[str]) -> list[list[str]]:
    return [s.lower().replace(",", "").replace(".", "").split() for s in sentences]


def _parts(source: list[str], target: list[str]) -> list[tuple[int, int, tuple[int, int] | None]]:
    src, dst = _tokens(source), _tokens(target)
    whole = align_sentences(src, dst, min_similarity=0.7, min_tokens=5)
    found = align_parts(src, dst, whole, min_similarity=0.7, min_tokens=5)
    return [(p.target, p.source, p.target_part) for p in found]


def _glued(first: str, second: str) -> str:
    """Two sentences run together with no boundary a splitter can see."""
    return first.rstrip(".") + " " + second[0].lower() + second[1:]


def test_a_glued_sentence_is_paired_part_by_part_with_sentences_far_apart() -> None:
    target = [SOURCE[0], _glued(SOURCE[1], SOURCE[4])]
    assert _parts(SOURCE, target) == [(0, 0, None), (1, 1, (0, 13)), (1, 4, (13, 27))]


def test_a_paired_sentence_is_split_when_the_rest_holds_another_source_sentence() -> None:
    # the glued sentence is mostly SOURCE[4], so it pairs with it whole; its start is SOURCE[5]
    source = [*SOURCE, "Nobody was hurt in the survey."]
    target = [_glued(source[5], source[4])]
    whole = align_sentences(_tokens(source), _tokens(target), min_similarity=0.7, min_tokens=5)
    assert [(p.target, p.source, p.target_part) for p in whole] == [(0, 4, None)]
    assert _parts(source, target) == [(0, 5, (0, 6)), (0, 4, (6, 20))]


def test_no_part_without_a_contained_source_sentence() -> None:
    target = [
        SOURCE[0],
        "The bakery in Hollin Vale opened its doors and the owner said the roof was new",
    ]
    assert _parts(SOURCE, target) == [(0, 0, None)]


def test_short_and_used_source_sentences_make_no_part() -> None:
    source = ["Nobody was hurt.", SOURCE[1]]
    target = [SOURCE[1], _glued("Nobody was hurt.", SOURCE[1])]
    assert _parts(source, target) == [(0, 1, None)]


def test_parts_are_kept_apart_and_each_source_is_used_once() -> None:
    src = [["a", "b", "c", "d", "e"], ["a", "b", "c", "d", "e"]]
    dst = [["a", "b", "c", "d", "e", "x", "y", "z", "q", "r"]]
    found = align_parts(src, dst, [], min_similarity=0.7, min_tokens=5)
    assert found == [SentencePair(0, 0, 1.0, target_part=(0, 5))]


def test_scan_reports_each_part_with_exact_offsets() -> None:
    summary = " ".join([SOURCE[0], _glued(SOURCE[1], SOURCE[4])])
    report = scan(
        [
            Article(id="article", text=" ".join(SOURCE), date="2026-01-10"),
            Article(id="summary", text=summary, date="2026-01-11"),
        ]
    )
    pairs = [p for m in report.matches for p in m.sentences]
    assert [(p.a.text, p.b.text) for p in pairs] == [
        (SOURCE[0], SOURCE[0]),
        (SOURCE[1].rstrip("."), SOURCE[1]),
        ("t" + SOURCE[4][1:], SOURCE[4]),
    ]
    for p in pairs:
        assert summary[p.a.start : p.a.end] == p.a.text
    assert report.document("summary").copied_chars == len(summary) - 2


def test_a_source_sentence_that_glues_two_target_sentences_is_paired_by_its_parts() -> None:
    source = [SOURCE[0], _glued(SOURCE[1], SOURCE[4])]
    target = [SOURCE[1], "Nobody was hurt in the survey, the council said.", SOURCE[4]]
    src, dst = _tokens(source), _tokens(target)
    found = align_source_parts(src, dst, [], min_similarity=0.7, min_tokens=5)
    assert [(p.target, p.source, p.source_part) for p in found] == [
        (0, 1, (0, 13)),
        (2, 1, (13, 27)),
    ]


# --- the containment prefilter against a slow reference -----------------------------------------

SETTINGS = settings(derandomize=True, database=None, deadline=None, max_examples=100)
WORDS = st.lists(st.sampled_from(["a", "b", "c", "d", "e"]), max_size=9)


def _containing_reference(
    source: list[list[str]], target: list[list[str]], regions: list[Region], min_tokens: int
) -> list[tuple[Region, int]]:
    """Every (region, source sentence) whose LCS holds CONTAINMENT of the sentence, one at a
    time."""
    found = []
    for t, start, end in regions:
        for s, sentence in enumerate(source):
            common = LCSseq.similarity(target[t][start:end], sentence)
            if common >= CONTAINMENT * len(sentence) and common >= min_tokens:
                found.append(((t, start, end), s))
    return found


@st.composite
def _regions(draw: st.DrawFn) -> tuple[list[list[str]], list[list[str]], list[Region]]:
    source = draw(st.lists(WORDS, max_size=5))
    target = draw(st.lists(WORDS, min_size=1, max_size=5))
    regions = []
    for t, sentence in enumerate(target):
        start = draw(st.integers(0, len(sentence)))
        regions.append((t, start, draw(st.integers(start, len(sentence)))))
    return source, target, regions


@SETTINGS
@given(_regions(), st.integers(min_value=1, max_value=4))
def test_containing_finds_exactly_the_regions_that_hold_a_source_sentence(
    drawn: tuple[list[list[str]], list[list[str]], list[Region]], min_tokens: int
) -> None:
    source, target, regions = drawn
    shared = Overlap.of(source, target).shared
    found = _containing(source, list(range(len(source))), target, regions, min_tokens, shared)
    assert found == _containing_reference(source, target, regions, min_tokens)
