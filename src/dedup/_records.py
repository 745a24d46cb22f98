"""Article records: read JSON and JSON Lines files, check the fields, and build the article.

``record_article`` (truncation, date check and their notes) is shared with CSV rows.
"""

from __future__ import annotations

import codecs
import json
import re
from dataclasses import dataclass
from pathlib import Path

from dedup._metadata import normalize_date, pick
from dedup.article import Article, Skipped

__all__ = [
    "Record",
    "RecordError",
    "checked_date",
    "decode_document",
    "decode_line",
    "empty_note",
    "json_items",
    "parse_record",
    "read_json",
    "read_jsonl_lines",
    "record_article",
    "skip_note",
    "truncated_note",
]

_JSON_SPACE = re.compile(r"[ \t\n\r]*")
_SURROGATE = re.compile("[\ud800-\udfff]")


class RecordError(ValueError):
    """JSON that holds no article record; ``reason`` is a code from ``SKIP_REASONS``."""

    def __init__(self, reason: str, detail: str, line: int | None = None) -> None:
        super().__init__(detail)
        self.reason = reason
        self.line = line


def decode_line(raw: bytes) -> object:
    """Return the JSON value on one line of a JSON Lines file (UTF-8, a leading BOM ignored).

    >>> decode_line(b'{"id": 1}\\r\\n')
    {'id': 1}

    Raises:
        RecordError: The line is not UTF-8 or not JSON.
    """
    try:
        return json.loads(raw.removeprefix(codecs.BOM_UTF8).decode("utf-8"))
    except UnicodeDecodeError:
        raise RecordError("undecodable", "not valid UTF-8") from None
    except (ValueError, RecursionError) as error:
        raise RecordError("malformed", _json_problem(error)) from None


def decode_document(data: bytes) -> list[tuple[int, object]]:
    """Return ``(line, value)`` for the records of a JSON file: one object or a list of them.

    Raises:
        RecordError: The file is not UTF-8, not JSON, or holds no records; ``line`` tells where.
    """
    try:
        source = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise RecordError("undecodable", "not valid UTF-8", line) from None
    if not source.strip():
        raise RecordError("empty", "no records")
    try:
        items = json_items(source)
    except (ValueError, RecursionError) as error:
        raise RecordError(
            "malformed", _json_problem(error), getattr(error, "lineno", None)
        ) from None
    if not items:
        raise RecordError("empty", "no records")
    return items


def _json_problem(error: ValueError | RecursionError) -> str:
    """Return a one-line description of why JSON could not be decoded."""
    if isinstance(error, json.JSONDecodeError):
        return f"invalid JSON: {error.msg}"
    if isinstance(error, RecursionError):
        return "invalid JSON: nested too deeply"
    return f"invalid JSON: {str(error).partition(':')[0]}"


@dataclass(frozen=True, slots=True)
class Record:
    """The fields of an article record; ``date`` is the raw value, not yet checked."""

    id: str
    text: str
    date: object = None
    outlet: str | None = None
    title: str | None = None
    url: str | None = None


def parse_record(value: object) -> Record:
    """Return the article fields of a decoded JSON value.

    ``id`` (string or integer) and ``text`` (string) are required; ``date``, ``outlet``,
    ``title`` and ``url`` are optional and may use the aliases in ``FIELD_ALIASES``. Optional
    values that are not strings are ignored, unknown keys too. Lone surrogates (from JSON
    escapes such as ``"\\ud800"``) become U+FFFD, one for one, so offsets are unchanged.

    >>> parse_record({"id": 7, "text": "Hi.", "publisher": "AP"})
    Record(id='7', text='Hi.', date=None, outlet='AP', title=None, url=None)

    Raises:
        RecordError: ``value`` is not an object, or ``id`` or ``text`` is missing or empty.
    """
    if not isinstance(value, dict):
        raise RecordError("malformed", f"expected a JSON object, got {type(value).__name__}")
    article_id, text = value.get("id"), value.get("text")
    if isinstance(article_id, int) and not isinstance(article_id, bool):
        article_id = str(article_id)
    if not isinstance(article_id, str) or not article_id:
        raise RecordError("malformed", "'id' must be a non-empty string or integer")
    if not isinstance(text, str):
        raise RecordError("malformed", "'text' must be a string")
    if not text.strip():
        raise RecordError("empty", "'text' is empty")
    return Record(
        id=_valid(article_id),
        text=_valid(text),
        date=pick(value, "date"),
        outlet=_optional(pick(value, "outlet")),
        title=_optional(pick(value, "title")),
        url=_optional(pick(value, "url")),
    )


def _valid(text: str) -> str:
    """Return ``text`` with lone surrogates replaced by U+FFFD, so it can be encoded.

    >>> _valid("caf\\u00e9 \\ud800!")
    'café \ufffd!'
    """
    if text.isascii():  # a flag of the string: no scan
        return text
    try:
        text.encode("utf-8")  # in C, and only fails on a surrogate
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text)
    return text


def _optional(value: object) -> str | None:
    """Return ``value`` if it is a non-empty string, else ``None``."""
    return _valid(value) if isinstance(value, str) and value else None


def json_items(source: str) -> list[tuple[int, object]]:
    """Return ``(line, value)`` for the top-level value of ``source`` or each item of a list.

    ``line`` is the 1-based line where the value starts.

    >>> json_items('[{"id": 1},\\n {"id": 2}]')
    [(1, {'id': 1}), (2, {'id': 2})]

    Raises:
        json.JSONDecodeError: ``source`` is not one JSON value.
    """
    decoder = json.JSONDecoder()
    position = _skip_space(source, 0)
    if not source.startswith("[", position):
        value, end = decoder.raw_decode(source, position)
        _expect_end(source, end)
        return [(source.count("\n", 0, position) + 1, value)]
    items: list[tuple[int, object]] = []
    position = _skip_space(source, position + 1)
    line, counted = 1, 0
    while not (source.startswith("]", position) and not items):
        line, counted = line + source.count("\n", counted, position), position
        value, position = decoder.raw_decode(source, position)
        items.append((line, value))
        position = _skip_space(source, position)
        if source.startswith("]", position):
            break
        if not source.startswith(",", position):
            raise json.JSONDecodeError("Expecting ',' delimiter", source, position)
        position = _skip_space(source, position + 1)
    _expect_end(source, position + 1)
    return items


def _skip_space(source: str, position: int) -> int:
    """Return the position of the first non-whitespace character at or after ``position``."""
    match = _JSON_SPACE.match(source, position)
    return position if match is None else match.end()


def _expect_end(source: str, position: int) -> None:
    """Raise ``JSONDecodeError`` if anything but whitespace follows ``position``."""
    end = _skip_space(source, position)
    if end < len(source):
        raise json.JSONDecodeError("Extra data", source, end)


def read_json(
    file: Path, file_id: str, *, max_bytes: int, skipped: list[Skipped]
) -> list[tuple[int, Article]]:
    """Return ``(line, article)`` for the records of a ``.json`` or ``.jsonl`` file.

    A ``.jsonl`` file is streamed line by line; a ``.json`` file, one object or a list of
    objects, is read whole. What is not an article is noted in ``skipped``.

    Raises:
        OSError: The file cannot be read.
    """
    found: list[tuple[int, Article]] = []
    if file.suffix.lower() == ".jsonl":
        found, _, records = read_jsonl_lines(file, file_id, max_bytes=max_bytes, skipped=skipped)
        if records == 0:
            skipped.append(empty_note(file_id))
        return found
    try:
        items = decode_document(file.read_bytes())
    except RecordError as error:
        skipped.append(skip_note(file_id, error, error.line))
        return found
    for line, value in items:
        found.extend(_article(value, file_id, line, max_bytes, skipped))
    return found


def read_jsonl_lines(
    file: Path,
    file_id: str,
    *,
    max_bytes: int,
    skipped: list[Skipped],
    start: int = 0,
    end: int | None = None,
) -> tuple[list[tuple[int, Article]], int, int]:
    """Return ``(line, article)`` for the records of the lines of a ``.jsonl`` file that start
    in bytes ``start .. end`` (to the end of the file by default), lines numbered from 1 at the
    first of them; and how many lines and records (lines not blank) the range holds.

    Ranges that cut a file anywhere read each of its lines exactly once between them.

    Raises:
        OSError: The file cannot be read.
    """
    found: list[tuple[int, Article]] = []
    lines = records = 0
    with file.open("rb") as handle:
        position = start
        if start > 0:  # the line that starts at ``start`` or after the previous newline
            handle.seek(start - 1)
            position += len(handle.readline()) - 1
        while end is None or position < end:
            raw = handle.readline()
            if not raw:
                break
            position += len(raw)
            lines += 1
            if raw.removeprefix(codecs.BOM_UTF8).strip():
                records += 1
                found.extend(_article(raw, file_id, lines, max_bytes, skipped))
    return found, lines, records


def empty_note(file_id: str) -> Skipped:
    """Return the note for a JSON Lines file without a record."""
    return Skipped(path=file_id, reason="empty", detail="no records")


def _article(
    value: object, file_id: str, line: int, max_bytes: int, skipped: list[Skipped]
) -> list[tuple[int, Article]]:
    """Return the article of one JSON record (or its undecoded line), or note why there is none."""
    try:
        record = parse_record(decode_line(value) if isinstance(value, bytes) else value)
    except RecordError as error:
        skipped.append(skip_note(file_id, error, line))
        return []
    return [(line, record_article(record, file_id, line, max_bytes=max_bytes, skipped=skipped))]


def skip_note(file_id: str, error: RecordError, line: int | None) -> Skipped:
    """Return the note for a record or file that ``error`` says is not an article."""
    return Skipped(path=file_id, reason=error.reason, detail=str(error), line=line)


def record_article(
    record: Record,
    origin: str,
    line: int | None,
    *,
    max_bytes: int,
    skipped: list[Skipped],
    encoding: str = "utf-8",
) -> Article:
    """Return the article of ``record`` from line ``line`` of file ``origin``.

    The text is cut to its first ``max_bytes`` of UTF-8, and an unparsable date dropped; both
    are noted in ``skipped``.
    """
    text = record.text
    if 4 * len(text) > max_bytes and len(text.encode("utf-8")) > max_bytes:  # 4 bytes a character
        text = text.encode("utf-8")[:max_bytes].decode("utf-8", errors="ignore")
        skipped.append(truncated_note(origin, line, max_bytes))
    return Article(
        id=record.id,
        text=text,
        date=checked_date(record.date, origin, line, skipped),
        outlet=record.outlet,
        title=record.title,
        url=record.url,
        encoding=encoding,
    )


def checked_date(
    value: object, origin: str, line: int | None, skipped: list[Skipped]
) -> str | None:
    """Return ``value`` as an ISO 8601 date, noting a value that is not a date."""
    if value is None:
        return None
    date = normalize_date(value)
    if date is None:
        detail = f"unparsable date {repr(value)[:80]}; article kept without a date"
        skipped.append(Skipped(path=origin, reason="malformed", detail=detail, line=line))
    return date


def truncated_note(origin: str, line: int | None, max_bytes: int) -> Skipped:
    """Return the note for an article read only up to ``max_bytes``."""
    detail = f"longer than {max_bytes} bytes; scanned only the first {max_bytes}"
    return Skipped(path=origin, reason="truncated", detail=detail, line=line)
