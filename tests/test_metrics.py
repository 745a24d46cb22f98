"""Tests for benchmarks.metrics on tiny hand-made cases."""

from __future__ import annotations

import math

import pytest

from benchmarks.metrics import (
    GoldPair,
    Span,
    SpanPair,
    adjusted_rand_index,
    article_pair_scores,
    pan_scores,
    plagdet,
    sentence_pair_scores,
    spearman,
)


def pair(a: tuple[str, int, int], b: tuple[str, int, int]) -> SpanPair:
    return SpanPair(Span(*a), Span(*b))


def gold(a: tuple[str, int, int], *sources: tuple[str, int, int]) -> GoldPair:
    return GoldPair(Span(*a), tuple(Span(*s) for s in sources))


def test_span_overlap_is_half_open_and_per_document() -> None:
    assert Span("x", 0, 5).overlaps(Span("x", 4, 9))
    assert not Span("x", 0, 5).overlaps(Span("x", 5, 9))
    assert not Span("x", 0, 5).overlaps(Span("y", 0, 5))


def test_sentence_pairs_count_overlap_on_both_sides() -> None:
    truth = [gold(("s", 0, 10), ("t", 100, 110)), gold(("s", 20, 30), ("t", 0, 10))]
    reported = [
        pair(("s", 5, 12), ("t", 105, 108)),  # hits the first gold pair
        pair(("s", 20, 30), ("t", 50, 60)),  # right summary span, wrong article span
    ]
    scores = sentence_pair_scores(reported, truth)
    assert (scores.precision, scores.recall) == (0.5, 0.5)
    assert scores.f1 == pytest.approx(0.5)


def test_sentence_pairs_unordered_unless_asked() -> None:
    truth = [gold(("s", 0, 10), ("t", 0, 10))]
    flipped = [pair(("t", 0, 10), ("s", 0, 10))]
    assert sentence_pair_scores(flipped, truth).recall == 1.0
    assert sentence_pair_scores(flipped, truth, ordered=True).recall == 0.0


def test_sentence_pairs_accept_any_equivalent_source() -> None:
    truth = [gold(("s", 0, 10), ("t", 0, 10), ("t-copy", 40, 50))]
    scores = sentence_pair_scores([pair(("s", 0, 10), ("t-copy", 45, 46))], truth)
    assert (scores.precision, scores.recall) == (1.0, 1.0)


def test_one_report_can_find_two_gold_pairs_but_counts_once() -> None:
    truth = [gold(("s", 0, 10), ("t", 0, 10)), gold(("s", 10, 20), ("t", 5, 15))]
    scores = sentence_pair_scores([pair(("s", 0, 20), ("t", 0, 15))], truth)
    assert (scores.reported_correct, scores.gold_found) == (1, 2)


def test_optional_gold_protects_precision_only() -> None:
    truth = [GoldPair(Span("s", 0, 3), (Span("t", 0, 3),), required=False)]
    scores = sentence_pair_scores([pair(("s", 0, 3), ("t", 0, 3))], truth)
    assert (scores.precision, scores.gold) == (1.0, 0)


def test_empty_report_scores_zero_precision_against_gold() -> None:
    scores = sentence_pair_scores([], [gold(("s", 0, 1), ("t", 0, 1))])
    assert (scores.precision, scores.recall) == (0.0, 0.0)
    assert sentence_pair_scores([], []).precision == 1.0


def test_article_pairs_are_unordered() -> None:
    scores = article_pair_scores([("b", "a"), ("a", "c")], [("a", "b"), ("b", "c")])
    assert (scores.precision, scores.recall) == (0.5, 0.5)


CASE = pair(("susp", 0, 100), ("src", 0, 100))


def test_pan_half_detected_case() -> None:
    scores = pan_scores([CASE], [pair(("susp", 0, 50), ("src", 0, 50))])
    assert (scores.precision, scores.recall, scores.granularity) == (1.0, 0.5, 1.0)
    assert scores.plagdet == pytest.approx(2 / 3)


def test_pan_split_detection_has_granularity_two() -> None:
    halves = [pair(("susp", 0, 50), ("src", 0, 50)), pair(("susp", 50, 100), ("src", 50, 100))]
    scores = pan_scores([CASE], halves)
    assert (scores.precision, scores.recall, scores.granularity) == (1.0, 1.0, 2.0)
    assert scores.plagdet == pytest.approx(1 / math.log2(3))


def test_pan_detection_must_overlap_both_documents() -> None:
    scores = pan_scores([CASE], [pair(("susp", 0, 100), ("src", 200, 300))])
    assert (scores.precision, scores.recall, scores.plagdet) == (0.0, 0.0, 0.0)


def test_pan_overlong_detection_loses_precision() -> None:
    scores = pan_scores([CASE], [pair(("susp", 0, 200), ("src", 0, 100))])
    assert scores.precision == pytest.approx(200 / 300)
    assert scores.recall == 1.0


def test_pan_macro_averages_over_cases() -> None:
    other = pair(("susp", 500, 600), ("src", 500, 900))
    scores = pan_scores([CASE, other], [CASE])
    assert scores.recall == 0.5
    assert scores.precision == 1.0


def test_plagdet_of_nothing_is_zero() -> None:
    assert plagdet(0.0, 0.0, 1.0) == 0.0
    assert pan_scores([], []).plagdet == 1.0


def test_ari_known_values() -> None:
    truth = {"a": 0, "b": 0, "c": 1, "d": 1}
    assert adjusted_rand_index(truth, truth) == 1.0
    assert adjusted_rand_index(truth, {"a": 0, "b": 1, "c": 0, "d": 1}) == pytest.approx(-0.5)
    # c and d become singletons: index 1, expected 2*1/6, maximum 3/2 -> (2/3) / (7/6) = 4/7
    assert adjusted_rand_index(truth, {"a": "x", "b": "x"}) == pytest.approx(4 / 7)


def test_spearman_with_ties() -> None:
    assert spearman([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert spearman([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)
    assert spearman([1, 2, 2, 3], [1, 2, 3, 4]) == pytest.approx(4.5 / math.sqrt(22.5))
    assert math.isnan(spearman([1, 1, 1], [1, 2, 3]))
