"""Tests of dedup.prepare: documents made in a worker come back to the parent unchanged."""

from __future__ import annotations

import pickle

from hypothesis import given, settings
from hypothesis import strategies as st

from dedup.article import Article
from dedup.prepare import pack, prepare, unpack
from dedup.text import tokenize

SETTINGS = settings(derandomize=True, database=None, deadline=None, max_examples=300)


@SETTINGS
@given(st.text(max_size=300))
def test_unpack_of_pack_is_the_document(text: str) -> None:
    article = Article(id="a", text=text)
    document = prepare(article)
    sent = pickle.loads(pickle.dumps(pack(document)))
    assert unpack(article, sent) == document


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
    assert unpack(article, pack(document)) == document
