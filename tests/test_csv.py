"""Tests for CSV and TSV input, read through ``load_articles``: every fixture is written here."""

from __future__ import annotations

import codecs
import csv
import io
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dedup import _csv
from dedup.article import Article, Corpus
from dedup.corpus import DEFAULT_CSV_COLUMNS, CsvColumns, load_articles

WIRE = "The council voted on Tuesday to repair the bridge. Work starts in May."


def write(root: Path, name: str, content: str | bytes) -> Path:
    """Write ``content`` to ``root / name``, creating folders; ``str`` is written as UTF-8."""
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def rows(*cells: list[str], dialect: str = "excel") -> str:
    """Return ``cells`` as CSV text written by ``csv.writer``."""
    out = io.StringIO()
    csv.writer(out, dialect).writerows(cells)
    return out.getvalue()


def only(corpus: Corpus) -> Article:
    """Return the single article of ``corpus``."""
    assert len(corpus) == 1, corpus
    return corpus.articles[0]


def notes(corpus: Corpus) -> list[tuple[str, int | None, str]]:
    """Return ``(path, line, reason)`` of every skipped entry."""
    return [(s.path, s.line, s.reason) for s in corpus.skipped]


# Columns


def test_columns_are_found_by_their_usual_names_ignoring_case(tmp_path: Path) -> None:
    header = [" ID", "Publisher", "SCRAPE_TIME", "Text", "Headline", "link"]
    row = ["6", " nytimes.com ", "2018-07-15T07:54:28-04:00", WIRE, "Golf", "https://x.test/6"]
    write(tmp_path, "scrape.csv", rows(header, row))
    article = only(load_articles(tmp_path))
    assert article == Article(
        id="6",
        text=WIRE,
        date="2018-07-15T11:54:28",
        outlet="nytimes.com",
        title="Golf",
        url="https://x.test/6",
    )


@pytest.mark.parametrize(
    ("header", "field", "value"),
    [
        (["article_id", "body"], "id", "v"),
        (["doc_id", "content"], "id", "v"),
        (["id", "article", "published_at"], "date", "2025-01-29"),
        (["id", "text", "time"], "date", "2025-01-29"),
        (["id", "text", "site"], "outlet", "v"),
        (["id", "text", "domain"], "outlet", "v"),
        (["id", "text", "source"], "outlet", "v"),
    ],
)
def test_each_alias_is_recognised(
    tmp_path: Path, header: list[str], field: str, value: str
) -> None:
    cells = {"body": WIRE, "content": WIRE, "article": WIRE, "text": WIRE}
    row = [cells.get(name, "2025-01-29" if field == "date" else "v") for name in header]
    write(tmp_path, "a.csv", rows(header, row))
    assert getattr(only(load_articles(tmp_path)), field) == value


def test_earlier_candidate_wins_over_column_order(tmp_path: Path) -> None:
    write(tmp_path, "a.csv", rows(["source", "outlet", "text"], ["s", "o", WIRE]))
    assert only(load_articles(tmp_path)).outlet == "o"


def test_explicit_columns(tmp_path: Path) -> None:
    header = ["key", "story", "when", "paper", "headline", "href", "text"]
    row = ["k1", WIRE, "2025-01-29", "Daily", "H", "https://x.test", "not the story"]
    write(tmp_path, "a.csv", rows(header, row))
    columns = CsvColumns(id="KEY", text="story", date="when", outlet="paper", url="href")
    article = only(load_articles(tmp_path, csv_columns=columns))
    assert (article.id, article.text, article.date) == ("k1", WIRE, "2025-01-29")
    assert (article.outlet, article.title, article.url) == ("Daily", "H", "https://x.test")


def test_an_explicit_column_must_exist(tmp_path: Path) -> None:
    write(tmp_path, "a.csv", rows(["id", "text"], ["1", WIRE]))
    corpus = load_articles(tmp_path, csv_columns=CsvColumns(outlet="paper"))
    assert (corpus.articles, notes(corpus)) == ((), [("a.csv", 1, "malformed")])
    assert "'paper'" in corpus.skipped[0].detail


def test_a_text_column_is_required(tmp_path: Path) -> None:
    write(tmp_path, "a.csv", rows(["id", "words"], ["1", WIRE]))
    write(tmp_path, "b.csv", rows(["id", "text"], ["2", WIRE]))
    corpus = load_articles(tmp_path)
    assert [a.id for a in corpus] == ["2"]
    assert notes(corpus) == [("a.csv", 1, "malformed")]
    assert corpus.skipped[0].detail.startswith("no text column in the header")


def test_an_empty_tuple_ignores_a_field(tmp_path: Path) -> None:
    write(tmp_path, "a.csv", rows(["id", "text", "source"], ["1", WIRE, "survey"]))
    article = only(load_articles(tmp_path, csv_columns=CsvColumns(outlet=())))
    assert article.outlet is None


def test_default_columns_are_the_documented_aliases() -> None:
    assert CsvColumns() == DEFAULT_CSV_COLUMNS
    assert DEFAULT_CSV_COLUMNS.text == ("text", "body", "content", "article")
    assert "scrape_time" in DEFAULT_CSV_COLUMNS.date


# Quoting, lines and rows that are not articles


def test_quoted_cells_keep_newlines_commas_and_quotes(tmp_path: Path) -> None:
    text = 'First line, with a comma.\r\nSecond "quoted" line.\n\nThird after a blank line.'
    write(tmp_path, "a.csv", rows(["id", "text"], ["a", text], ["b", WIRE]))
    corpus = load_articles(tmp_path)
    assert [(a.id, a.text) for a in corpus] == [("a", text), ("b", WIRE)]
    write(tmp_path, "a.csv", rows(["id", "text"], ["a", text], ["b", "x"], ["b", "dup"]))
    assert notes(load_articles(tmp_path)) == [("a.csv", 7, "duplicate-id")]  # a physical line


def test_bad_rows_are_noted_with_their_line_and_the_rest_read(tmp_path: Path) -> None:
    source = (
        "id,text,outlet\n"
        "ok1,Fine.,AP\n"
        "short,Only two\n"
        'long,"Three, then",more,cells\n'
        ",No id.,AP\n"
        "blank,   ,AP\n"
        "\n"
        ",,\n"
        "ok2,Also fine.,\n"
        'multi,"Two\nlines",AP,extra\n'
        "ok3,Last.,AP\n"
    )
    write(tmp_path, "a.csv", source)
    corpus = load_articles(tmp_path)
    assert [(a.id, a.outlet) for a in corpus] == [("ok1", "AP"), ("ok2", None), ("ok3", "AP")]
    assert [(line, reason) for _, line, reason in notes(corpus)] == [
        (3, "malformed"),
        (4, "malformed"),
        (5, "malformed"),
        (6, "empty"),
        (10, "malformed"),
    ]
    assert corpus.skipped[0].detail == "expected 3 cells, got 2"
    assert corpus.skipped[2].detail == "'id' is empty"


def test_without_an_id_column_ids_are_file_and_row(tmp_path: Path) -> None:
    source = "outlet,text\nAP,One.\n\n,,\nAP,Two.\nAP,\nAP,Four.\n"
    write(tmp_path, "feeds/wire.csv", source)
    corpus = load_articles(tmp_path)
    assert [a.id for a in corpus] == ["feeds/wire.csv:1", "feeds/wire.csv:2", "feeds/wire.csv:4"]
    assert notes(corpus) == [("feeds/wire.csv", 6, "empty")]


def test_row_ids_can_be_forced_when_ids_collide_across_files(tmp_path: Path) -> None:
    write(tmp_path, "a.csv", rows(["id", "text"], ["1", "A."]))
    write(tmp_path, "b.csv", rows(["id", "text"], ["1", "B."]))
    assert notes(load_articles(tmp_path)) == [("b.csv", 2, "duplicate-id")]
    corpus = load_articles(tmp_path, csv_columns=CsvColumns(id=()))
    assert [a.id for a in corpus] == ["a.csv:1", "b.csv:1"]


@pytest.mark.parametrize("source", ["", "\n\n", "id,text\n", "id,text\n\n,\n"])
def test_no_records_is_empty(tmp_path: Path, source: str) -> None:
    write(tmp_path, "a.csv", source)
    corpus = load_articles(tmp_path)
    assert (corpus.articles, [r for _, _, r in notes(corpus)]) == ((), ["empty"])


def test_unparsable_date_keeps_the_article(tmp_path: Path) -> None:
    write(tmp_path, "a.csv", rows(["id", "text", "date"], ["1", WIRE, "soon"]))
    corpus = load_articles(tmp_path)
    assert only(corpus).date is None
    assert notes(corpus) == [("a.csv", 2, "malformed")]


def test_tsv_and_uppercase_suffix(tmp_path: Path) -> None:
    text = "Tab\tinside, and a newline\nhere."
    write(tmp_path, "a.TSV", rows(["id", "text"], ["t", text], dialect="excel-tab"))
    write(tmp_path, "b.CSV", rows(["id", "text"], ["c", WIRE]))
    assert [(a.id, a.text) for a in load_articles(tmp_path)] == [("c", WIRE), ("t", text)]


def test_single_csv_file(tmp_path: Path) -> None:
    path = write(tmp_path, "sub/a.csv", rows(["text"], [WIRE]))
    assert only(load_articles(path)).id == "a.csv:1"


# Encodings


def test_utf8_bom_is_not_part_of_the_first_column_name(tmp_path: Path) -> None:
    write(tmp_path, "a.csv", codecs.BOM_UTF8 + rows(["id", "text"], ["1", "caf\u00e9"]).encode())
    article = only(load_articles(tmp_path))
    assert (article.id, article.text, article.encoding) == ("1", "caf\u00e9", "utf-8-sig")


def test_cp1252_csv_is_decoded_and_named(tmp_path: Path) -> None:
    write(
        tmp_path,
        "a.csv",
        rows(["id", "text"], ["1", "\u201cQuoted\u201d \u20ac5"]).encode("cp1252"),
    )
    corpus = load_articles(tmp_path)
    assert (only(corpus).text, only(corpus).encoding, corpus.skipped) == (
        "\u201cQuoted\u201d \u20ac5",
        "cp1252",
        (),
    )


def test_invalid_utf8_late_in_a_large_file_changes_the_codec(tmp_path: Path) -> None:
    lines = [["id", "text"]] + [[str(n), WIRE] for n in range(3000)] + [["last", "na\u00efve"]]
    write(tmp_path, "a.csv", rows(*lines).encode("latin-1"))  # > one 64 KiB chunk
    corpus = load_articles(tmp_path)
    assert len(corpus) == 3001
    assert {a.encoding for a in corpus} == {"cp1252"}
    assert corpus.articles[-1].text == "na\u00efve"


def test_utf16_tsv_as_saved_by_spreadsheets(tmp_path: Path) -> None:
    data = rows(["id", "text"], ["1", "\u00e9t\u00e9"], dialect="excel-tab").encode("utf-16")
    write(tmp_path, "a.tsv", data)
    article = only(load_articles(tmp_path))
    assert (article.text, article.encoding) == ("\u00e9t\u00e9", "utf-16")


def test_nul_bytes_mean_binary(tmp_path: Path) -> None:
    write(tmp_path, "a.csv", b"id,text\n1,a\x00b\n")
    assert notes(load_articles(tmp_path)) == [("a.csv", None, "binary")]


# Size


def test_huge_cell_is_read_whole_and_the_csv_limit_restored(tmp_path: Path) -> None:
    text = "word " * 400_000  # 2,000,000 characters: far above csv's default limit of 131,072
    write(tmp_path, "a.csv", rows(["id", "text"], ["big", text], ["next", WIRE]))
    before = csv.field_size_limit()
    corpus = load_articles(tmp_path)
    assert csv.field_size_limit() == before
    assert [(a.id, len(a.text)) for a in corpus] == [("big", len(text)), ("next", len(WIRE))]
    assert corpus.skipped == ()


def test_cell_above_max_bytes_is_truncated(tmp_path: Path) -> None:
    write(tmp_path, "a.csv", rows(["id", "text"], ["a", "\u20ac" * 5], ["b", "ok"]))
    corpus = load_articles(tmp_path, max_bytes=8)
    assert [a.text for a in corpus] == ["\u20ac" * 2, "ok"]
    assert notes(corpus) == [("a.csv", 2, "truncated")]


def test_cell_above_the_field_limit_stops_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_csv, "FIELD_LIMIT", 100)
    source = rows(["id", "text"], ["a", "Short."]) + 'b,"unclosed quote\n' + "c,more text\n" * 50
    write(tmp_path, "a.csv", source)
    corpus = load_articles(tmp_path, max_bytes=50)
    assert only(corpus).id == "a"
    assert notes(corpus) == [("a.csv", 3, "too-large")]
    assert "rest of the file not read" in corpus.skipped[0].detail


# Determinism and round trip


def test_same_files_in_another_order_give_the_same_corpus(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        "z.csv": rows(["id", "text"], ["1", WIRE], ["2", ""], ["x", "dup"]),
        "a/b.tsv": rows(["text"], ["tab"], dialect="excel-tab"),
        "m.csv": rows(["id", "text", "date"], ["x", WIRE, "later"]),
        "bin.csv": b"\x00",
    }
    first, second = tmp_path / "first", tmp_path / "second"
    for name in files:
        write(first, name, files[name])
    for name in reversed(files):
        write(second, name, files[name])
    assert load_articles(first) == load_articles(second) == load_articles(first)


def _physical_line(source: str, offset: int) -> int:
    """Return the 1-based line at ``offset``, counting line breaks as a file opened with
    ``newline=""`` does."""
    return len(re.findall(r"\r\n|\r|\n", source[:offset])) + 1


cell = st.text(st.characters(exclude_characters="\x00"), max_size=30)


@settings(max_examples=100, deadline=None, database=None, derandomize=True)
@given(
    table=st.lists(st.tuples(cell, cell), max_size=8),
    dialect=st.sampled_from([("excel", ".csv"), ("excel-tab", ".tsv")]),
)
def test_rows_written_by_csv_writer_read_back(
    table: list[tuple[str, str]], dialect: tuple[str, str]
) -> None:
    name, suffix = dialect
    header = rows(["id", "text", "outlet"], dialect=name)
    written = [rows([str(n), text, outlet], dialect=name) for n, (text, outlet) in enumerate(table)]
    source = header + "".join(written)
    with tempfile.TemporaryDirectory() as folder:
        write(Path(folder), "t" + suffix, source)
        corpus = load_articles(folder)
    starts = [len(header) + sum(map(len, written[:n])) for n in range(len(table))]
    lines: list[int | None] = [_physical_line(source, start) for start in starts]
    kept = {str(n): (text, outlet.strip() or None) for n, (text, outlet) in enumerate(table)}
    blank = [line for line, (text, _) in zip(lines, table, strict=True) if not text.strip()]
    blank = blank if table else [None]  # a file without rows is noted as empty
    assert {a.id: (a.text, a.outlet) for a in corpus} == {
        key: value for key, value in kept.items() if value[0].strip()
    }
    assert all(a.encoding == "utf-8" for a in corpus)
    assert [(s.line, s.reason) for s in corpus.skipped] == [(line, "empty") for line in blank]
