"""JSON rendering: orjson writes what the json module would, and json takes what orjson cannot."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from dedup.render import _compact


def _reference(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


# the values a report holds: ids and texts of any characters, counts, shares and
# similarities rounded to 4 places, flags, nulls, lists and objects of them
_floats = st.one_of(
    st.just(0.0),
    st.floats(min_value=1e-4, max_value=1e15, allow_nan=False).map(lambda x: round(x, 4)),
)
_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    _floats,
    st.text(st.characters(exclude_categories=("Cs",))),
)
_values = st.recursive(
    _scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=20,
)


@given(_values)
def test_compact_json_is_what_the_json_module_writes(value: object) -> None:
    assert _compact(value) == _reference(value)


def test_what_orjson_cannot_write_is_written_by_json() -> None:
    for value in ["lone \ud800 surrogate", {"n": 2**64}, [{"b": "\udfff", "a": -(2**70)}]]:
        assert _compact(value) == _reference(value)


def test_a_tiny_float_is_written_out_in_full_and_reads_back_the_same() -> None:
    assert _compact({"x": 1e-05}) == '{"x":0.00001}'
    assert json.loads(_compact({"x": 1e-05})) == {"x": 1e-05}
