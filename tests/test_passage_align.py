"""Tests of dedup.passage_align: sentence pairs grown into passages over the token streams."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from dedup import Article, scan
from dedup.align import SentencePair, align_sentences
from dedup.parts import align_parts, align_source_parts
from dedup.passage_align import (
    Block,
    Cover,
    Passage,
    align_passages,
    best_stretch,
    matched_runs,
)

STORY = [
    "The Marlow county council voted on Tuesday to close the Eastgate library for repairs.",
    "Engineers found cracked beams in the reading room roof during a routine survey.",
    "Council leader Priya Nandan said the repairs would cost about two million pounds.",
    "Books will be moved to a temporary site in the old fire station on Dock Street.",
    "The library lent more than ninety thousand books last year, according to the council.",
]
OTHER = [
    "Tickets for the summer regatta go on sale at the harbour office next week.",
    "The bakery in Hollin Vale opened its doors and the owner said the oven was new.",
]
OWN = [
    "Our reporter spent a morning at the market hall talking to stallholders about rents.",
    "Readers can send their questions to the newsdesk by email or through the website.",
]


def _tokens(sentences: list[str]) -> list[list[str]]:
    return [s.lower().replace(",", "").replace(".", "").split() for s in sentences]


def _passages(source: list[list[str]], target: list[list[str]]) -> list[Passage]:
    knobs = {"min_similarity": 0.7, "min_tokens": 5}
    seeds = align_sentences(source, target, min_similarity=0.7, min_tokens=5)
    seeds = align_parts(source, target, seeds, min_similarity=0.7, min_tokens=5)
    seeds = align_source_parts(source, target, seeds, min_similarity=0.7, min_tokens=5)
    return align_passages(source, target, seeds, **knobs, reach=40, margin=40)


def _rewrap(sentences: list[str], width: int) -> list[list[str]]:
    """The sentences' tokens broken into units of ``width`` tokens, as a page re-wrapped."""
    flat = [t for s in _tokens(sentences) for t in s]
    return [flat[i : i + width] for i in range(0, len(flat), width)]


def test_a_page_wrapped_differently_is_one_passage_with_exact_edges() -> None:
    source = _tokens([OTHER[0], *STORY, OTHER[1]])
    target = [*_tokens([OWN[0]]), *_rewrap(STORY, 7), *_tokens([OWN[1]])]
    (passage,) = _passages(source, target)
    story_tokens = sum(len(s) for s in _tokens(STORY))
    first = len(source[0])
    assert passage.source == (first, first + story_tokens)
    start = len(target[0])
    assert passage.target == (start, start + story_tokens)


def test_seeds_far_apart_make_separate_passages() -> None:
    source = _tokens([*STORY, *OTHER])
    target = _tokens([STORY[0], OTHER[1], OTHER[0], STORY[4]])
    seeds = [SentencePair(0, 0, 1.0), SentencePair(3, 4, 1.0)]
    found = align_passages(
        source, target, seeds, min_similarity=0.7, min_tokens=5, reach=5, margin=5
    )
    assert [[(p.target, p.source) for p in f.pairs] for f in found] == [[(0, 0)], [(3, 4)]]


def test_seeds_in_another_order_inside_a_region_are_one_passage() -> None:
    source = _tokens(STORY)
    target = _tokens([STORY[0], STORY[2], STORY[1], STORY[3]])
    (passage,) = _passages(source, target)
    assert [(p.target, p.source) for p in passage.pairs] == [(0, 0), (1, 2), (2, 1), (3, 3)]


def test_a_passage_does_not_grow_through_paraphrase() -> None:
    source = _tokens([STORY[0], "Books will be moved to a temporary site in the old fire station."])
    target = _tokens([STORY[0], "Their books are going to a stopgap home in the former fire hall."])
    (passage,) = _passages(source, target)
    assert [(p.target, p.source) for p in passage.pairs] == [(0, 0)]


def test_the_report_gives_one_match_with_exact_offsets() -> None:
    glued = STORY[1].rstrip(".") + "\n" + STORY[2][0].lower() + STORY[2][1:]
    page = f"{OWN[0]}\n{STORY[0]}\n{glued} {STORY[3]}\n{STORY[4]}\n{OWN[1]}"
    wire = f"{OTHER[0]} {' '.join(STORY)} {OTHER[1]}"
    report = scan([Article(id="wire", text=wire, date="2026-03-02"), Article(id="page", text=page)])
    (match,) = report.matches
    assert (match.a.doc, match.b.doc) == ("page", "wire")
    assert match.b.text == " ".join(STORY)
    assert match.a.text == page[len(OWN[0]) + 1 : -len(OWN[1]) - 1]


# --- the building blocks against slow, obvious references -------------------------------------

WORDS = st.lists(st.sampled_from("abcde"), max_size=14)


def _lcs_length(a: list[str], b: list[str]) -> int:
    table = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i, j in itertools.product(range(len(a)), range(len(b))):
        table[i + 1][j + 1] = (
            table[i][j] + 1 if a[i] == b[j] else max(table[i][j + 1], table[i + 1][j])
        )
    return table[-1][-1]


@given(WORDS, WORDS)
def test_matched_runs_are_a_longest_common_subsequence(
    source: list[str], target: list[str]
) -> None:
    blocks = matched_runs(source, target, (0, len(target)), (0, len(source)))
    assert sum(length for _, _, length in blocks) == _lcs_length(source, target)
    for t, s, length in blocks:
        assert target[t : t + length] == source[s : s + length]
    for (t0, s0, n0), (t1, s1, _) in itertools.pairwise(blocks):
        assert t0 + n0 <= t1
        assert s0 + n0 <= s1


def _score(blocks: list[Block], gap_cost: float) -> float:
    gaps = sum(b[0] - a[0] - a[2] + b[1] - a[1] - a[2] for a, b in itertools.pairwise(blocks))
    return sum(b[2] for b in blocks) - gap_cost * gaps


@st.composite
def ordered_blocks(draw: st.DrawFn) -> list[Block]:
    blocks, t, s = [], 0, 0
    for _ in range(draw(st.integers(0, 8))):
        t += draw(st.integers(0, 6))
        s += draw(st.integers(0, 6))
        length = draw(st.integers(1, 5))
        blocks.append((t, s, length))
        t, s = t + length, s + length
    return blocks


@given(ordered_blocks(), st.sampled_from([0.25, 0.5, 1.0]))
def test_best_stretch_has_the_best_score_of_all_stretches(
    blocks: list[Block], gap_cost: float
) -> None:
    best = best_stretch(blocks, gap_cost=gap_cost)
    stretches = [blocks[i:j] for i in range(len(blocks)) for j in range(i + 1, len(blocks) + 1)]
    top = max((_score(s, gap_cost) for s in stretches), default=0.0)
    assert _score(best, gap_cost) == top
    assert not best or any(best == s for s in stretches)


RANGES = st.lists(st.tuples(st.integers(0, 40), st.integers(0, 12)).map(lambda r: (r[0], sum(r))))


def _pieces_outside(block: Block, ranges: list[tuple[int, int]]) -> list[Block]:
    """The block's target positions outside every range, one at a time, as maximal runs."""
    t, s, length = block
    free = [p for p in range(t, t + length) if not any(a <= p < b for a, b in ranges)]
    pieces: list[Block] = []
    for p in free:
        if pieces and pieces[-1][0] + pieces[-1][2] == p:
            pieces[-1] = (pieces[-1][0], pieces[-1][1], pieces[-1][2] + 1)
        else:
            pieces.append((p, s + p - t, 1))
    return pieces


@given(RANGES, st.integers(0, 50), st.integers(1, 15), RANGES)
def test_a_cover_cuts_blocks_like_the_union_of_its_ranges(
    ranges: list[tuple[int, int]], t: int, length: int, added: list[tuple[int, int]]
) -> None:
    cover = Cover(ranges)
    everything = list(ranges)
    for start, end in added:  # add what the union does not hold yet, piece by piece
        for piece, _, size in cover.outside((start, 0, end - start)):
            cover.add((piece, piece + size))
            everything.append((piece, piece + size))
    block = (t, 100 + t, length)
    assert cover.outside(block) == _pieces_outside(block, everything)
    covered = {p for a, b in everything for p in range(a, b)}
    assert cover.holds((t, t + length)) == (set(range(t, t + length)) <= covered)
    assert all(a < b for a, b in zip(cover.starts, cover.ends, strict=True))
    assert all(b < a for b, a in zip(cover.ends, cover.starts[1:], strict=False))
