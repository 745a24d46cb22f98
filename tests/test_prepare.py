"""Tests of dedup.prepare: documents made in a worker come back to the parent unchanged."""

from __future__ import annotations

import pickle

from hypothesis import given, settings
from hypothesis import strategies as st

from dedup.article import Article
from dedup.prepare import pack, prepare, unpack

SETTINGS = settings(derandomize=True, database=None, deadline=None, max_examples=300)


@SETTINGS
@given(st.text(max_size=300))
def test_unpack_of_pack_is_the_document(text: str) -> None:
    article = Article(id="a", text=text)
    document = prepare(article)
    sent = pickle.loads(pickle.dumps(pack(document)))
    assert unpack(article, sent, {}) == document


def test_unpack_shares_one_object_per_word() -> None:
    article = Article(id="a", text="The bridge shut. The bridge opened again today.")
    vocabulary: dict[str, str] = {}
    first = unpack(article, pickle.loads(pickle.dumps(pack(prepare(article)))), vocabulary)
    second = unpack(article, pickle.loads(pickle.dumps(pack(prepare(article)))), vocabulary)
    assert first.tokens[0][0] is second.tokens[1][0] is vocabulary["the"]


def test_sentences_without_tokens_keep_their_place() -> None:
    article = Article(id="a", text="...\n\n!!! Then it rained hard.\n\n???")
    document = prepare(article)
    assert unpack(article, pack(document), {}) == document
