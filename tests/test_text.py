"""Tests for dedup.text: paragraphs, sentences, quotations, normalization and tokens."""

from __future__ import annotations

import pytest

from dedup.text import split_paragraphs, split_sentences


def sentences(text: str, start: int = 0) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text, start)]


def paragraphs(text: str) -> list[str]:
    return [text[a:b] for a, b in split_paragraphs(text)]


SPLITS = [
    ("plain", "The cat sat. The dog ran.", ["The cat sat.", "The dog ran."]),
    ("us-abbrev", "The U.S. Army moved. It won.", ["The U.S. Army moved.", "It won."]),
    ("us-final", "He lives in the U.S. The end.", ["He lives in the U.S.", "The end."]),
    ("uk-gov", "Gov. Jones met Sen. Lee in the U.K. capital.", None),
    ("titles", "Mr. Smith and Dr. Brown met Rep. Cole.", None),
    ("street", "They met on St. Mark's Place at No. 5 today.", None),
    (
        "company",
        "Acme Inc. said profits rose. Shares fell.",
        ["Acme Inc. said profits rose.", "Shares fell."],
    ),
    (
        "company-final",
        "He works for Acme Corp. The firm grew.",
        ["He works for Acme Corp.", "The firm grew."],
    ),
    ("months", "On Jan. 5 and Feb. 6 it rained.", None),
    ("time", "It starts at 9 a.m. and ends at 5 p.m. today.", None),
    (
        "time-final",
        "It ends at 5 p.m. The next day it rained.",
        ["It ends at 5 p.m.", "The next day it rained."],
    ),
    ("latin", "Fruit, e.g. apples, i.e. food, etc. are sold.", None),
    (
        "etc-final",
        "Apples, pears etc. The rest rotted.",
        ["Apples, pears etc.", "The rest rotted."],
    ),
    ("junior", "Martin Luther King Jr. spoke here.", None),
    ("initials", "J. R. R. Tolkien wrote books.", None),
    ("initials-glued", "J.R.R. Tolkien wrote books.", None),
    (
        "decimal",
        "Growth was 3.5% and sales $1.2 billion. Next year less.",
        ["Growth was 3.5% and sales $1.2 billion.", "Next year less."],
    ),
    (
        "domain",
        "Visit example.com or www.Example.org today. Or not.",
        ["Visit example.com or www.Example.org today.", "Or not."],
    ),
    ("url", "See https://example.com/a.B/c.html now.", None),
    ("email", "Write to jane.Doe@example.com soon.", None),
    (
        "quote-continues",
        '"It is a crime," the account posted. Then it left.',
        ['"It is a crime," the account posted.', "Then it left."],
    ),
    ("quote-ends", '"It is a crime." Next it left.', ['"It is a crime."', "Next it left."]),
    (
        "curly-quote-ends",
        "\u201cIt is a crime.\u201d Next it left.",
        ["\u201cIt is a crime.\u201d", "Next it left."],
    ),
    ("question-in-quote", '"Why?" he asked. She left.', ['"Why?" he asked.', "She left."]),
    (
        "question",
        "Is it true? Yes! It is\u2026 Really.",
        ["Is it true?", "Yes!", "It is\u2026", "Really."],
    ),
    ("ellipsis-mid", "He paused... and went on.", None),
    (
        "glued",
        "That was the end of it.Next sentence here.",
        ["That was the end of it.", "Next sentence here."],
    ),
    (
        "glued-quote",
        "He said.\u201cQuote here,\u201d she said.",
        ["He said.", "\u201cQuote here,\u201d she said."],
    ),
    (
        "glued-ascii-open",
        'Profit rose."We are happy," he said.',
        ["Profit rose.", '"We are happy," he said.'],
    ),
    (
        "glued-ascii-close",
        'He said "it is over."Then he left.',
        ['He said "it is over."', "Then he left."],
    ),
    ("glued-number", "It grew in 2003.The year ended.", ["It grew in 2003.", "The year ended."]),
    ("glued-abbrev", "The U.S.Army and Mr.Smith came.", None),
    (
        "cjk",
        "\u6211\u5f88\u597d\u3002\u4f60\u5462\uff1f\u597d\u3002",
        ["\u6211\u5f88\u597d\u3002", "\u4f60\u5462\uff1f", "\u597d\u3002"],
    ),
    (
        "hindi",
        "\u092f\u0939 \u0920\u0940\u0915 \u0939\u0948\u0964 \u0935\u0939 \u0917\u092f\u093e\u0964",
        [
            "\u092f\u0939 \u0920\u0940\u0915 \u0939\u0948\u0964",
            "\u0935\u0939 \u0917\u092f\u093e\u0964",
        ],
    ),
    (
        "russian",
        "\u041e\u043d \u0443\u0448\u0451\u043b. \u041e\u043d\u0430 \u0442\u043e\u0436\u0435.",
        ["\u041e\u043d \u0443\u0448\u0451\u043b.", "\u041e\u043d\u0430 \u0442\u043e\u0436\u0435."],
    ),
    (
        "headline",
        "Profits rise at Acme\nAcme said profits rose. Shares fell.",
        ["Profits rise at Acme", "Acme said profits rose.", "Shares fell."],
    ),
    ("list", "- first item\n- second item\n* third", ["- first item", "- second item", "* third"]),
    (
        "hard-wrap",
        "The council said on\nMonday that it would\nnot cooperate. It left.",
        ["The council said on\nMonday that it would\nnot cooperate.", "It left."],
    ),
    (
        "wrap-lower",
        "The mayor said she\nwould not do it.",
        ["The mayor said she\nwould not do it."],
    ),
    ("wrap-comma", "The mayor, who spoke,\nLeft early.", ["The mayor, who spoke,\nLeft early."]),
    ("empty", "", []),
    ("spaces", " \n\t \n", []),
]


@pytest.mark.parametrize(
    ("text", "expected"), [(t, e) for _, t, e in SPLITS], ids=[i for i, _, _ in SPLITS]
)
def test_split_sentences(text: str, expected: list[str] | None) -> None:
    assert sentences(text) == (expected if expected is not None else [text])
