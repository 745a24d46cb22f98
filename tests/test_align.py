"""Tests of dedup.align: sentence similarity and one-to-one sentence alignment.

``similarity`` is checked against a slow reference (dynamic-programming LCS and a multiset Dice
coefficient), and against the hand-made pairs in ``tests/data/pairs.jsonl``.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from random import Random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dedup import align as align_module
from dedup.align import REORDER_WEIGHT, SentencePair, align_sentences, similarity
from dedup.config import Config
from dedup.parts import align_parts, align_source_parts
from dedup.text import tokenize

SETTINGS = settings(derandomize=True, database=None, deadline=None, max_examples=100)

WORDS = st.sampled_from(["the", "bridge", "closed", "on", "monday", "ferries", "run"])
TOKENS = st.lists(WORDS, max_size=10)
NON_EMPTY = st.lists(WORDS, min_size=1, max_size=10)


# --- slow, obvious reference ----------------------------------------------------------------------


def lcs_length(a: list[str], b: list[str]) -> int:
    table = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            table[i + 1][j + 1] = (
                table[i][j] + 1 if x == y else max(table[i][j + 1], table[i + 1][j])
            )
    return table[-1][-1]


def dice(a: list[str], b: list[str]) -> float:
    """Multiset Dice coefficient: shared words (with multiplicity) over the mean length."""
    return 2 * sum((Counter(a) & Counter(b)).values()) / (len(a) + len(b))


def words(text: str) -> list[str]:
    return text.split()


def reference_similarity(a: list[str], b: list[str]) -> float:
    if not a or not b:
        return 0.0
    return max(2 * lcs_length(a, b) / (len(a) + len(b)), REORDER_WEIGHT * dice(a, b))


# --- similarity -----------------------------------------------------------------------------------


@given(TOKENS, TOKENS)
@SETTINGS
def test_similarity_matches_slow_reference(a: list[str], b: list[str]) -> None:
    assert similarity(a, b) == pytest.approx(reference_similarity(a, b), abs=1e-12)


@given(TOKENS, TOKENS)
@SETTINGS
def test_similarity_is_symmetric_and_in_unit_interval(a: list[str], b: list[str]) -> None:
    score = similarity(a, b)
    assert isinstance(score, float)
    assert 0.0 <= score <= 1.0
    assert score == similarity(b, a)


@given(NON_EMPTY)
@SETTINGS
def test_similarity_of_equal_sequences_is_one(a: list[str]) -> None:
    assert similarity(a, list(a)) == 1.0
    assert similarity(tuple(a), a) == 1.0


@given(TOKENS)
@SETTINGS
def test_similarity_with_an_empty_side_is_zero(a: list[str]) -> None:
    assert similarity(a, []) == 0.0
    assert similarity([], a) == 0.0


@given(NON_EMPTY, NON_EMPTY)
@SETTINGS
def test_similarity_is_one_only_for_equal_sequences(a: list[str], b: list[str]) -> None:
    assert (similarity(a, b) == 1.0) == (a == b)


@given(NON_EMPTY, TOKENS, st.randoms(use_true_random=False))
@SETTINGS
def test_reordering_words_keeps_the_weighted_order_free_score(
    a: list[str], b: list[str], rnd: Random
) -> None:
    shuffled = list(a)
    rnd.shuffle(shuffled)
    # a reordered copy keeps at least REORDER_WEIGHT of a perfect score ...
    assert similarity(a, shuffled) >= REORDER_WEIGHT
    # ... and, against anything, at least REORDER_WEIGHT times the order-free Dice score
    if b:
        assert similarity(shuffled, b) >= REORDER_WEIGHT * dice(a, b) - 1e-12


def test_similarity_examples() -> None:
    rotated = similarity(words("a b c d e f"), words("d e f a b c"))
    assert rotated == pytest.approx(REORDER_WEIGHT)  # the order-free score wins
    one_changed = similarity(words("a b c d e f"), words("a b x d e f"))
    assert one_changed == pytest.approx(10 / 12)  # LCS of 5 out of 6 + 6 words
    assert similarity(["a"], ["b"]) == 0.0


# --- the hand-made fixture pairs ----------------------------------------------------------------

PAIRS_FILE = Path(__file__).parent / "data" / "pairs.jsonl"
PAIRS: list[dict[str, Any]] = [
    json.loads(line) for line in PAIRS_FILE.read_text(encoding="utf-8").splitlines() if line.strip()
]
THRESHOLD = Config().sentence_similarity
MUST_MATCH = {"verbatim", "case-punct", "light-edit", "reorder"}
HEAVY_EDIT_FLOOR = 7  # of the heavy-edit pairs, at least this many must reach the threshold


def fixture_score(pair: dict[str, Any]) -> float:
    return similarity(tokenize(pair["a"]), tokenize(pair["b"]))


def test_fixture_file_is_well_formed() -> None:
    assert len({p["id"] for p in PAIRS}) == len(PAIRS)
    for pair in PAIRS:
        assert set(pair) == {"id", "a", "b", "copy", "kind"}
        assert isinstance(pair["copy"], bool)
    kinds = Counter(p["kind"] for p in PAIRS)
    assert kinds["heavy-edit"] >= 10
    assert all(kinds[k] for k in MUST_MATCH)
    assert sum(not p["copy"] for p in PAIRS) >= 10


@pytest.mark.parametrize("pair", [p for p in PAIRS if not p["copy"]], ids=lambda p: str(p["id"]))
def test_fixture_non_copies_score_below_threshold(pair: dict[str, Any]) -> None:
    assert fixture_score(pair) < THRESHOLD


@pytest.mark.parametrize(
    "pair", [p for p in PAIRS if p["copy"] and p["kind"] in MUST_MATCH], ids=lambda p: str(p["id"])
)
def test_fixture_copies_score_at_or_above_threshold(pair: dict[str, Any]) -> None:
    assert fixture_score(pair) >= THRESHOLD


def test_fixture_heavy_edits_mostly_reach_threshold() -> None:
    heavy = [p for p in PAIRS if p["copy"] and p["kind"] == "heavy-edit"]
    scores = {p["id"]: round(fixture_score(p), 3) for p in heavy}
    reached = sum(score >= THRESHOLD for score in scores.values())
    assert reached >= HEAVY_EDIT_FLOOR, scores


# --- align_sentences ------------------------------------------------------------------------------

SENTENCE = st.lists(st.sampled_from(["a", "b", "c", "d", "e"]), max_size=7)
MIN_TOKENS = st.integers(min_value=1, max_value=5)
MIN_SIMILARITY = st.sampled_from([0.3, 0.5, 0.7, 0.9, 1.0])


@st.composite
def articles(draw: st.DrawFn) -> tuple[list[list[str]], list[list[str]]]:
    """A source article, and a target that copies, edits or invents each sentence."""
    source = draw(st.lists(SENTENCE, max_size=8))
    target: list[list[str]] = []
    for _ in range(draw(st.integers(0, 8))):
        how = draw(st.sampled_from(["copy", "edit", "new"]) if source else st.just("new"))
        if how == "new":
            target.append(draw(SENTENCE))
            continue
        sentence = list(draw(st.sampled_from(source)))
        if how == "edit" and sentence:
            sentence[draw(st.integers(0, len(sentence) - 1))] = draw(SENTENCE.map("x".join))
        target.append(sentence)
    return source, target


def align(
    source: list[list[str]], target: list[list[str]], min_similarity: float, min_tokens: int
) -> list[SentencePair]:
    return align_sentences(source, target, min_similarity=min_similarity, min_tokens=min_tokens)


@given(st.lists(SENTENCE, max_size=10), MIN_TOKENS, MIN_SIMILARITY)
@SETTINGS
def test_aligning_an_article_with_itself_matches_each_long_sentence_to_itself(
    sentences: list[list[str]], min_tokens: int, min_similarity: float
) -> None:
    pairs = align(sentences, sentences, min_similarity, min_tokens)
    assert all(p.target == p.source for p in pairs)
    assert all(p.similarity == 1.0 for p in pairs)
    matched = {p.target for p in pairs}
    assert {i for i, s in enumerate(sentences) if len(s) >= min_tokens} <= matched


def _reaches_long_pair(
    by_target: dict[int, SentencePair], t: int, target: list[list[str]], min_tokens: int
) -> bool:
    """Is ``t`` in a diagonal run of pairs (target and source both step by one) with a long one?"""
    for step in (-1, 1):
        k = 1
        while t + k * step in by_target and by_target[t + k * step].source == (
            by_target[t].source + k * step
        ):
            if len(target[t + k * step]) >= min_tokens:
                return True
            k += 1
    return False


@given(articles(), MIN_TOKENS, MIN_SIMILARITY)
@SETTINGS
def test_alignment_invariants(
    drawn: tuple[list[list[str]], list[list[str]]], min_tokens: int, min_similarity: float
) -> None:
    source, target = drawn
    pairs = align(source, target, min_similarity, min_tokens)
    targets = [p.target for p in pairs]
    assert targets == sorted(set(targets))  # sorted by target, one pair per target
    sources = [p.source for p in pairs]
    assert len(set(sources)) == len(sources)  # one to one: no source sentence used twice
    by_target = {p.target: p for p in pairs}
    for pair in pairs:
        t_tokens, s_tokens = target[pair.target], source[pair.source]
        assert t_tokens  # an empty sentence is never matched
        if len(t_tokens) >= min_tokens and len(s_tokens) >= min_tokens:
            assert pair.similarity == pytest.approx(similarity(t_tokens, s_tokens))
            assert pair.similarity >= min_similarity or t_tokens == s_tokens
        else:
            # a short sentence: identical, and next to a matched long sentence
            assert t_tokens == s_tokens
            assert pair.similarity == 1.0
            assert _reaches_long_pair(by_target, pair.target, target, min_tokens)


@given(articles(), MIN_TOKENS, MIN_SIMILARITY)
@SETTINGS
def test_alignment_leaves_no_matchable_long_pair_behind(
    drawn: tuple[list[list[str]], list[list[str]]], min_tokens: int, min_similarity: float
) -> None:
    source, target = drawn
    pairs = align(source, target, min_similarity, min_tokens)
    free_targets = set(range(len(target))) - {
        t for p in pairs for t in range(p.target, p.target + p.target_count)
    }
    free_sources = set(range(len(source))) - {
        s for p in pairs for s in range(p.source, p.source + p.source_count)
    }
    for t in free_targets:
        for s in free_sources:
            if len(target[t]) >= min_tokens and len(source[s]) >= min_tokens:
                score = similarity(target[t], source[s], min_shared=min_tokens)
                assert score < min_similarity


def test_short_sentences_alone_are_never_matched() -> None:
    short = [["ok"], ["yes", "sir"], ["ok"]]
    assert align(short, short, 0.7, 3) == []


def test_short_identical_neighbours_join_a_matched_long_sentence() -> None:
    src = [s.split() for s in ["the harbour bridge shut on monday", "ok", "ferries run"]]
    dst = [s.split() for s in ["ok", "the harbour bridge shut monday", "ok"]]
    pairs = align(src, dst, 0.7, 3)
    assert [(p.target, p.source) for p in pairs] == [(1, 0), (2, 1)]
    assert pairs[0].similarity == pytest.approx(similarity(dst[1], src[0]))
    assert pairs[1].similarity == 1.0


def test_best_pairs_are_taken_first() -> None:
    source = [
        words("the harbour bridge shut on monday after a storm hit"),
        words("the harbour bridge shut on monday after the flood"),
    ]
    # target 0 prefers source 1 (0.89 over 0.74), but target 1 is identical to source 1:
    # taking targets in order would pair (0, 1), (1, 0); best pairs first gives (0, 0), (1, 1)
    target = [words("the harbour bridge shut on monday after the rain"), list(source[1])]
    assert similarity(target[0], source[1]) > similarity(target[0], source[0]) >= 0.7
    pairs = align(source, target, 0.7, 3)
    assert [(p.target, p.source) for p in pairs] == [(0, 0), (1, 1)]
    assert [p.similarity for p in pairs] == [similarity(target[0], source[0]), 1.0]


def _passing_cells_reference(
    rows: list[list[str]], columns: list[list[str]], least: float, min_tokens: int
) -> list[tuple[float, int, int]]:
    """Every cell whose similarity reaches ``least``, scored one at a time."""
    scored = [
        (similarity(row, column, min_shared=min_tokens), r, c)
        for r, row in enumerate(rows)
        for c, column in enumerate(columns)
    ]
    return [cell for cell in scored if cell[0] >= least]


FIGURES = st.lists(
    st.sampled_from(["shr", "the", "cts", "vs", "3", "1994", "five", "5"]), max_size=8
)


@SETTINGS
@given(
    st.lists(TOKENS | FIGURES, max_size=5),
    st.lists(TOKENS | FIGURES, max_size=5),
    st.sampled_from([0.5, 0.7, 0.9]),
    st.integers(1, 4),
)
def test_passing_cells_are_exactly_the_cells_that_reach_the_threshold(
    rows: list[list[str]], columns: list[list[str]], least: float, min_tokens: int
) -> None:
    shared = align_module.shared_tokens([sorted(r) for r in rows], [sorted(c) for c in columns])
    found = align_module._passing_cells(
        rows, columns, shared, min_similarity=least, min_tokens=min_tokens
    )
    assert found == _passing_cells_reference(rows, columns, least, min_tokens)


@SETTINGS
@given(st.lists(TOKENS, max_size=6), st.lists(TOKENS, max_size=6))
def test_shared_tokens_are_the_multiset_intersections(
    rows: list[list[str]], columns: list[list[str]]
) -> None:
    shared = align_module.shared_tokens([sorted(r) for r in rows], [sorted(c) for c in columns])
    assert shared.shape == (len(rows), len(columns))
    for r, row in enumerate(rows):
        for c, column in enumerate(columns):
            assert shared[r, c] == sum((Counter(row) & Counter(column)).values())


def _window_scores_reference(
    one: list[list[str]], other: list[list[str]], min_similarity: float, min_tokens: int
) -> list[tuple[float, tuple[int, int], tuple[int, int]]]:
    """Every long single against every run of 2..MAX_WINDOW sentences, one at a time."""
    found = []
    for i, single in enumerate(one):
        if len(single) < min_tokens:
            continue
        for start in range(len(other)):
            for count in range(2, align_module.MAX_WINDOW + 1):
                if start + count > len(other):
                    break
                window = [t for sentence in other[start : start + count] for t in sentence]
                score = similarity(single, window, min_shared=min_tokens) if window else 0.0
                if score >= min_similarity - 1e-9:
                    found.append((score, (i, 1), (start, count)))
    return sorted(found)


@SETTINGS
@given(articles(), MIN_TOKENS, MIN_SIMILARITY)
def test_window_scores_find_every_window_that_reaches_the_threshold(
    drawn: tuple[list[list[str]], list[list[str]]], min_tokens: int, min_similarity: float
) -> None:
    one, other = drawn
    overlap = align_module.Overlap.of(other, one)  # shared[one sentence, other sentence]
    found = align_module._window_scores(
        (one, overlap.sorted_target, list(range(len(one)))),
        (other, overlap.sorted_source, list(range(len(other)))),
        overlap.shared,
        min_similarity=min_similarity,
        min_tokens=min_tokens,
    )
    expected = _window_scores_reference(one, other, min_similarity, min_tokens)
    assert sorted(found) == expected


@given(
    st.lists(
        st.one_of(
            st.sampled_from(["one", "ten", "million", "shr", "cts", "2nd", "don't", ""]),
            st.text(alphabet="ab1\u00b2\u0663'\u00e9", max_size=4),
        ),
        max_size=12,
    )
)
def test_numbers_are_the_tokens_with_a_digit_or_a_number_word(tokens: list[str]) -> None:
    expected = tuple(
        t for t in tokens if t in align_module.NUMBER_WORDS or any(c.isdigit() for c in t)
    )
    assert align_module.numbers(tokens) == expected
    assert align_module.numbers(tuple(tokens)) == expected


@st.composite
def glued_articles(draw: st.DrawFn) -> tuple[list[list[str]], list[list[str]]]:
    """``articles``, with some target sentences glued from two source sentences (and some
    source sentences from two target sentences), so that parts are sought too."""
    source, target = draw(articles())
    for side, other in ((target, source), (source, target)):
        for _ in range(draw(st.integers(0, 2)) if other else 0):
            side.append([*draw(st.sampled_from(other)), *draw(st.sampled_from(other))])
    return source, target


@given(glued_articles(), st.sets(st.integers(-2, 10)), st.sets(st.integers(-2, 10)))
@SETTINGS
def test_an_overlap_of_the_target_sentences_within_aligns_as_the_whole_one(
    pair: tuple[list[list[str]], list[list[str]]], sources: set[int], targets: set[int]
) -> None:
    source, target = pair
    within = (sorted(sources), sorted(targets))

    def aligned(overlap: align_module.Overlap) -> list[SentencePair]:
        # as attribute._align_pairs aligns a pair linked by few sentences
        seeds = align_sentences(
            source, target, min_similarity=0.6, min_tokens=2, within=within, overlap=overlap
        )
        near = (range(len(source)), within[1])
        for search in (align_parts, align_source_parts):
            seeds = search(
                source,
                target,
                seeds,
                min_similarity=0.6,
                min_tokens=2,
                within=near,
                overlap=overlap,
            )
        return seeds

    whole = align_module.Overlap.of(source, target)
    assert aligned(align_module.Overlap.of(source, target, rows=targets)) == aligned(whole)
