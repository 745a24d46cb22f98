"""Hostile text through the whole pipeline: no exception, exact offsets, same answer every time.

A longer run: ``HYPOTHESIS_PROFILE=fuzz python -m pytest tests/test_fuzz.py`` (10,000 examples).
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dedup import Article, Config, scan, to_json

settings.register_profile(
    "default-fuzz",
    max_examples=60,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "fuzz",
    max_examples=10_000,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
PROFILE = "fuzz" if os.environ.get("HYPOTHESIS_PROFILE") == "fuzz" else "default-fuzz"

STORY = [
    "The harbour bridge will close at 6 a.m. on Wednesday after inspectors found corrosion.",
    "“We will reopen it when it is safe,” Mayor Ines Calloway told the U.S. delegation.",
    "Repairs will cost about 7.8 million dollars, according to Gov. Reyes's office.",
    "Ferries will run every 20 minutes between Quay Row and the island terminal.",
]
ODD = [
    "\u200b",
    "\u200e",
    "\u202e",
    "\x00",
    "\x1b",
    "e\u0301",
    "🚢",
    "\u2018",
    "\u201d",
    "\u2014",
    "\r\n",
    "\r",
    "\t",
    "。",
    "漢字かな",
    "ไทย",
    "عربى",
]

ARABIC = (
    "أعلن رئيس البلدية يوم الاثنين أن جسر الميناء سيغلق أمام جميع المركبات لمدة أربعة عشر شهرا."
)

fragments = st.one_of(
    st.sampled_from(STORY),
    st.sampled_from(ODD),
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=20),
)
texts = st.lists(fragments, max_size=12).map(" ".join)
dates = st.one_of(st.none(), st.sampled_from(["2026-01-01", "2026-01-02", "2026-01-02T10:00:00"]))


def _mutate(text: str, data: st.DataObject) -> str:
    for _ in range(data.draw(st.integers(0, 4))):
        if not text:
            break
        i = data.draw(st.integers(0, len(text) - 1))
        op = data.draw(st.sampled_from(["delete", "insert", "upper", "swap"]))
        if op == "delete":
            text = text[:i] + text[i + 1 :]
        elif op == "insert":
            text = text[:i] + data.draw(st.sampled_from(ODD)) + text[i:]
        elif op == "upper":
            text = text[:i] + text[i:].upper()
        else:
            text = text[i:] + text[:i]
    return text


def _check(articles: list[Article]) -> None:
    report = scan(articles)
    texts_by_id = {a.id: a.text for a in articles}
    for match in report.matches:
        assert 0.0 <= match.similarity <= 1.0
        for side in (match.a, match.b):
            assert texts_by_id[side.doc][side.start : side.end] == side.text
        for pair in match.sentences:
            for side in (pair.a, pair.b):
                assert texts_by_id[side.doc][side.start : side.end] == side.text
    for cluster in report.clusters:
        for witness in cluster.witnesses:
            assert texts_by_id[witness.doc][witness.start : witness.end] == witness.text
    assert to_json(scan(list(reversed(articles)))) == to_json(report)


@settings(parent=settings.get_profile(PROFILE))
@given(data=st.data(), bodies=st.lists(texts, min_size=1, max_size=5))
def test_random_articles_scan_cleanly(data: st.DataObject, bodies: list[str]) -> None:
    articles = [
        Article(id=f"d{i}", text=body, date=data.draw(dates)) for i, body in enumerate(bodies)
    ]
    _check(articles)


@settings(parent=settings.get_profile(PROFILE))
@given(data=st.data())
def test_mutated_copies_scan_cleanly(data: st.DataObject) -> None:
    base = " ".join(STORY)
    copies = [_mutate(base, data) for _ in range(data.draw(st.integers(1, 4)))]
    articles = [Article(id="base", text=base, date="2026-01-01")]
    articles += [
        Article(id=f"copy{i}", text=t, date=data.draw(dates)) for i, t in enumerate(copies)
    ]
    _check(articles)


@pytest.mark.parametrize(
    ("source", "copy", "expected"),
    [
        pytest.param(
            "港口大桥将于周三早上六点关闭。检查人员在六十二根钢吊杆中发现十四根严重腐蚀。",
            "本地新闻快讯。检查人员在六十二根钢吊杆中发现十四根严重腐蚀。天气晴朗。",
            "检查人员在六十二根钢吊杆中发现十四根严重腐蚀。",
            id="chinese",
        ),
        pytest.param(
            "港の橋は水曜日に閉鎖されます。検査官は六十二本の鋼製ハンガーのうち十四本に深刻な腐食を発見しました。",
            "速報です。検査官は六十二本の鋼製ハンガーのうち十四本に深刻な腐食を発見しました。",
            "検査官は六十二本の鋼製ハンガーのうち十四本に深刻な腐食を発見しました。",
            id="japanese",
        ),
        pytest.param(
            ARABIC + " وقال المهندسون كلاما.",
            "خبر عاجل. " + ARABIC,
            ARABIC,
            id="arabic",
        ),
    ],
)
def test_reuse_is_found_in_scripts_without_spaces_or_right_to_left(
    source: str, copy: str, expected: str
) -> None:
    report = scan(
        [
            Article(id="src", text=source, date="2026-01-01"),
            Article(id="cp", text=copy, date="2026-01-02"),
        ],
        Config(),
    )
    copied = [pair.a for match in report.matches for pair in match.sentences]
    assert [span.text for span in copied] == [expected]
    assert copy[copied[0].start : copied[0].end] == expected


def test_zero_width_and_control_characters_do_not_hide_a_copy() -> None:
    base = " ".join(STORY)
    noisy = base.replace("bridge", "bri\u200bdge").replace("inspectors", "inspec\u00adtors")
    report = scan(
        [
            Article(id="a", text=base, date="2026-01-01"),
            Article(id="b", text=noisy, date="2026-01-02"),
        ]
    )
    assert [m.a.doc for m in report.matches] == ["b"]
    assert len(report.matches[0].sentences) == len(STORY)
