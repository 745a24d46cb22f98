"""Read articles from a folder or a file: the only module of ``dedup`` that touches the disk.

Supported files: ``.txt``, ``.md`` and ``.markdown`` (one article each), ``.json`` (one object
or a list of objects), ``.jsonl`` (one object per line), ``.csv`` and ``.tsv`` (a header row,
then one record per row). Other files are not articles and are ignored without a note.
Anything that cannot be read is listed in ``Corpus.skipped`` with a reason from
``SKIP_REASONS``; only a missing or unusable root raises ``CorpusError``.

Ids:
    A text file's id is its path relative to the root folder, with ``/`` separators. Bytes in
    a file name that are not UTF-8 become U+FFFD, so every id can be written as JSON. A JSON
    record's id is its ``id`` field (a string, or an integer converted with ``str``); a CSV
    row's is its id cell, or ``<file id>:<row number>`` without an id column. Duplicate ids
    keep the first article in (id, file id, line) order; the others are skipped.

Text files:
    Decoded as described in ``_decode.decode_text`` (BOM, UTF-8, cp1252, latin-1), with
    newlines as ``Path.read_text`` gives them: ``read_text(encoding=article.encoding)`` returns
    ``article.text``. NUL bytes without a UTF-16/32 BOM mean ``binary``. Front matter between
    ``---`` lines, or a leading ``date YYYY-MM-DD`` token, sets metadata and ``body_start``;
    the text itself is never altered.

JSON records:
    ``id`` and ``text`` are required; ``date``, ``outlet``, ``title``, ``url`` are optional,
    with the aliases in ``_metadata.FIELD_ALIASES`` (``publisher`` and ``source`` for outlet,
    ``published``, ``published_at``, ``publish_date`` and ``scrape_time`` for date,
    ``headline`` for title, ``link`` for url). Files are UTF-8, a BOM tolerated. A bad record
    is noted with its 1-based line and the rest of the file is read. An unparsable date keeps
    the article without a date and adds a ``malformed`` note. ``.json`` files are read whole;
    ``.jsonl`` files are streamed line by line.

CSV and TSV records:
    Streamed row by row, as described in ``_csv``; ``CsvColumns`` says which header names hold
    each field. The text is the cell exactly as written; the line of a note is the physical
    line where the row starts. Dates, truncation and notes follow the JSON rules.

Outlets from folders:
    With ``outlet_from_folder``, an article without an outlet of its own (from front matter,
    a record field or a CSV column) takes the name of the first folder under the root that
    holds its file: ``bbc/2024/a.txt`` gets ``bbc``. Files directly under the root keep none.

Symbolic links:
    A link to a folder is never followed, which rules out loops and escapes from the tree; a
    link to a file is read like the file itself. A broken link is listed as unreadable.

Size limit:
    Only the first ``max_bytes`` of a text file (or of a record's UTF-8 ``text``) are read,
    cut at a character boundary. The article is kept and scanned up to the limit, and a
    ``truncated`` entry says so.
"""

from __future__ import annotations

import dataclasses
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from dedup._csv import CSV_SUFFIXES, CsvColumns, read_csv
from dedup._decode import decode_text
from dedup._metadata import read_header
from dedup._records import checked_date, read_json, truncated_note
from dedup.article import Article, Corpus, Skipped
from dedup.errors import ConfigError, CorpusError

__all__ = [
    "DEFAULT_CSV_COLUMNS",
    "DEFAULT_MAX_BYTES",
    "RECORD_SUFFIXES",
    "TEXT_SUFFIXES",
    "CsvColumns",
    "load_articles",
]

DEFAULT_MAX_BYTES = 5_000_000
"""Per-article size limit in bytes: about 800,000 words, far above any news article."""

TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown"})
RECORD_SUFFIXES = frozenset({".json", ".jsonl", *CSV_SUFFIXES})
_SUFFIXES = TEXT_SUFFIXES | RECORD_SUFFIXES

DEFAULT_CSV_COLUMNS = CsvColumns()
"""Look for each field under its usual header names (see ``CsvColumns``)."""


@dataclasses.dataclass(frozen=True, slots=True)
class _Found:
    """An article and where it was read: the id of its file and its line in that file."""

    article: Article
    origin: str
    line: int | None = None


def load_articles(
    path: str | os.PathLike[str],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    include_hidden: bool = False,
    csv_columns: CsvColumns = DEFAULT_CSV_COLUMNS,
    outlet_from_folder: bool = False,
) -> Corpus:
    """Read every article in the folder or file ``path``.

    Args:
        path: A folder, walked recursively, or one supported file.
        max_bytes: Per-article limit; longer articles are read up to it and noted as truncated.
        include_hidden: Also read files and folders whose name starts with ``.``.
        csv_columns: The header names of each field in ``.csv`` and ``.tsv`` files.
        outlet_from_folder: Give an article without an outlet the name of its top folder.

    Returns:
        The articles sorted by id, and the skipped inputs sorted by (path, line, reason).

    Raises:
        CorpusError: ``path`` is missing, unreadable, or an unsupported file.
        ConfigError: ``max_bytes`` is not positive.
    """
    if max_bytes < 1:
        raise ConfigError(f"max_bytes must be at least 1, got {max_bytes}")
    root = Path(path)
    skipped: list[Skipped] = []
    found: list[_Found] = []
    for file_id, file in _article_files(root, include_hidden=include_hidden, skipped=skipped):
        found.extend(_read_file(file, file_id, max_bytes, csv_columns, skipped))
    if outlet_from_folder:
        found = [_with_folder_outlet(item) for item in found]
    articles = _unique(found, skipped)
    skipped.sort(key=lambda s: (s.path, s.line or 0, s.reason, s.detail))
    return Corpus(articles, tuple(skipped))


def _article_files(
    root: Path, *, include_hidden: bool, skipped: list[Skipped]
) -> list[tuple[str, Path]]:
    """Return ``(id, path)`` for every supported file at or under ``root``."""
    try:
        mode = root.stat().st_mode
    except OSError as error:
        raise CorpusError(f"{_shown(root)}: {_reason(error)}") from None
    if stat.S_ISDIR(mode):
        return _walk(root, include_hidden=include_hidden, skipped=skipped)
    if not stat.S_ISREG(mode):
        raise CorpusError(f"{_shown(root)}: not a file or folder")
    if root.suffix.lower() not in _SUFFIXES:
        expected = ", ".join(sorted(_SUFFIXES))
        raise CorpusError(f"{_shown(root)}: not an article file (expected {expected})")
    return [(_clean(root.name), root)]


def _walk(root: Path, *, include_hidden: bool, skipped: list[Skipped]) -> list[tuple[str, Path]]:
    """Return ``(id, path)`` for the supported files under ``root``, without following links."""
    files: list[tuple[str, Path]] = []
    folders: list[tuple[Path, str]] = [(root, "")]
    while folders:
        folder, prefix = folders.pop()
        for entry in _list_folder(folder, prefix, skipped):
            if entry.name.startswith(".") and not include_hidden:
                continue
            entry_id = prefix + _clean(entry.name)
            if _is_real_folder(entry):
                folders.append((Path(entry.path), entry_id + "/"))
            elif Path(entry.name).suffix.lower() in _SUFFIXES:
                files.append((entry_id, Path(entry.path)))
    return files


def _list_folder(folder: Path, prefix: str, skipped: list[Skipped]) -> list[os.DirEntry[str]]:
    """Return the entries of ``folder``; note a subfolder that cannot be listed."""
    try:
        with os.scandir(folder) as scan:
            return list(scan)
    except OSError as error:
        if not prefix:
            raise CorpusError(f"{_shown(folder)}: {_reason(error)}") from None
        skipped.append(Skipped(path=prefix[:-1], reason="unreadable", detail=_reason(error)))
        return []


def _is_real_folder(entry: os.DirEntry[str]) -> bool:
    """Return whether ``entry`` is a folder and not a link to one (``False`` when unknown)."""
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def _read_file(
    file: Path, file_id: str, max_bytes: int, columns: CsvColumns, skipped: list[Skipped]
) -> list[_Found]:
    """Return the articles of one file, appending to ``skipped`` whatever cannot be used."""
    suffix = file.suffix.lower()
    try:
        if not stat.S_ISREG(file.stat().st_mode):
            skipped.append(Skipped(path=file_id, reason="unreadable", detail="not a regular file"))
            return []
        if suffix in CSV_SUFFIXES:
            pairs = read_csv(file, file_id, columns, max_bytes=max_bytes, skipped=skipped)
        elif suffix in RECORD_SUFFIXES:
            pairs = read_json(file, file_id, max_bytes=max_bytes, skipped=skipped)
        else:
            return list(_read_text(file, file_id, max_bytes, skipped))
        return [_Found(article, file_id, line) for line, article in pairs]
    except OSError as error:
        skipped.append(Skipped(path=file_id, reason="unreadable", detail=_reason(error)))
        return []


def _read_text(
    file: Path, file_id: str, max_bytes: int, skipped: list[Skipped]
) -> Iterator[_Found]:
    """Yield the article of a text file, or note why there is none."""
    with file.open("rb") as handle:
        data = handle.read(max_bytes + 1)
    truncated = len(data) > max_bytes
    decoded = decode_text(data[:max_bytes], final=not truncated)
    if decoded is None:
        skipped.append(Skipped(path=file_id, reason="binary", detail="contains NUL bytes"))
        return
    text, encoding = decoded
    header = read_header(text)
    if not text[header.body_start :].strip():
        detail = "no text" if header.body_start == 0 else "no text after the header"
        skipped.append(Skipped(path=file_id, reason="empty", detail=detail))
        return
    if truncated:
        skipped.append(truncated_note(file_id, None, max_bytes))
    date = checked_date(header.fields.get("date"), file_id, None, skipped)
    fields = header.fields
    article = Article(
        id=file_id,
        text=text,
        date=date,
        outlet=fields.get("outlet"),
        title=fields.get("title"),
        url=fields.get("url"),
        encoding=encoding,
        body_start=header.body_start,
    )
    yield _Found(article, file_id)


def _with_folder_outlet(item: _Found) -> _Found:
    """Return ``item`` with the top folder of its file as outlet, if it has none of its own."""
    folder, separator, _ = item.origin.partition("/")
    if item.article.outlet is not None or not separator:
        return item
    return dataclasses.replace(item, article=dataclasses.replace(item.article, outlet=folder))


def _bad(file_id: str, line: int | None, reason: str, detail: str) -> Skipped:
    """Return the note for a line or record of ``file_id`` that is not an article."""
    return Skipped(path=file_id, reason=reason, detail=detail, line=line)


def _unique(found: Iterable[_Found], skipped: list[Skipped]) -> tuple[Article, ...]:
    """Return the articles sorted by id, keeping the first of each id and noting the others."""
    kept: dict[str, _Found] = {}
    for item in sorted(found, key=lambda f: (f.article.id, f.origin, f.line or 0)):
        first = kept.setdefault(item.article.id, item)
        if first is not item:
            where = first.origin if first.line is None else f"{first.origin}:{first.line}"
            detail = f"id {item.article.id!r} already read from {where}"
            skipped.append(_bad(item.origin, item.line, "duplicate-id", detail))
    return tuple(item.article for item in kept.values())


def _clean(name: str) -> str:
    """Return a file name as a valid ``str``, undecodable bytes replaced by U+FFFD."""
    return os.fsencode(name).decode("utf-8", errors="replace")


def _shown(path: Path) -> str:
    """Return ``path`` for a one-line message: escaped and without undecodable bytes."""
    return repr(_clean(os.fspath(path)))


def _reason(error: OSError) -> str:
    """Return the one-line reason of an ``OSError``, such as ``Permission denied``."""
    return error.strerror or type(error).__name__
