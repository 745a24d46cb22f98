"""End-to-end behaviour of scan() on small corpora written here."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from dedup import Article, Config, DedupError, parallel, scan, to_json
from dedup.clusters import ClusterIndex, holders
from dedup.corpus import load_articles, load_prepared
from dedup.matches import flag_boilerplate, summarize
from dedup.network import outlet_network
from dedup.prepare import order_key, prepare
from dedup.report import CopiedSentence, Report
from dedup.scan import scan_prepared
from dedup.spill import Spill

WIRE = [
    "The Marlow county council voted on Tuesday to close the Eastgate library for eighteen months.",
    "Engineers found cracked beams in the reading room roof during a routine survey in January.",
    "Council leader Priya Nandan said the repairs would cost about 2.4 million pounds.",
    "Books will be moved to a temporary site in the old fire station on Dock Street.",
    "The library lent more than 90,000 books last year, according to council figures.",
]
OTHER = [
    "Residents of Hollin Vale queued for hours at the new bakery on its opening day.",
    "The owner, a former chemistry teacher, said she had tested her sourdough for two years.",
    "Neighbours complained about parking on the narrow lane outside the shop window.",
    "A second branch could open near the railway station before the end of summer.",
    "The bakery will donate unsold bread to the food bank every evening at six o'clock.",
    "Local councillors praised the owner for hiring staff from the town's job centre.",
]


def _article(doc_id: str, sentences: list[str], date: str | None = None) -> Article:
    return Article(id=doc_id, text=" ".join(sentences), date=date)


def _pairs_of(report: Report) -> list[CopiedSentence]:
    return [pair for match in report.matches for pair in match.sentences]


def _pairs(report: Report) -> list[tuple[str, str, str | None]]:
    return [(m.a.doc, m.b.doc, m.source) for m in report.matches]


def test_verbatim_copy_is_reported_against_the_earlier_article() -> None:
    report = scan(
        [_article("wire", WIRE, "2026-01-10"), _article("copy", WIRE[:3] + OTHER, "2026-01-11")]
    )
    assert _pairs(report) == [("copy", "wire", "wire")]
    match = report.matches[0]
    assert len(match.sentences) == 3
    assert match.similarity == pytest.approx(1.0)
    assert match.a.text == " ".join(WIRE[:3])


def test_two_copied_sentences_inside_a_long_unrelated_article_are_found() -> None:
    long_article = OTHER * 4
    long_article[10:10] = WIRE[1:3]
    report = scan([_article("wire", WIRE), _article("blog", long_article)])
    copied = [(p.a.text, p.b.text) for m in report.matches for p in m.sentences]
    assert sorted(copied) == sorted((s, s) for s in WIRE[1:3])


def test_lightly_edited_sentences_are_matched_with_similarity_below_one() -> None:
    edited = [
        "The Marlow county council voted Tuesday to shut the Eastgate library for 18 months.",
        "Engineers discovered cracked beams in the reading-room roof during a January survey.",
    ]
    report = scan([_article("wire", WIRE, "2026-01-10"), _article("edit", edited + OTHER)])
    pairs = [p for m in report.matches for p in m.sentences]
    assert [p.a.text for p in pairs] == edited
    assert all(0.7 <= p.similarity < 1.0 for p in pairs)


def test_topical_lookalikes_are_not_copies() -> None:
    lookalike = [
        "Eastgate's library is to shut for a year and a half, Marlow councillors decided.",
        "A survey early this year turned up cracks in beams above the reading room.",
    ]
    assert scan([_article("wire", WIRE), _article("own", lookalike + OTHER)]).matches == ()


def test_a_sentence_repeated_inside_one_article_is_not_a_copy() -> None:
    assert scan([_article("one", WIRE + WIRE[:2]), _article("two", OTHER)]).matches == ()


def test_undated_articles_share_text_without_a_direction() -> None:
    report = scan([_article("x", WIRE), _article("y", WIRE[:4] + OTHER)])
    assert [m.source for m in report.matches] == [None]
    assert {report.matches[0].a.doc, report.matches[0].b.doc} == {"x", "y"}


def test_syndication_is_reported_linearly_against_the_earliest_copy() -> None:
    copies = [_article(f"site{i:03}", WIRE, "2026-01-12") for i in range(60)]
    report = scan([*copies, _article("wire", WIRE, "2026-01-10")])
    assert len(report.matches) == 60
    assert all(len(m.sentences) == len(WIRE) for m in report.matches)
    assert {m.b.doc for m in report.matches} == {"wire"}
    assert {m.source for m in report.matches} == {"wire"}


def test_shared_quotation_is_marked_quoted() -> None:
    quote = '"We will not let this library close for good," Nandan told the meeting on Tuesday.'
    first = _article("a", [*WIRE[:2], quote], "2026-01-10")
    second = _article("b", [*OTHER[:3], quote], "2026-01-11")
    report = scan([first, second])
    assert [(m.a.doc, m.quoted) for m in report.matches] == [("b", True)]


def test_offsets_slice_the_original_text() -> None:
    text = "Headline\n\n" + "\n\n".join(WIRE)
    report = scan([Article(id="a", text=text), _article("b", WIRE[2:] + OTHER)])
    for match in report.matches:
        for pair in match.sentences:
            source = text if pair.a.doc == "a" else " ".join(WIRE[2:] + OTHER)
            assert source[pair.a.start : pair.a.end] == pair.a.text


def test_duplicate_ids_are_an_error() -> None:
    with pytest.raises(DedupError, match="share the id"):
        scan([_article("a", WIRE), _article("a", OTHER)])


def test_report_is_independent_of_input_order() -> None:
    articles = [
        _article("wire", WIRE, "2026-01-10"),
        _article("copy", WIRE[:3] + OTHER, "2026-01-11"),
        _article("undated", WIRE[2:] + OTHER[:2]),
    ]
    forward = to_json(scan(articles))
    assert to_json(scan(list(reversed(articles)))) == forward


def test_report_is_identical_across_hash_seeds(tmp_path: object) -> None:
    code = (
        "import json, sys; from dedup import Article, scan, to_json;"
        "data = json.load(sys.stdin);"
        "print(to_json(scan([Article(**a) for a in data])), end='')"
    )
    payload = json.dumps(
        [{"id": "w", "text": " ".join(WIRE)}, {"id": "c", "text": " ".join(WIRE[1:] + OTHER)}]
    )
    outputs = set()
    for seed in ("1", "2", "random"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", code],
            input=payload,
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1


def test_config_knobs_change_the_outcome() -> None:
    edited = ["The Marlow county council voted Tuesday to shut the Eastgate library for 18 months."]
    articles = [_article("wire", WIRE), _article("edit", edited + OTHER)]
    assert scan(articles).matches
    assert not scan(articles, Config(sentence_similarity=0.99)).matches


PITCH = "Sign up for the Marlow Gazette morning newsletter to get every local story first."
STORIES = [
    [
        "Ferries will run hourly from Monday while the pier is rebuilt by the county.",
        "The new timetable was approved by the harbour board after a long debate.",
        "Commuters asked for an earlier first sailing on weekdays during the works.",
        "The operator promised extra crew for the busy summer holiday weekends.",
    ],
    [
        "Fishermen voted on Friday to extend the cod season by three weeks this year.",
        "Catches in the bay were the strongest since the cooperative began keeping records.",
        "Prices at the quayside auction fell slightly as supply rose through January.",
        "Younger skippers said the extension would help them pay off new boats.",
    ],
    [
        "The lighthouse on Gull Point reopens to visitors after two years of restoration.",
        "Volunteers replaced every window and repainted the tower in its original red.",
        "Tickets for the spiral staircase climb go on sale at the museum next week.",
        "Schools may book free guided tours on Tuesday mornings until the autumn.",
    ],
    [
        "A new bakery on Dock Street sold out of sourdough within an hour of opening.",
        "The owner said she had tested her recipes for two years in a borrowed kitchen.",
        "Neighbours queued along the pavement before sunrise on the first morning.",
        "A second oven arrives next month so that rye loaves can be added to the menu.",
    ],
]


def _gazette() -> list[Article]:
    return [
        Article(
            id=f"gazette/{n}",
            text=" ".join([*story, PITCH]),
            outlet="Marlow Gazette",
            date=f"2026-02-0{n + 1}",
        )
        for n, story in enumerate(STORIES)
    ]


def test_site_furniture_is_boilerplate_and_not_counted_as_copying() -> None:
    report = scan(_gazette())
    assert [c.size for c in report.boilerplate_clusters()] == [4]
    assert set(report.boilerplate.values()) == {"outlet Marlow Gazette"}
    assert all(m.boilerplate for m in report.matches)
    assert report.reuse_clusters() == ()
    assert report.network == ()
    assert all(d.copied_chars == 0 and d.boilerplate_chars > 0 for d in report.documents)


def test_keep_boilerplate_counts_it() -> None:
    report = scan(_gazette(), Config(keep_boilerplate=True))
    assert all(m.boilerplate for m in report.matches)
    assert [d.copied_chars > 0 for d in report.documents] == [False, True, True, True]
    assert len(report.reuse_clusters()) == 1


def test_a_wire_story_in_many_outlets_is_not_boilerplate() -> None:
    wire = _article("wire", WIRE, "2026-01-10")
    copies = [
        Article(
            id=f"site{i}", text=" ".join([OTHER[i], *WIRE]), outlet=f"Outlet {i}", date="2026-01-11"
        )
        for i in range(5)
    ]
    report = scan([wire, *copies])
    assert report.boilerplate == {}
    (cluster,) = report.reuse_clusters()
    assert cluster.origin == "wire"
    assert cluster.size == 6
    assert {(e.source_outlet, e.directed) for e in report.network} == {("(no outlet)", True)}


def test_reports_kept_from_the_first_total_equal_a_full_total() -> None:
    # the second total after flagging boilerplate reuses the reports of untouched articles
    wire = _article("wire", WIRE, "2026-01-10")
    copies = [
        Article(id=f"site{i}", text=" ".join([OTHER[i], *WIRE]), date="2026-01-11")
        for i in range(3)
    ]
    articles = [*_gazette(), wire, *copies]
    report = scan(articles)
    assert report.boilerplate
    assert any(not m.boilerplate for m in report.matches)
    documents = [prepare(a) for a in sorted(articles, key=order_key)]
    again = summarize(
        documents, report.matches, skipped=(), config=Config(), version=report.version
    )
    assert again.documents == report.documents


def test_boilerplate_looked_up_in_its_holders_only_is_what_a_full_index_finds() -> None:
    wire = _article("wire", WIRE, "2026-01-10")
    copies = [
        Article(id=f"site{i}", text=" ".join([OTHER[i], *WIRE]), date="2026-01-11")
        for i in range(3)
    ]
    report = scan([*_gazette(), wire, *copies])
    full = ClusterIndex(report.clusters)
    holding = holders(report.clusters, report.boilerplate)
    assert holding
    assert holding < {d.id for d in report.documents}
    part = ClusterIndex(report.clusters, documents=holding)

    def flagged_by(index: ClusterIndex) -> Callable[[CopiedSentence], bool]:
        return lambda pair: index.cluster_at(pair.a.doc, pair.a.start) in report.boilerplate

    unflagged = [replace(m, boilerplate=False) for m in report.matches]
    again = flag_boilerplate(unflagged, flagged_by(full))
    assert again == list(report.matches)
    assert flag_boilerplate(unflagged, flagged_by(part), documents=holding) == again
    excluded = frozenset(report.boilerplate)
    network = outlet_network(report, exclude=excluded, index=full)
    assert outlet_network(report, exclude=excluded, index=part) == network
    assert outlet_network(report, exclude=excluded) == network == report.network


def test_report_is_identical_for_any_number_of_workers() -> None:
    articles = [
        _article(f"doc{i:03}", [WIRE[i % 5], OTHER[i % 6], f"Item number {i} is unique here."])
        for i in range(600)
    ]
    one = to_json(scan(articles, workers=1))
    assert to_json(scan(articles, workers=2)) == one
    assert to_json(scan(articles, workers=3)) == one


@pytest.mark.parametrize("workers", [1, 2])
def test_report_is_identical_with_texts_spilled_to_disk(workers: int) -> None:
    articles = [
        _article(f"doc{i:03}", [WIRE[i % 5], OTHER[i % 6], f"Item number {i} is unique here."])
        for i in range(300)
    ]
    quote = '"We will not let this library close for good," Nandan told the meeting.'
    articles += [  # two sentences glued into one (parts of a sentence), a shared quotation
        _article("wire", [*WIRE, quote], "2026-01-01"),
        _article("glued", [WIRE[0][:-1] + ", and " + WIRE[1][0].lower() + WIRE[1][1:], *WIRE[2:]]),
        _article("quote", [*OTHER[:3], quote], "2026-01-02"),
        _article("surrogate", [WIRE[3], "A lone surrogate \ud800 came from a JSON escape."]),
    ]
    report = scan(articles, workers=workers, spill=False)
    assert any(p.a.doc == "glued" and p.a.end - p.a.start < 100 for p in _pairs_of(report))
    assert any(m.a.doc == "quote" and m.quoted for m in report.matches)
    expected = to_json(report)
    assert to_json(scan(articles, workers=workers, spill=True)) == expected
    assert to_json(scan(list(articles), workers=workers)) == expected  # small: kept in memory


@pytest.mark.parametrize("workers", [1, 2])
def test_articles_prepared_as_they_are_read_give_the_same_report(
    workers: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    articles = [
        _article(f"doc{i:03}", [WIRE[i % 5], OTHER[i % 6], f"Item number {i} is unique here."])
        for i in range(200)
    ]
    articles += [
        _article("wire", WIRE, "2026-01-01"),
        _article("surrogate", [WIRE[3], "A lone surrogate \ud800 came from a JSON escape."]),
    ]
    records = [{"id": a.id, "text": a.text, "date": a.date} for a in articles]
    lines = [json.dumps(record) for record in records]
    (tmp_path / "a.jsonl").write_text("\n".join(lines[:150]) + "\n{broken\n")
    (tmp_path / "b.jsonl").write_text("\n".join(lines[100:]) + "\n")  # 50 duplicate ids
    (tmp_path / "c.txt").write_text("date 2026-01-05\n" + " ".join(WIRE[1:4]))
    monkeypatch.setattr("dedup.corpus.READ_PIECE", 4096)  # several pieces a file
    expected = scan(load_articles(tmp_path), workers=workers)
    assert {s.reason for s in expected.skipped} == {"malformed", "duplicate-id"}
    assert expected.matches
    with Spill() as spill:
        prepared = load_prepared(tmp_path, spill=spill, workers=workers)
        report = scan_prepared(prepared, workers=workers)
    assert to_json(report) == to_json(expected)


def test_scan_files_without_room_for_a_temporary_file_reads_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    from dedup import scan_files

    (tmp_path / "wire.txt").write_text("date 2026-01-01\n" + " ".join(WIRE))
    (tmp_path / "copy.txt").write_text("date 2026-01-02\n" + " ".join(WIRE[:3] + OTHER))
    expected = to_json(scan(load_articles(tmp_path)))
    assert to_json(scan_files(tmp_path)) == expected
    with monkeypatch.context() as full:  # no room left while the workers write
        spill_module = importlib.import_module("dedup.spill")

        def no_room(*_: object) -> int:
            raise OSError(28, "No space left on device")

        full.setattr(spill_module.os, "pwrite", no_room)
        assert to_json(scan_files(tmp_path, workers=2)) == expected
    with monkeypatch.context() as windows:
        windows.setattr(importlib.import_module("dedup.files"), "CAN_SPILL", False)
        assert to_json(scan_files(tmp_path)) == expected
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "missing"))
    assert to_json(scan_files(tmp_path, workers=2)) == expected
    scan_module = importlib.import_module("dedup.scan")
    monkeypatch.setattr(scan_module, "SPILL_ABOVE", 10)  # too large to do without one
    with pytest.raises(DedupError, match="cannot write the temporary file"):
        scan_files(tmp_path)


def test_a_large_corpus_spills_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    scan_module = importlib.import_module("dedup.scan")  # the package's `scan` is the function
    made: list[object] = []

    class Recorded(scan_module.Spill):
        def __init__(self) -> None:
            super().__init__()
            made.append(self)

    monkeypatch.setattr(scan_module, "Spill", Recorded)
    articles = [_article("a", WIRE), _article("b", WIRE[:3] + OTHER)]
    scan(articles)
    assert made == []
    monkeypatch.setattr(scan_module, "SPILL_ABOVE", len(" ".join(WIRE)))
    expected = scan(articles, spill=False)
    assert scan(articles) == expected
    assert len(made) == 1


@pytest.mark.parametrize(
    "knob",
    [
        "SPILL_BYTES",  # every shared array backed by a temporary file
        "RENEW_AFTER",  # a fresh fork for every chunk
    ],
)
def test_parallel_mechanics_at_their_extreme_give_the_same_report(
    knob: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    articles = [_article(f"doc{i}", [WIRE[i % 5], OTHER[i % 6]]) for i in range(40)]
    expected = to_json(scan(articles, workers=2))
    monkeypatch.setattr(parallel, knob, 1)
    assert to_json(scan(articles, workers=1)) == expected
    assert to_json(scan(articles, workers=2)) == expected


@pytest.mark.parametrize("workers", [1, 2])
def test_progress_is_reported_per_stage(workers: int) -> None:
    seen: list[tuple[str, int, int]] = []
    edited = [sentence.replace("the", "a", 1) for sentence in WIRE]  # near copies: verified
    articles = [_article("a", WIRE), _article("b", edited), _article("c", OTHER)]
    scan(articles, workers=workers, progress=lambda *args: seen.append(args))
    last = {stage: (done, total) for stage, done, total in seen}
    assert list(last) == ["prepare", "sign", "join", "verify", "source", "align"]
    assert all(done == total for done, total in last.values())
    assert last["prepare"] == last["source"] == (3, 3)
    assert last["align"] == (1, 1)
    for stage in last:  # never backwards
        counts = [done for name, done, _ in seen if name == stage]
        assert counts == sorted(counts)


def test_templated_lines_with_other_figures_are_not_copies() -> None:
    first = "Shr loss 20 cts vs profit 24 cts. Net loss 1.2 mln dlrs vs profit 1.5 mln."
    second = "Shr loss 31 cts vs profit 96 cts. Net loss 2.7 mln dlrs vs profit 4.4 mln."
    report = scan([Article(id="a", text=first), Article(id="b", text=second)])
    assert report.matches == ()


def test_a_copy_that_changed_one_figure_of_several_is_still_a_copy() -> None:
    wire = "The council spent 12 million on 3 bridges, 40 roads and 7 schools in 2025 alone."
    copy = "The council spent 12 million on 3 bridges, 41 roads and 7 schools in 2025 alone."
    report = scan([Article(id="a", text=wire, date="2026-01-01"), Article(id="b", text=copy)])
    assert [(m.a.doc, m.b.doc) for m in report.matches] == [("b", "a")]


def test_prepared_documents_come_with_their_lines_counts_and_keys() -> None:
    from dedup.prepare import line_keys, line_lengths, prepare
    from dedup.scan import _prepare_all

    # more articles than one task takes: two workers do share them
    articles = [Article(id=str(n), text=f"One two three. Four {n} six.") for n in range(600)]
    for workers in (1, 2):
        documents, counts, keys = _prepare_all(list(articles), workers, None, None)
        assert documents == [prepare(article) for article in articles]
        lines = [line for document in documents for line in document.lines]
        assert (counts, keys) == (line_lengths(lines), line_keys(lines))


@pytest.mark.parametrize("workers", [1, 2])
def test_prepared_documents_spill_their_texts_and_lines(workers: int) -> None:
    from dedup.prepare import prepare
    from dedup.scan import _prepare_all
    from dedup.spill import Spill

    articles = [Article(id=str(n), text=f"One two three. Four {n} six.") for n in range(600)]
    given = list(articles)
    with Spill() as spill:
        documents, _, _ = _prepare_all(given, workers, None, spill)
        held = [prepare(article) for article in articles]
        assert [(d.text, d.lines, d.sentences) for d in documents] == [
            (d.article.text, d.lines, d.sentences) for d in held
        ]
    # the list handed over keeps the articles without their texts, which are on disk
    assert [a.text for a in given] == [""] * len(articles)
    assert [a.id for a in given] == [a.id for a in articles]


def test_token_lines_are_let_go_for_all_but_the_linked_documents() -> None:
    from dedup.attribute import Link, Links
    from dedup.prepare import prepare
    from dedup.scan import _linked, _tokens_of

    documents = [prepare(Article(id=n, text="One two three. Four five six.")) for n in "abc"]
    links: Links = [{}, {1: (Link(0, 1, 1.0, directed=True),)}, {}]
    assert _linked(links) == {0, 1}
    kept = _tokens_of(documents, _linked(links))
    assert [document.joined is None for document in kept] == [False, False, True]
    assert [d.lines for d in kept] == [d.lines for d in documents]  # made again from the text
    assert [d.article for d in kept] == [d.article for d in documents]
    assert [d.sentences for d in kept] == [d.sentences for d in documents]
