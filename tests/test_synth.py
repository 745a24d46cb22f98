"""Tests for the synthetic corpus generator on tiny made-up texts (no corpus files needed)."""

from __future__ import annotations

import random

import pytest

from benchmarks.synth import (
    EDIT_RATES,
    LEVELS,
    assemble,
    base_text,
    build_corpus,
    cut_words,
    edit_passage,
    edit_words,
    paragraphs,
    restyle,
    sentences,
    shuffled_order,
)

VOCAB = ["apple", "river", "stone", "cloud", "lamp"]
SENTENCE = "The quick brown fox jumps over the lazy dog near the old mill today."


def _letters(n: int) -> str:
    """A digit-free name for ``n`` (the generator masks digits when it compares texts)."""
    return "".join(chr(ord("a") + int(d)) for d in str(n))


def made_up_body(n: int) -> str:
    """A wire-like body: wrapped lines, indented paragraphs, a sign-off; unique per ``n``."""
    words = [_letters(n) + "x" + _letters(i) for i in range(60)]
    para = [" ".join(["Alpha", *words[i : i + 7]]) + "." for i in range(0, 56, 7)]
    return (
        f"{para[0]} {para[1]}\nwrapped {para[2]}\n    {para[3]} {para[4]}\n"
        f'    "{para[5]}" {para[6]}\n    {para[7]}\n Reuter\n'
    )


def test_paragraphs_join_wrapped_lines_and_split_on_indent() -> None:
    body = "First line\nwraps here.\n    Second para.\n\nThird."
    assert paragraphs(body) == ["First line wraps here.", "Second para.", "Third."]


def test_sentences_split_before_capitals_only() -> None:
    assert sentences('He left. "Quote." it ends 3.5 pct. Next') == [
        "He left.",
        '"Quote." it ends 3.5 pct.',
        "Next",
    ]


def word_distance(x: list[str], y: list[str]) -> int:
    """Levenshtein distance over words."""
    row = list(range(len(y) + 1))
    for i, a in enumerate(x, 1):
        prev, row[0] = row[0], i
        for j, b in enumerate(y, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (a != b))
    return row[-1]


@pytest.mark.parametrize("rate", sorted(EDIT_RATES.values()))
@pytest.mark.parametrize("seed", range(5))
def test_edit_words_makes_rate_times_words_edits(rate: float, seed: int) -> None:
    edited = edit_words(SENTENCE, rate, random.Random(seed), VOCAB)
    assert edited.endswith(".")
    assert edited[0].isupper()
    before, after = SENTENCE[:-1].lower().split(), edited[:-1].lower().split()
    assert 1 <= word_distance(before, after) <= round(rate * len(before))


def test_edit_words_zero_rate_and_determinism() -> None:
    assert edit_words(SENTENCE, 0.0, random.Random(1), VOCAB) == SENTENCE
    one = edit_words(SENTENCE, 0.3, random.Random(7), VOCAB)
    assert one == edit_words(SENTENCE, 0.3, random.Random(7), VOCAB)


def test_shuffled_order_is_a_real_permutation() -> None:
    order = shuffled_order(4, random.Random(0))
    assert sorted(order) == [0, 1, 2, 3]
    assert order != [0, 1, 2, 3]
    assert shuffled_order(1, random.Random(0)) == [0]


def test_restyle_changes_quotes_commas_and_case() -> None:
    assert (
        restyle('He said, "Go -- now," and left\'s.')
        == "he said \u201cgo \u2014 now\u201d and left\u2019s."
    )


def test_cut_words_keeps_the_right_end() -> None:
    lo, hi = cut_words("one two three four", 2, from_start=True)
    assert "one two three four"[lo:hi] == "three four"
    lo, hi = cut_words("one two three four", 1, from_start=False)
    assert "one two three four"[lo:hi] == "one two three"
    assert cut_words("single", 3, from_start=True) == (0, 6)


def test_base_text_records_sentence_spans_and_drops_sign_off() -> None:
    base = base_text(made_up_body(1))
    assert "Reuter" not in base.text
    assert all(
        base.text[s:e].startswith(("Alpha", '"', "wrapped")) for s, e in base.sentence_spans()
    )


@pytest.mark.parametrize("level", LEVELS)
def test_assembled_copies_point_at_their_source(level: str) -> None:
    source, filler = base_text(made_up_body(1)), base_text(made_up_body(2))
    run = [list(p) for p in source.spans[:2]]
    passage = edit_passage(level, source, run, random.Random(5), VOCAB)
    text, copies = assemble(level, filler, passage)
    assert copies
    for (ts, te), (ss, se) in copies:
        if level in ("verbatim", "shuffled", "cut", "glued"):
            assert text[ts:te] == source.text[ss:se]
        assert filler.text[:10] in text


def test_glued_copy_has_no_whitespace_at_the_seams() -> None:
    source, filler = base_text(made_up_body(1)), base_text(made_up_body(2))
    passage = edit_passage("glued", source, [list(source.spans[0])], random.Random(0), VOCAB)
    text, copies = assemble("glued", filler, passage)
    start, end = copies[0][0][0], copies[-1][0][1]
    assert not text[start - 1].isspace()
    assert not text[end].isspace()


def test_build_corpus_is_seeded_and_consistent() -> None:
    bodies = [made_up_body(n) for n in range(60)]
    corpus = build_corpus(bodies, per_level=2, negatives=3, seed=4)
    again = build_corpus(bodies, per_level=2, negatives=3, seed=4)
    assert corpus == again
    assert len(corpus.level) == 2 * len(LEVELS)
    dates = {d.id: d.date for d in corpus.docs}
    for target, source in corpus.source.items():
        assert dates[source] < dates[target]
    assert {g.a.doc for g in corpus.gold} == set(corpus.level)


def test_build_corpus_refuses_too_few_texts() -> None:
    with pytest.raises(ValueError, match="usable base texts"):
        build_corpus([made_up_body(1)], per_level=1)
