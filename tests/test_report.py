"""Spans: a span cut from another shares its text and reads as a slice of the document."""

from __future__ import annotations

import copy
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dedup.report import Span

TEXT = "The harbour bridge will stay closed until May."


def _whole(doc: str = "wire") -> Span:
    return Span(doc, 0, len(TEXT), TEXT)


def test_a_span_cut_from_another_reads_its_slice_of_the_text() -> None:
    bridge = _whole().within(12, 18)
    assert (bridge.doc, bridge.start, bridge.end, bridge.text) == ("wire", 12, 18, "bridge")
    assert bridge.to_dict() == {"doc": "wire", "start": 12, "end": 18, "text": "bridge"}


def test_a_span_cut_from_another_equals_one_made_with_its_text() -> None:
    cut, made = _whole().within(4, 11), Span("wire", 4, 11, "harbour")
    assert cut == made
    assert hash(cut) == hash(made)
    assert cut != Span("wire", 4, 11, "HARBOUR")
    assert cut != Span("other", 4, 11, "harbour")
    assert repr(cut) == "Span(doc='wire', start=4, end=11, text='harbour')"


def test_a_span_cut_from_another_holds_no_copy_of_the_text() -> None:
    whole = _whole()
    assert whole.text is TEXT
    assert whole.within(0, len(TEXT)).text is TEXT


def test_a_cut_outside_the_span_is_an_error() -> None:
    sentence = _whole().within(4, 18)
    with pytest.raises(ValueError, match="not inside"):
        sentence.within(0, 11)
    with pytest.raises(ValueError, match="not inside"):
        sentence.within(10, 9)


def test_a_span_reaches_what_its_origin_covers_and_no_further() -> None:
    bridge = Span("wire", 100, 100 + len(TEXT), TEXT).within(112, 118)
    reached = bridge.reach(104, 118)
    assert reached is not None
    assert reached.text == "harbour bridge"
    assert bridge.reach(99, 118) is None
    assert Span("wire", 4, 11, "harbour").reach(4, 12) is None


def test_a_span_is_immutable() -> None:
    span = _whole()
    with pytest.raises(AttributeError, match="immutable"):
        span.start = 3  # type: ignore[misc]
    with pytest.raises(AttributeError, match="immutable"):
        del span.doc


def test_a_span_pickles_and_copies_with_its_own_text_only() -> None:
    cut = Span("wire", 0, len(TEXT), TEXT * 100).within(12, 18)
    again = pickle.loads(pickle.dumps(cut))
    assert again == cut
    assert again.text == "bridge"
    assert len(pickle.dumps(cut)) < len(TEXT * 100) / 10  # not the text it was cut from
    assert copy.deepcopy(cut) == cut


@given(
    text=st.text(max_size=60),
    cuts=st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), min_size=1, max_size=4),
    offset=st.integers(0, 1000),
)
def test_nested_cuts_read_as_slices_of_the_document(
    text: str, cuts: list[tuple[int, int]], offset: int
) -> None:
    span = Span("d", offset, offset + len(text), text)
    for low, high in cuts:  # each cut clamped into the last, as a run of nested spans would be
        start = span.start + min(low, high) % (span.end - span.start + 1)
        end = start + max(low, high) % (span.end - start + 1)
        span = span.within(start, end)
        assert span.text == text[start - offset : end - offset]
        reached = span.reach(offset, offset + len(text))
        assert reached is not None
        assert reached.text == text
