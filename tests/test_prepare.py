"""Tests of dedup.prepare: documents made in a worker come back to the parent unchanged."""

from __future__ import annotations

import pickle

from hypothesis import given, settings
from hypothesis import strategies as st

from dedup.article import Article
from dedup.prepare import line_keys, prepare, prepare_packed, unpack
from dedup.spill import Spill
from dedup.text import tokenize

SETTINGS = settings(derandomize=True, database=None, deadline=None, max_examples=300)


@SETTINGS
@given(st.text(max_size=300))
def test_a_packed_document_survives_pickling_with_its_counts_and_keys(text: str) -> None:
    article = Article(id="a", text=text)
    document = prepare(article)
    sent = pickle.loads(pickle.dumps(prepare_packed(article)))
    assert unpack(article, sent) == document
    assert list(sent[3]) == [len(tokens) for tokens in document.tokens]
    assert list(sent[4]) == list(line_keys(document.lines))


@SETTINGS
@given(st.text(max_size=300), st.data())
def test_a_document_without_lines_makes_the_same_lines(text: str, data: st.DataObject) -> None:
    document = prepare(Article(id="a", text=text))
    bare = document.without_lines()
    assert bare.lines == document.lines
    assert bare.tokens == document.tokens
    picks = data.draw(st.lists(st.integers(0, max(0, len(document.lines) - 1))))
    if document.lines:
        assert bare.lines_at(picks) == [document.lines[i] for i in picks]


@SETTINGS
@given(st.text(max_size=300))
def test_lines_hold_the_tokens_of_each_sentence(text: str) -> None:
    document = prepare(Article(id="a", text=text))
    expected = tuple(tuple(tokenize(text[s.start : s.end])) for s in document.sentences)
    assert document.tokens == expected
    assert [document.token_count(i) for i in range(len(expected))] == [len(t) for t in expected]


def test_sentences_without_tokens_keep_their_place() -> None:
    article = Article(id="a", text="...\n\n!!! Then it rained hard.\n\n???")
    document = prepare(article)
    assert unpack(article, prepare_packed(article)) == document
    assert document.lines == ("", "then it rained hard", "")


@SETTINGS
@given(st.text(max_size=300), st.data())
def test_a_spilled_document_reads_back_as_the_held_one(text: str, data: st.DataObject) -> None:
    article = Article(id="a", text=text, date="2026-03-02", outlet="wire", body_start=0)
    held = prepare(article)
    with Spill() as spill:
        spilled = unpack(article, prepare_packed(article), spill)
        assert spilled.article.text == ""  # the text is on disk, the rest of the article here
        assert (spilled.article.date, spilled.article.outlet) == ("2026-03-02", "wire")
        assert spilled.text == text
        assert (spilled.sentences, spilled.quotes) == (held.sentences, held.quotes)
        assert (spilled.joined, spilled.lines, spilled.tokens) == (
            held.joined,
            held.lines,
            held.tokens,
        )
        assert (spilled.holds_lines, held.holds_lines) == (False, True)
        assert spilled.without_lines() is spilled  # nothing in memory to let go
        assert spilled.lines_size_bound() >= sum(len(line.encode()) for line in held.lines)
        if held.lines:
            picks = data.draw(st.lists(st.integers(0, len(held.lines) - 1)))
            assert spilled.lines_at(picks) == held.lines_at(picks)
            last = len(held.lines) - 1
            count = len(held.tokens[last])
            assert spilled.part_span(last, 0, count) == held.part_span(last, 0, count)


@SETTINGS
@given(st.text(max_size=300))
def test_the_size_bound_of_lines_holds_however_they_are_held(text: str) -> None:
    document = prepare(Article(id="a", text=text))
    size = sum(len(line.encode()) for line in document.lines)
    assert document.lines_size_bound() >= size
    assert document.without_lines().lines_size_bound() >= size
