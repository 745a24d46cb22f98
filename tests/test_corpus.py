"""Tests for ``dedup.corpus``: every fixture is written here, in the test."""

from __future__ import annotations

import codecs
import itertools
import json
import os
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dedup._decode import decode_text, detect_encoding
from dedup._metadata import normalize_date, read_header
from dedup._records import json_items
from dedup.article import SKIP_REASONS, Article, Corpus, Skipped
from dedup.corpus import DEFAULT_MAX_BYTES, load_articles, load_prepared
from dedup.errors import ConfigError, CorpusError
from dedup.prepare import line_length
from dedup.spill import Spill

WIRE = "The council voted on Tuesday to repair the bridge.\nWork starts in May.\n"


def write(root: Path, name: str, content: str | bytes) -> Path:
    """Write ``content`` to ``root / name``, creating folders; ``str`` is written as UTF-8."""
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode() if isinstance(content, str) else content
    path.write_bytes(data)
    return path


def only(corpus: Corpus) -> Article:
    """Return the single article of ``corpus``."""
    assert len(corpus) == 1, corpus
    return corpus.articles[0]


def reasons(corpus: Corpus) -> list[tuple[str, int | None, str]]:
    """Return ``(path, line, reason)`` of every skipped entry."""
    return [(s.path, s.line, s.reason) for s in corpus.skipped]


# Folders, ids and what counts as an article file


def test_reads_supported_files_recursively_and_ignores_others(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", WIRE)
    write(tmp_path, "b/c.md", WIRE)
    write(tmp_path, "b/d/e.markdown", WIRE)
    write(tmp_path, "b/image.png", b"\x89PNG\x00")
    write(tmp_path, "notes.rst", WIRE)
    corpus = load_articles(tmp_path)
    assert [a.id for a in corpus] == ["a.txt", "b/c.md", "b/d/e.markdown"]
    assert corpus.skipped == ()


def test_suffix_is_case_insensitive(tmp_path: Path) -> None:
    write(tmp_path, "A.TXT", WIRE)
    assert only(load_articles(tmp_path)).id == "A.TXT"


def test_single_file_id_is_relative_to_its_folder(tmp_path: Path) -> None:
    path = write(tmp_path, "sub/story.txt", WIRE)
    article = only(load_articles(path))
    assert (article.id, article.text) == ("story.txt", WIRE)


def test_single_jsonl_file(tmp_path: Path) -> None:
    path = write(tmp_path, "wire.jsonl", json.dumps({"id": "x", "text": WIRE}) + "\n")
    assert only(load_articles(str(path))).id == "x"


def test_missing_path_raises_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="no-such") as caught:
        load_articles(tmp_path / "no-such")
    assert "\n" not in str(caught.value)


def test_unsupported_single_file_raises(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match=r"\.json"):
        load_articles(write(tmp_path, "report.pdf", b"%PDF"))


def test_max_bytes_must_be_positive(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        load_articles(tmp_path, max_bytes=0)


def test_empty_folder_gives_empty_corpus(tmp_path: Path) -> None:
    assert load_articles(tmp_path) == Corpus((), ())


def test_hidden_files_and_folders_are_skipped_unless_asked(tmp_path: Path) -> None:
    write(tmp_path, "seen.txt", WIRE)
    write(tmp_path, ".draft.txt", WIRE)
    write(tmp_path, ".git/notes.md", WIRE)
    assert [a.id for a in load_articles(tmp_path)] == ["seen.txt"]
    hidden = load_articles(tmp_path, include_hidden=True)
    assert [a.id for a in hidden] == [".draft.txt", ".git/notes.md", "seen.txt"]


def test_hidden_single_file_is_read_when_named(tmp_path: Path) -> None:
    assert only(load_articles(write(tmp_path, ".story.txt", WIRE))).id == ".story.txt"


def test_names_with_spaces_and_newlines(tmp_path: Path) -> None:
    write(tmp_path, "a folder/two words.txt", WIRE)
    write(tmp_path, "line\nbreak.md", WIRE)
    ids = [a.id for a in load_articles(tmp_path)]
    assert ids == ["a folder/two words.txt", "line\nbreak.md"]


@pytest.mark.skipif(os.name != "posix", reason="needs byte file names")
def test_undecodable_name_becomes_replacement_character(tmp_path: Path) -> None:
    write(tmp_path, os.fsdecode(b"caf\xe9.txt"), WIRE)
    article = only(load_articles(tmp_path))
    assert article.id == "caf\ufffd.txt"
    assert json.loads(json.dumps(article.id, ensure_ascii=False)) == article.id
    article.id.encode("utf-8")  # a valid str: no lone surrogates


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_symlinked_folders_are_not_followed_so_loops_end(tmp_path: Path) -> None:
    write(tmp_path, "sub/story.txt", WIRE)
    (tmp_path / "sub" / "loop").symlink_to("..", target_is_directory=True)
    (tmp_path / "again").symlink_to(tmp_path / "sub", target_is_directory=True)
    assert [a.id for a in load_articles(tmp_path)] == ["sub/story.txt"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_symlinked_files_are_read_and_broken_links_noted(tmp_path: Path) -> None:
    write(tmp_path, "outside/story.txt", WIRE)
    (tmp_path / "link.txt").symlink_to(tmp_path / "outside" / "story.txt")
    (tmp_path / "broken.txt").symlink_to(tmp_path / "nowhere.txt")
    corpus = load_articles(tmp_path)
    assert [a.id for a in corpus] == ["link.txt", "outside/story.txt"]
    assert reasons(corpus) == [("broken.txt", None, "unreadable")]


def test_folder_named_like_an_article_is_walked(tmp_path: Path) -> None:
    write(tmp_path, "2025.txt/story.md", WIRE)
    assert only(load_articles(tmp_path)).id == "2025.txt/story.md"


# Decoding


@pytest.mark.parametrize(
    ("data", "encoding", "text"),
    [
        pytest.param(
            "caf\u00e9 \u201cok\u201d".encode(), "utf-8", "caf\u00e9 \u201cok\u201d", id="utf-8"
        ),
        pytest.param(codecs.BOM_UTF8 + b"bom", "utf-8-sig", "bom", id="utf-8-bom"),
        pytest.param("w\u00e9".encode("utf-16"), "utf-16", "w\u00e9", id="utf-16-native"),
        pytest.param(
            codecs.BOM_UTF16_BE + "be".encode("utf-16-be"), "utf-16", "be", id="utf-16-be"
        ),
        pytest.param(
            codecs.BOM_UTF16_LE + "le".encode("utf-16-le"), "utf-16", "le", id="utf-16-le"
        ),
        pytest.param(codecs.BOM_UTF32_LE + "32".encode("utf-32-le"), "utf-32", "32", id="utf-32"),
        pytest.param(b"\x93quoted\x94 \x80", "cp1252", "\u201cquoted\u201d \u20ac", id="cp1252"),
        pytest.param(b"caf\xe9 \x81", "latin-1", "caf\u00e9 \x81", id="latin-1"),
    ],
)
def test_encodings_round_trip_through_read_text(
    tmp_path: Path, data: bytes, encoding: str, text: str
) -> None:
    path = write(tmp_path, "a.txt", data)
    article = only(load_articles(tmp_path))
    assert (article.text, article.encoding) == (text, encoding)
    assert path.read_text(encoding=article.encoding) == article.text


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "cp1252"])
def test_mixed_newlines_match_read_text(tmp_path: Path, encoding: str) -> None:
    raw = "one\r\ntwo\rthree\nfour\r\r\nfive\r"
    path = write(tmp_path, "a.txt", raw.encode(encoding))
    article = only(load_articles(tmp_path))
    assert article.text == "one\ntwo\nthree\nfour\n\nfive\n"
    assert path.read_text(encoding=article.encoding) == article.text


def test_nul_bytes_mean_binary(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", b"ab\x00cd")
    write(tmp_path, "b.txt", codecs.BOM_UTF8 + b"x\x00")
    write(tmp_path, "c.txt", "a\x00".encode("utf-16"))
    corpus = load_articles(tmp_path)
    assert corpus.articles == ()
    assert reasons(corpus) == [(n, None, "binary") for n in ("a.txt", "b.txt", "c.txt")]


def test_bad_utf16_after_bom_falls_back(tmp_path: Path) -> None:
    write(tmp_path, "odd.txt", codecs.BOM_UTF16_LE + b"abc")  # odd length: not UTF-16
    path = tmp_path / "odd.txt"
    article = only(load_articles(tmp_path))
    assert article.encoding == "cp1252"
    assert path.read_text(encoding=article.encoding) == article.text


@pytest.mark.parametrize("content", [b"", b"  \n\t\r\n", codecs.BOM_UTF8, b"\xef\xbb\xbf \n"])
def test_empty_or_blank_text(tmp_path: Path, content: bytes) -> None:
    write(tmp_path, "a.txt", content)
    corpus = load_articles(tmp_path)
    assert (len(corpus), reasons(corpus)) == (0, [("a.txt", None, "empty")])


def test_large_file_is_truncated_at_a_character_boundary(tmp_path: Path) -> None:
    path = write(tmp_path, "big.txt", "\u00e9" * 10)  # two bytes per character
    corpus = load_articles(tmp_path, max_bytes=7)
    assert only(corpus).text == "\u00e9" * 3
    assert only(corpus).encoding == "utf-8"
    assert reasons(corpus) == [("big.txt", None, "truncated")]
    assert path.read_text(encoding="utf-8").startswith(only(corpus).text)


def test_file_exactly_at_the_limit_is_not_truncated(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", "x" * 10)
    corpus = load_articles(tmp_path, max_bytes=10)
    assert (only(corpus).text, corpus.skipped) == ("x" * 10, ())


def test_default_limit_is_documented() -> None:
    assert DEFAULT_MAX_BYTES == 5_000_000


def test_unlistable_subfolder_is_noted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "ok/a.txt", WIRE)
    write(tmp_path, "locked/b.txt", WIRE)
    original = os.scandir

    def guarded_scandir(path: Path) -> object:
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied")
        return original(path)

    monkeypatch.setattr(os, "scandir", guarded_scandir)
    corpus = load_articles(tmp_path)
    assert [a.id for a in corpus] == ["ok/a.txt"]
    assert reasons(corpus) == [("locked", None, "unreadable")]


def test_unlistable_root_raises(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def failing_scandir(path: Path) -> object:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "scandir", failing_scandir)
    with pytest.raises(CorpusError, match="Permission denied"):
        load_articles(tmp_path)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads every file")
def test_unreadable_file_by_permissions(tmp_path: Path) -> None:
    path = write(tmp_path, "secret.txt", WIRE)
    path.chmod(0)
    try:
        corpus = load_articles(tmp_path)
    finally:
        path.chmod(0o600)
    assert reasons(corpus) == [("secret.txt", None, "unreadable")]


def test_unreadable_file_is_noted_and_the_rest_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, "secret.txt", WIRE)
    write(tmp_path, "open.txt", WIRE)
    original = Path.open

    def guarded_open(self: Path, *args: object, **kwargs: object) -> object:
        if self.name == "secret.txt":
            raise PermissionError(13, "Permission denied")
        return original(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", guarded_open)
    corpus = load_articles(tmp_path)
    assert [a.id for a in corpus] == ["open.txt"]
    assert corpus.skipped == (
        Skipped(path="secret.txt", reason="unreadable", detail="Permission denied"),
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_named_pipe_is_not_opened(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    assert reasons(load_articles(tmp_path)) == [("pipe.txt", None, "unreadable")]


# Outlets from folders


def test_outlet_from_folder_is_off_by_default(tmp_path: Path) -> None:
    write(tmp_path, "bbc/2024/a.txt", WIRE)
    assert only(load_articles(tmp_path)).outlet is None


def test_outlet_from_folder_uses_the_top_folder(tmp_path: Path) -> None:
    write(tmp_path, "bbc/2024/a.txt", WIRE)
    write(tmp_path, "cnn/b.md", WIRE)
    write(tmp_path, "top.txt", WIRE)
    corpus = load_articles(tmp_path, outlet_from_folder=True)
    assert [(a.id, a.outlet) for a in corpus] == [
        ("bbc/2024/a.txt", "bbc"),
        ("cnn/b.md", "cnn"),
        ("top.txt", None),
    ]


def test_an_outlet_of_its_own_wins_over_the_folder(tmp_path: Path) -> None:
    write(tmp_path, "bbc/a.md", "---\noutlet: BBC World\n---\n" + WIRE)
    lines = jsonl({"id": "r1", "text": WIRE, "publisher": "AP"}, {"id": "r2", "text": WIRE})
    write(tmp_path, "wires/feed.jsonl", lines)
    write(tmp_path, "wires/more.csv", "id,text,outlet\nc1,Text.,Reuters\nc2,Text.,\n")
    corpus = load_articles(tmp_path, outlet_from_folder=True)
    assert [(a.id, a.outlet) for a in corpus] == [
        ("bbc/a.md", "BBC World"),
        ("c1", "Reuters"),
        ("c2", "wires"),
        ("r1", "AP"),
        ("r2", "wires"),
    ]


def test_outlet_from_folder_for_a_single_file(tmp_path: Path) -> None:
    path = write(tmp_path, "bbc/a.txt", WIRE)
    assert only(load_articles(path, outlet_from_folder=True)).outlet is None


# Front matter and the leading date token


def test_front_matter_sets_metadata_and_body_start(tmp_path: Path) -> None:
    head = "---\ntitle: \"Bridge repairs\"\ndate: 2025-01-29\noutlet: 'Daily'\nurl: https://x.test/a\n---\n"
    write(tmp_path, "a.md", head + WIRE)
    article = only(load_articles(tmp_path))
    assert (article.title, article.date, article.outlet) == (
        "Bridge repairs",
        "2025-01-29",
        "Daily",
    )
    assert article.url == "https://x.test/a"
    assert article.text == head + WIRE
    assert article.text[article.body_start :] == WIRE


def test_front_matter_with_crlf_and_aliases(tmp_path: Path) -> None:
    raw = "---\r\npublisher: AP\r\npublished: 2025-01-29 08:00:00\r\n---\r\nBody.\r\n"
    write(tmp_path, "a.txt", raw)
    article = only(load_articles(tmp_path))
    assert (article.outlet, article.date) == ("AP", "2025-01-29T08:00:00")
    assert article.text[article.body_start :] == "Body.\n"


def test_horizontal_rule_is_not_front_matter(tmp_path: Path) -> None:
    text = "---\nA plain paragraph.\n---\nMore.\n"
    write(tmp_path, "a.md", text)
    assert only(load_articles(tmp_path)).body_start == 0


def test_front_matter_only_is_empty(tmp_path: Path) -> None:
    write(tmp_path, "a.md", "---\ntitle: x\n---\n\n")
    assert reasons(load_articles(tmp_path)) == [("a.md", None, "empty")]


def test_leading_date_token(tmp_path: Path) -> None:
    text = " date 2025-01-29 An Illinois city approved the plan."
    write(tmp_path, "a.txt", text)
    article = only(load_articles(tmp_path))
    assert article.date == "2025-01-29"
    assert article.text == text
    assert article.text[article.body_start :] == "An Illinois city approved the plan."


@pytest.mark.parametrize("text", ["dated 2025-01-29 x", "x date 2025-01-29 y", "date 2025-1-29 x"])
def test_no_date_token(tmp_path: Path, text: str) -> None:
    write(tmp_path, "a.txt", text)
    article = only(load_articles(tmp_path))
    assert (article.date, article.body_start) == (None, 0)


def test_unparsable_date_keeps_article_and_notes_it(tmp_path: Path) -> None:
    write(tmp_path, "a.md", "---\ndate: soon\n---\nBody.\n")
    corpus = load_articles(tmp_path)
    assert only(corpus).date is None
    assert reasons(corpus) == [("a.md", None, "malformed")]
    assert "kept without a date" in corpus.skipped[0].detail


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-01-29", "2025-01-29"),
        ("2025-01-29T10:30:00", "2025-01-29T10:30:00"),
        ("2025-01-29 10:30:00", "2025-01-29T10:30:00"),
        ("2025-01-29T10:30:00Z", "2025-01-29T10:30:00"),
        ("2025-01-29T10:30:00.123456+00:00", "2025-01-29T10:30:00"),
        ("2025-01-29T01:30:00+02:00", "2025-01-28T23:30:00"),
        ("2025-01-29T10:30", "2025-01-29T10:30:00"),
        ("Wed, 29 Jan 2025 10:30:00 -0500", "2025-01-29T15:30:00"),
        (1738146600, "2025-01-29T10:30:00"),
        (" 2025-01-29 ", "2025-01-29"),
        ("2025-02-30", None),
        ("29/01/2025", None),
        ("", None),
        (True, None),
        (["2025-01-29"], None),
    ],
)
def test_normalize_date(value: object, expected: str | None) -> None:
    assert normalize_date(value) == expected


def test_read_header_without_header() -> None:
    assert read_header("Plain text.").body_start == 0


# JSON and JSON Lines


def jsonl(*lines: object) -> str:
    """Return JSON Lines text; ``str`` lines are written as they are."""
    return "".join((x if isinstance(x, str) else json.dumps(x)) + "\n" for x in lines)


def test_jsonl_records_with_metadata_and_aliases(tmp_path: Path) -> None:
    write(
        tmp_path,
        "feed.jsonl",
        jsonl(
            {"id": "a", "text": WIRE, "date": "2025-01-29T10:00:00Z", "outlet": "AP", "x": 1},
            {"id": 2, "text": WIRE, "publisher": "Reuters", "scrape_time": "2025-01-30"},
            {"id": "c", "text": WIRE, "headline": "H", "link": "https://x.test", "url": 5},
        ),
    )
    b, a, c = load_articles(tmp_path).articles
    assert a == Article(id="a", text=WIRE, date="2025-01-29T10:00:00", outlet="AP")
    assert b == Article(id="2", text=WIRE, date="2025-01-30", outlet="Reuters")
    assert (c.title, c.url) == ("H", None)  # the canonical key wins, and 5 is not a string


def test_malformed_jsonl_lines_are_noted_with_line_numbers(tmp_path: Path) -> None:
    lines = jsonl(
        {"id": "ok1", "text": WIRE},
        "{not json",
        "[1, 2]",
        {"text": WIRE},
        {"id": True, "text": WIRE},
        {"id": "", "text": WIRE},
        {"id": "no-text"},
        {"id": "num-text", "text": 3},
        {"id": "blank", "text": "  "},
        "",
        {"id": "ok2", "text": WIRE},
    )
    write(tmp_path, "feed.jsonl", lines)
    corpus = load_articles(tmp_path)
    assert [a.id for a in corpus] == ["ok1", "ok2"]
    assert [(line, reason) for _, line, reason in reasons(corpus)] == [
        (2, "malformed"),
        (3, "malformed"),
        (4, "malformed"),
        (5, "malformed"),
        (6, "malformed"),
        (7, "malformed"),
        (8, "malformed"),
        (9, "empty"),
    ]
    assert all(s.path == "feed.jsonl" and "\n" not in s.detail for s in corpus.skipped)


def test_jsonl_bom_crlf_and_invalid_utf8(tmp_path: Path) -> None:
    data = codecs.BOM_UTF8 + b'{"id": "a", "text": "x\\r\\ny"}\r\n{"id": "b", "text": "\xff"}\r\n'
    write(tmp_path, "feed.jsonl", data)
    corpus = load_articles(tmp_path)
    assert only(corpus).text == "x\r\ny"  # a record's text is kept exactly
    assert reasons(corpus) == [("feed.jsonl", 2, "undecodable")]


def test_empty_jsonl_and_json(tmp_path: Path) -> None:
    write(tmp_path, "a.jsonl", "\n\n")
    write(tmp_path, "b.json", "[]")
    write(tmp_path, "c.json", "")
    corpus = load_articles(tmp_path)
    assert reasons(corpus) == [(n, None, "empty") for n in ("a.jsonl", "b.json", "c.json")]


def test_jsonl_record_text_is_truncated_by_utf8_length(tmp_path: Path) -> None:
    write(tmp_path, "feed.jsonl", jsonl({"id": "a", "text": "\u20ac" * 5}))
    corpus = load_articles(tmp_path, max_bytes=8)  # three bytes per character
    assert only(corpus).text == "\u20ac" * 2
    assert reasons(corpus) == [("feed.jsonl", 1, "truncated")]


def test_lone_surrogates_in_json_become_replacement_characters(tmp_path: Path) -> None:
    write(tmp_path, "feed.jsonl", '{"id": "a\\ud800", "text": "x\\udc00y"}\n')
    article = only(load_articles(tmp_path))
    assert (article.id, article.text) == ("a\ufffd", "x\ufffdy")


def test_json_object_and_list(tmp_path: Path) -> None:
    write(tmp_path, "one.json", json.dumps({"id": "one", "text": WIRE}))
    items = [{"id": "two", "text": WIRE}, {"id": "three"}, "four"]
    write(tmp_path, "many.json", "[\n" + ",\n".join(json.dumps(i) for i in items) + "\n]\n")
    corpus = load_articles(tmp_path)
    assert sorted(a.id for a in corpus) == ["one", "two"]
    assert reasons(corpus) == [("many.json", 3, "malformed"), ("many.json", 4, "malformed")]


@pytest.mark.parametrize(
    "source", ['{"id": 1', "[1,]", "[1 2]", '{"a": 1} {"b": 2}', "[1] x", "[", "nope"]
)
def test_invalid_json_file_is_malformed(tmp_path: Path, source: str) -> None:
    write(tmp_path, "a.json", source)
    corpus = load_articles(tmp_path)
    assert (len(corpus), [r for _, _, r in reasons(corpus)]) == (0, ["malformed"])


def test_json_items_line_numbers() -> None:
    assert json_items(' \n[\n 1 ,\n\n "x" ]') == [(3, 1), (5, "x")]
    assert json_items("\n\n{}") == [(3, {})]


def test_json_file_must_be_utf8(tmp_path: Path) -> None:
    write(tmp_path, "a.json", b'[\n{"id": "a", "text": "caf\xe9"}]')
    assert reasons(load_articles(tmp_path)) == [("a.json", 2, "undecodable")]


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("[" * 100_000, id="deep"),
        pytest.param('{"id": ' + "1" * 5000 + ', "text": "x"}', id="long-number"),
    ],
)
def test_hostile_json_is_malformed_not_a_crash(tmp_path: Path, source: str) -> None:
    write(tmp_path, "a.json", source)
    write(tmp_path, "b.jsonl", source + "\n" + jsonl({"id": "ok", "text": WIRE}))
    corpus = load_articles(tmp_path)
    assert only(corpus).id == "ok"
    assert reasons(corpus) == [("a.json", None, "malformed"), ("b.jsonl", 1, "malformed")]


# Duplicates and determinism


def test_duplicate_ids_keep_the_first_in_order(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", WIRE)
    write(tmp_path, "feed.jsonl", jsonl({"id": "a.txt", "text": "x"}, {"id": 7, "text": "y"}))
    write(tmp_path, "more.json", json.dumps([{"id": "7", "text": "z"}]))
    corpus = load_articles(tmp_path)
    assert [(a.id, a.text) for a in corpus] == [("7", "y"), ("a.txt", WIRE)]
    assert reasons(corpus) == [("feed.jsonl", 1, "duplicate-id"), ("more.json", 1, "duplicate-id")]


def test_same_files_in_another_order_give_the_same_corpus(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        "z.txt": WIRE,
        "a/b.md": "---\ndate: 2025-01-01\n---\nBody.\n",
        "m.jsonl": jsonl({"id": "z.txt", "text": "dup"}, "bad", {"id": "q", "text": WIRE}),
        "bin.txt": b"\x00",
        "c.json": json.dumps([{"id": "q", "text": "again"}]),
    }
    first, second = tmp_path / "first", tmp_path / "second"
    for name in files:
        write(first, name, files[name])
    for name in reversed(files):
        write(second, name, files[name])
    assert load_articles(first) == load_articles(second)


def test_skipped_reasons_are_known_codes(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", b"\x00")
    write(tmp_path, "b.jsonl", "x\n")
    assert {s.reason for s in load_articles(tmp_path).skipped} <= set(SKIP_REASONS)


# Property: any bytes in a .txt file


@settings(max_examples=200, deadline=None, database=None, derandomize=True)
@given(
    data=st.binary(max_size=64) | st.text(max_size=32).map(str.encode),
    limit=st.integers(min_value=1, max_value=80),
)
def test_any_bytes_give_an_exact_article_or_a_note(data: bytes, limit: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = write(Path(folder), "a.txt", data)
        corpus = load_articles(folder, max_bytes=limit)
        notes = {s.reason for s in corpus.skipped}
        assert {s.path for s in corpus.skipped} <= {"a.txt"}
        if not corpus.articles:
            assert notes in ({"binary"}, {"empty"})
            return
        article = only(corpus)
        assert 0 <= article.body_start <= len(article.text)
        if len(data) <= limit:
            assert notes <= {"malformed"}  # an unparsable date in a header
            assert path.read_text(encoding=article.encoding) == article.text
        else:
            assert "truncated" in notes
            whole = path.read_text(encoding=article.encoding, errors="replace")
            assert whole.startswith(article.text)


@settings(max_examples=300, deadline=None, database=None, derandomize=True)
@given(value=st.text(alphabet="0123456789-:TZ +.,JanWedGMT", max_size=32) | st.text())
def test_normalize_date_never_raises(value: str) -> None:
    result = normalize_date(value)
    assert result is None or normalize_date(result) == result


@settings(max_examples=300, deadline=None, database=None, derandomize=True)
@given(text=st.text(alphabet="-\n \tdate:'\"#x2025-01-29", max_size=60))
def test_header_body_start_is_within_the_text(text: str) -> None:
    assert 0 <= read_header(text).body_start <= len(text)


@settings(max_examples=150, deadline=None, database=None, derandomize=True)
@given(data=st.binary(max_size=40), limit=st.integers(min_value=1, max_value=40))
def test_truncated_text_is_a_prefix_of_the_whole(data: bytes, limit: int) -> None:
    decoded = decode_text(data[:limit], final=len(data) <= limit)
    if decoded is None:
        return
    text, encoding = decoded
    whole = codecs.decode(data, encoding, errors="replace")
    assert whole.replace("\r\n", "\n").replace("\r", "\n").startswith(text)


@settings(max_examples=200, deadline=None, database=None, derandomize=True)
@given(
    data=st.binary(max_size=40) | st.sampled_from(["\ufeffa", "\u00e9\x00"]).map(str.encode),
    cuts=st.lists(st.integers(min_value=0, max_value=40), max_size=4),
)
def test_detect_encoding_in_chunks_agrees_with_decode_text(data: bytes, cuts: list[int]) -> None:
    bounds = sorted({0, len(data), *(c for c in cuts if c <= len(data))})
    chunks = [data[a:b] for a, b in itertools.pairwise(bounds)]
    decoded = decode_text(data)
    assert detect_encoding(chunks) == (None if decoded is None else decoded[1])


def _mixed_corpus(root: Path) -> None:
    """Every kind of file, with lines and records that are not articles."""
    lines = [
        json.dumps(
            {"id": f"r{i}", "text": f"Record {i} text.", "date": "2026-03-0" + str(i % 9 + 1)}
        )
        for i in range(40)
    ]
    lines[3] = "{not json"
    lines[7] = ""
    lines[11] = json.dumps({"id": "r1", "text": "A duplicate id."})
    lines[13] = json.dumps({"id": "r13", "text": "Bad date.", "date": "someday"})
    lines[17] = json.dumps({"text": "No id."})
    (root / "big.jsonl").write_bytes(codecs.BOM_UTF8 + "\n".join(lines).encode() + b"\n")
    (root / "crlf.jsonl").write_bytes(
        b'{"id": "c1", "text": "Crlf."}\r\n\r\n{"id": "c2", "text": "B."}'
    )
    (root / "blank.jsonl").write_bytes(b"\n \n\n")
    (root / "one.json").write_text(json.dumps([{"id": "j1", "text": "Json one."}]))
    (root / "rows.csv").write_text("id,text\ns1,Csv one.\ns2,Csv two.\n")
    for i in range(5):
        (root / f"t{i}.txt").write_text(f"Text file {i}.")
    (root / "empty.txt").write_text("  ")


@pytest.mark.parametrize("piece", [1, 7, 64, 1 << 20])
def test_parallel_reading_gives_the_same_corpus(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, piece: int
) -> None:
    _mixed_corpus(tmp_path)
    serial = load_articles(tmp_path)
    monkeypatch.setattr("dedup.corpus.READ_PIECE", piece)
    monkeypatch.setattr("dedup.corpus.FILES_PER_TASK", 2)
    parallel = load_articles(tmp_path, workers=2)
    assert parallel == serial
    assert {s.reason for s in serial.skipped} >= {"malformed", "duplicate-id", "empty"}


@pytest.mark.parametrize(("workers", "piece"), [(1, 1 << 20), (2, 7), (2, 64), (2, 1 << 20)])
def test_reading_and_preparing_at_once_gives_the_same_articles_and_notes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int, piece: int
) -> None:
    from dedup.prepare import prepare

    _mixed_corpus(tmp_path)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "s.txt").write_text("date 2026-01-02\nÇa va. « Quoted, » she said.")
    lone = {"id": "lone", "text": "A lone \ud800 half. Then more.", "date": "2026-01-03"}
    (tmp_path / "sub" / "s.jsonl").write_text(json.dumps(lone) + "\n")
    corpus = load_articles(tmp_path, outlet_from_folder=True)
    monkeypatch.setattr("dedup.corpus.READ_PIECE", piece)
    monkeypatch.setattr("dedup.corpus.FILES_PER_TASK", 2)
    with Spill() as spill:
        prepared = load_prepared(tmp_path, spill=spill, outlet_from_folder=True, workers=workers)
        assert prepared.skipped == corpus.skipped
        assert len(prepared.documents) == len(corpus.articles)
        order = list(range(len(corpus.articles)))[::-1]  # any order
        documents, counts, keys = prepared.take(order)
        assert prepared.documents == []
        assert len(prepared.counts) == 0
        articles = [corpus.articles[number] for number in order]
        expected_lines = []
        for document, article in zip(documents, articles, strict=True):
            assert document.article == replace(article, text="")
            expected = prepare(article)
            assert (document.text, document.lines) == (article.text, expected.lines)
            assert (document.sentences, document.quotes) == (expected.sentences, expected.quotes)
            expected_lines += expected.lines
        assert counts.tolist() == [line_length(line) for line in expected_lines]
        assert keys.tolist() == [hash(line) for line in expected_lines]


def test_a_piece_that_cannot_be_read_drops_its_file_and_keeps_the_lines_in_step(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dedup import corpus as corpus_module
    from dedup.prepare import prepare

    _mixed_corpus(tmp_path)
    real = corpus_module.read_jsonl_lines

    def second_piece_fails(file: Path, *args: Any, start: int = 0, **kwargs: Any) -> Any:
        if file.name == "big.jsonl" and start > 0:
            raise OSError(5, "Input/output error")
        return real(file, *args, start=start, **kwargs)

    monkeypatch.setattr(corpus_module, "read_jsonl_lines", second_piece_fails)
    monkeypatch.setattr("dedup.corpus.READ_PIECE", 300)  # big.jsonl in several pieces
    corpus = load_articles(tmp_path, workers=2)
    assert ("big.jsonl", "unreadable") in {(s.path, s.reason) for s in corpus.skipped}
    assert not any(a.id.startswith("r") for a in corpus.articles)
    with Spill() as spill:
        prepared = load_prepared(tmp_path, spill=spill, workers=2)
        assert prepared.skipped == corpus.skipped
        documents, counts, keys = prepared.take(range(len(prepared.documents)))
        assert [d.article.id for d in documents] == [a.id for a in corpus.articles]
        lines = [line for a in corpus.articles for line in prepare(a).lines]
        assert keys.tolist() == [hash(line) for line in lines]
        assert counts.tolist() == [line_length(line) for line in lines]


def test_parallel_reading_notes_an_unreadable_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _mixed_corpus(tmp_path)
    (tmp_path / "gone.jsonl").symlink_to(tmp_path / "missing.jsonl")
    os.mkfifo(tmp_path / "pipe.jsonl")  # noted as not a regular file, never opened (it would block)
    monkeypatch.setattr("dedup.corpus.READ_PIECE", 16)
    corpus = load_articles(tmp_path, workers=2)
    assert corpus == load_articles(tmp_path)
    assert {(s.path, s.reason) for s in corpus.skipped} >= {
        ("gone.jsonl", "unreadable"),
        ("pipe.jsonl", "unreadable"),
    }


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(["", " ", '{"id": "a", "text": "x"}', "{bad", "\ufeff"]), max_size=12),
    st.lists(st.integers(min_value=1, max_value=60), max_size=6),
)
def test_line_ranges_read_each_line_once(lines: list[str], cuts: list[int]) -> None:
    from dedup._records import read_jsonl_lines

    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / "a.jsonl"
        file.write_bytes("\n".join(lines).encode())
        size = file.stat().st_size
        bounds = sorted({0, *(c for c in cuts if c < size)})
        whole_notes: list[Skipped] = []
        whole = read_jsonl_lines(file, "a.jsonl", max_bytes=100, skipped=whole_notes)
        found, notes, total_lines, total_records = [], [], 0, 0
        for start, end in itertools.pairwise([*bounds, None]):
            part_notes: list[Skipped] = []
            pairs, count, records = read_jsonl_lines(
                file, "a.jsonl", max_bytes=100, skipped=part_notes, start=start, end=end
            )
            found += [(line + total_lines, article) for line, article in pairs]
            notes += [replace(n, line=(n.line or 0) + total_lines) for n in part_notes]
            total_lines += count
            total_records += records
        assert (found, total_lines, total_records) == whole
        assert notes == whole_notes
