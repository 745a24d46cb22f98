"""CSV and TSV files: a header row names the columns, and every later row is one record.

Rows are streamed with the ``csv`` module, so quoted fields may hold commas, tabs and newlines.
``.csv`` files use the ``excel`` dialect and ``.tsv`` files ``excel-tab`` (quoted like Excel's
tab-separated export). The file's codec is chosen as for text files (``detect_encoding``: a
BOM, UTF-8, cp1252, latin-1) in a first pass that keeps nothing, and named in each article's
``encoding``. A cell's text is kept exactly as written, ``\\r\\n`` included, so offsets count
into the cell; other cells are stripped of surrounding spaces.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING

from dedup._decode import detect_encoding
from dedup._records import Record, RecordError, record_article, skip_note
from dedup.article import Article, Skipped

if TYPE_CHECKING:
    from _csv import Reader

__all__ = ["CSV_SUFFIXES", "FIELD_LIMIT", "CsvColumns", "read_csv"]

CSV_SUFFIXES: Mapping[str, str] = {".csv": "excel", ".tsv": "excel-tab"}
"""Suffixes read as delimited records, and the ``csv`` dialect of each."""

FIELD_LIMIT = 64 * 2**20
"""Longest cell read, in characters, unless ``max_bytes`` is larger.

A longer cell is nearly always an unclosed quote swallowing the rest of the file, so reading
stops there with a ``too-large`` note. The ``csv`` module's own limit (131,072) is far too
small for long articles; it is raised only while a file is read, then restored.
"""

_C_LONG_MAX = 2**31 - 1  # csv.field_size_limit takes a C long, 32 bits on Windows
_CHUNK = 1 << 16
Column = str | tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class CsvColumns:
    """The header names that hold each article field, matched ignoring case and spaces.

    A tuple lists candidates: the first one present in the header is used, and none need be.
    A single name must be present, or the file is skipped. ``()`` ignores the field. ``text``
    is required; without an ``id`` column a row's id is ``<file id>:<row number>``, counting
    the non-blank rows after the header from 1.

    >>> CsvColumns(text="body").text
    'body'
    """

    id: Column = ("id", "article_id", "doc_id")
    text: Column = ("text", "body", "content", "article")
    date: Column = ("date", "published", "published_at", "publish_date", "scrape_time", "time")
    outlet: Column = ("outlet", "publisher", "source", "site", "domain")
    title: Column = ("title", "headline")
    url: Column = ("url", "link")


@dataclass(frozen=True, slots=True)
class _Layout:
    """Where each field is in a row: the header names, and the column of each found field."""

    names: tuple[str, ...]
    columns: Mapping[str, int]

    def cell(self, row: list[str], name: str) -> str | None:
        """Return the stripped cell of field ``name``, or ``None`` if it is absent or blank."""
        column = self.columns.get(name)
        value = None if column is None else row[column].strip()
        return value or None


def read_csv(
    file: Path, file_id: str, columns: CsvColumns, *, max_bytes: int, skipped: list[Skipped]
) -> list[tuple[int, Article]]:
    """Return ``(line, article)`` for each row of a CSV or TSV file that is an article.

    ``line`` is the 1-based physical line where the row starts. Rows that are not articles are
    noted in ``skipped`` and the others read; a file that cannot be parsed past some point is
    read up to it. Texts are cut to ``max_bytes`` of UTF-8, as for JSON records.

    Raises:
        OSError: The file cannot be read.
    """
    with file.open("rb") as handle:
        encoding = detect_encoding(iter(functools.partial(handle.read, _CHUNK), b""))
    if encoding is None:
        skipped.append(Skipped(path=file_id, reason="binary", detail="contains NUL bytes"))
        return []
    limit = min(max(FIELD_LIMIT, max_bytes), _C_LONG_MAX)
    previous = csv.field_size_limit(limit)
    found: list[tuple[int, Article]] = []
    try:
        with file.open(encoding=encoding, newline="") as handle:
            reader = csv.reader(handle, CSV_SUFFIXES.get(file.suffix.lower(), "excel"))
            for line, record in _records(reader, file_id, columns, limit, skipped):
                article = record_article(
                    record, file_id, line, max_bytes=max_bytes, skipped=skipped, encoding=encoding
                )
                found.append((line, article))
    except UnicodeDecodeError:  # the file changed since its codec was chosen
        skipped.append(Skipped(path=file_id, reason="undecodable", detail=f"not valid {encoding}"))
    finally:
        csv.field_size_limit(previous)
    return found


def _records(
    reader: Reader, file_id: str, columns: CsvColumns, limit: int, skipped: list[Skipped]
) -> Iterator[tuple[int, Record]]:
    """Yield ``(line, record)`` for the rows of ``reader``, noting the rows that are not."""
    rows = _rows(reader, limit)
    try:
        header = next(rows, None)
        if header is None:
            raise RecordError("empty", "no records")
        layout = _layout(header, columns)
        number = 0
        for number, (line, row) in enumerate(rows, start=1):
            try:
                record = _record(row, layout, file_id, number)
            except RecordError as error:
                skipped.append(skip_note(file_id, error, line))
            else:
                yield line, record
        if number == 0:
            raise RecordError("empty", "no records")
    except RecordError as error:
        skipped.append(skip_note(file_id, error, error.line))


def _rows(reader: Reader, limit: int) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(first line, row)`` for the non-blank rows of ``reader``.

    Raises:
        RecordError: The rest of the file cannot be parsed; ``line`` is where its row starts.
    """
    consumed = 0
    try:
        for row in reader:
            line, consumed = consumed + 1, reader.line_num
            if any(cell.strip() for cell in row):
                yield line, row
    except csv.Error as error:
        if "field limit" in str(error):
            reason, problem = "too-large", f"a cell over {limit} characters (unclosed quote?)"
        else:
            reason, problem = "malformed", f"invalid CSV: {error}"
        raise RecordError(reason, f"{problem}; rest of the file not read", consumed + 1) from None


def _layout(header: tuple[int, list[str]], columns: CsvColumns) -> _Layout:
    """Return where each field of ``columns`` is in the ``(line, row)`` of the header.

    Raises:
        RecordError: The text column, or a column named by a single string, is not there.
    """
    line, row = header
    names = tuple(name.replace("\ufeff", "").strip() for name in row)
    position: dict[str, int] = {}
    for index, name in enumerate(names):
        position.setdefault(name.casefold(), index)
    found: dict[str, int] = {}
    for field in fields(CsvColumns):
        wanted = getattr(columns, field.name)
        candidates = (wanted,) if isinstance(wanted, str) else wanted
        column = next((position[c] for c in map(_key, candidates) if c in position), None)
        if column is not None:
            found[field.name] = column
        elif isinstance(wanted, str) or field.name == "text":
            expected = " or ".join(repr(c) for c in candidates) or "a name"
            detail = f"no {field.name} column in the header: expected {expected}"
            raise RecordError("malformed", detail, line)
    return _Layout(names, found)


def _key(name: str) -> str:
    """Return the form of a header name used for matching."""
    return name.strip().casefold()


def _record(row: list[str], layout: _Layout, file_id: str, number: int) -> Record:
    """Return the record of one data row; ``number`` counts the rows read so far, from 1.

    Raises:
        RecordError: The row has another number of cells than the header, or no id or text.
    """
    if len(row) != len(layout.names):
        raise RecordError("malformed", f"expected {len(layout.names)} cells, got {len(row)}")
    text = row[layout.columns["text"]]
    if not text.strip():
        raise RecordError("empty", f"{layout.names[layout.columns['text']]!r} is empty")
    article_id = layout.cell(row, "id") if "id" in layout.columns else f"{file_id}:{number}"
    if article_id is None:
        raise RecordError("malformed", f"{layout.names[layout.columns['id']]!r} is empty")
    return Record(
        id=article_id,
        text=text,
        date=layout.cell(row, "date"),
        outlet=layout.cell(row, "outlet"),
        title=layout.cell(row, "title"),
        url=layout.cell(row, "url"),
    )
