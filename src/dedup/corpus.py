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
from array import array
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import numpy as np

from dedup._csv import CSV_SUFFIXES, CsvColumns, read_csv
from dedup._decode import decode_text
from dedup._metadata import read_header
from dedup._records import (
    checked_date,
    empty_note,
    read_json,
    read_jsonl_lines,
    truncated_note,
)
from dedup.article import Article, Corpus, Skipped
from dedup.errors import ConfigError, CorpusError
from dedup.parallel import Progress, iter_shared
from dedup.prepare import Prepared, SpilledPacked, prepare_spilled, unpack_spilled
from dedup.spill import Spill

__all__ = [
    "DEFAULT_CSV_COLUMNS",
    "DEFAULT_MAX_BYTES",
    "RECORD_SUFFIXES",
    "TEXT_SUFFIXES",
    "CsvColumns",
    "load_articles",
    "load_prepared",
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
    prepared: SpilledPacked | None = None
    """What ``prepare_spilled`` made of it, when read by ``load_prepared``."""
    first_line: int = 0
    """Where its lines' counts and keys start among those of every piece read."""


def load_articles(
    path: str | os.PathLike[str],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    include_hidden: bool = False,
    csv_columns: CsvColumns = DEFAULT_CSV_COLUMNS,
    outlet_from_folder: bool = False,
    workers: int = 1,
) -> Corpus:
    """Read every article in the folder or file ``path``.

    Args:
        path: A folder, walked recursively, or one supported file.
        max_bytes: Per-article limit; longer articles are read up to it and noted as truncated.
        include_hidden: Also read files and folders whose name starts with ``.``.
        csv_columns: The header names of each field in ``.csv`` and ``.tsv`` files.
        outlet_from_folder: Give an article without an outlet the name of its top folder.
        workers: Processes that read and decode the files (large JSON Lines files in pieces);
            the result is the same for any number.

    Returns:
        The articles sorted by id, and the skipped inputs sorted by (path, line, reason).

    Raises:
        CorpusError: ``path`` is missing, unreadable, or an unsupported file.
        ConfigError: ``max_bytes`` is not positive.
    """
    kept, skipped = _read_all(
        path, (max_bytes, csv_columns, None), include_hidden, outlet_from_folder, workers
    )
    return Corpus(tuple(item.article for item in kept), skipped)


def load_prepared(
    path: str | os.PathLike[str],
    *,
    spill: Spill,
    max_bytes: int = DEFAULT_MAX_BYTES,
    include_hidden: bool = False,
    csv_columns: CsvColumns = DEFAULT_CSV_COLUMNS,
    outlet_from_folder: bool = False,
    workers: int = 1,
    progress: Progress | None = None,
) -> Prepared:
    """``load_articles``, each article split into sentences and token lines by the worker that
    read it, its text and lines written to ``spill`` there (``prepare.prepare_spilled``): no
    text reaches this process. The same articles and notes as ``load_articles``, as documents
    in id order, for ``scan.scan_prepared``. ``progress("read", pieces, total)`` is told as
    the files are read (a piece: a file, or ``READ_PIECE`` bytes of a JSON Lines file).

    Reading, then preparing, sends every text from the reading workers to this process, which
    the preparing workers then copy page by page as they read it, and every article's lines
    back here to be written: at 10^5 articles reading and preparing took 13.8-13.9 s (3.6-3.8
    s of this process's CPU), here 11.5-12.3 s (0.8 s).
    """
    piece_lines: list[_LineData] = []
    kept, skipped = _read_all(
        path,
        (max_bytes, csv_columns, spill),
        include_hidden,
        outlet_from_folder,
        workers,
        progress,
        piece_lines,
    )
    documents = []
    for item in kept:
        assert item.prepared is not None  # every piece was read with the spill
        documents.append(unpack_spilled(item.article, item.prepared, spill))
    first_line = np.fromiter((item.first_line for item in kept), np.int64, len(kept))
    del kept
    counts = np.concatenate([np.frombuffer(c, np.int32) for c, _ in piece_lines] or [_NO_INT32])
    keys = np.concatenate([np.frombuffer(k, np.int64) for _, k in piece_lines] or [_NO_INT64])
    return Prepared(documents, counts, keys, first_line, skipped)


_NO_INT32, _NO_INT64 = np.zeros(0, np.int32), np.zeros(0, np.int64)


def _read_all(
    path: str | os.PathLike[str],
    settings: _Settings,
    include_hidden: bool,
    outlet_from_folder: bool,
    workers: int,
    progress: Progress | None = None,
    piece_lines: list[_LineData] | None = None,
) -> tuple[list[_Found], tuple[Skipped, ...]]:
    """The articles of ``path`` as found, one of each id, sorted by id; and the skipped inputs
    sorted by (path, line, reason). Read one by one here, or by ``workers`` processes; always
    in pieces when ``settings`` has a spill to prepare the articles into."""
    max_bytes, csv_columns, spill = settings
    if max_bytes < 1:
        raise ConfigError(f"max_bytes must be at least 1, got {max_bytes}")
    skipped: list[Skipped] = []
    files = _article_files(Path(path), include_hidden=include_hidden, skipped=skipped)
    tasks = _tasks(files, workers) if workers > 1 or spill is not None else []
    if len(tasks) > 1 or spill is not None:
        found = _read_in_parallel(tasks, settings, skipped, workers, progress, piece_lines)
    else:
        found = []
        for file_id, file in files:
            found.extend(_read_file(file, file_id, max_bytes, csv_columns, skipped))
    if outlet_from_folder:
        found = [_with_folder_outlet(item) for item in found]
    kept = _unique(found, skipped)
    skipped.sort(key=lambda s: (s.path, s.line or 0, s.reason, s.detail))
    return kept, tuple(skipped)


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


READ_PIECE = 1 << 25
"""Bytes of a JSON Lines file that one task reads when several workers read a corpus: larger
files are cut into pieces at line starts (at 10^6 generated articles, 3.3 GB in ten files, one
process took 30 s to read them while the others waited)."""

FILES_PER_TASK = 64
"""Files other than JSON Lines read by one task."""

_Piece = tuple[str, Path, "tuple[int, int | None] | None"]
"""``(file id, path, lines)``: with ``lines = (start, end)``, the lines of a JSON Lines file
that start in bytes ``start .. end`` (None: to the end); with None, the whole file, read as
``_read_file`` reads it one by one (notes on a file that is not regular included)."""

_Row = tuple[
    "int | None", str, str, "str | None", "str | None", "str | None", "str | None", str, int
]
"""An article as a worker sends it back: its line, then its fields in ``Article`` order (a
tuple pickles four times as fast as the dataclass)."""

_LineData = tuple["array[int]", "array[int]"]
"""The token counts and keys of the lines of a piece's articles, one after another."""

_PieceRead = tuple[
    list[_Row],
    "tuple[list[SpilledPacked], _LineData] | None",
    list[Skipped],
    int,
    int,
    "str | None",
]
"""What a piece held: its articles (without their texts when prepared), what
``prepare_spilled`` made of them (when read with a spill), its notes, how many lines and
records (JSON Lines only), and why it could not be read (None when it could)."""

_Settings = tuple[int, CsvColumns, "Spill | None"]
"""How workers read: ``max_bytes``, the CSV columns, and the spill to prepare articles into
(None: send the articles back as they are)."""


def _tasks(files: list[tuple[str, Path]], workers: int) -> list[list[_Piece]]:
    """The pieces ``_read_in_parallel`` hands out, one task each: regular JSON Lines files cut
    in pieces of ``READ_PIECE`` bytes at most (smaller for a smaller corpus, so that each
    of the ``workers`` gets several), other files ``FILES_PER_TASK`` at a time."""
    others: list[_Piece] = []
    sizes: list[tuple[str, Path, int]] = []
    for file_id, file in files:
        try:
            status = file.stat()
        except OSError:
            status = None  # read whole, where the error is noted
        if file.suffix.lower() != ".jsonl" or status is None or not stat.S_ISREG(status.st_mode):
            others.append((file_id, file, None))
        else:
            sizes.append((file_id, file, status.st_size))
    total = sum(size for _, _, size in sizes)
    piece = min(READ_PIECE, max(LEAST_PIECE, total // (PIECES_PER_WORKER * workers)))
    tasks: list[list[_Piece]] = []
    for file_id, file, size in sizes:
        cuts = list(range(0, size, piece)) or [0]
        tasks += [[(file_id, file, (cut, cut + piece))] for cut in cuts[:-1]]
        tasks.append([(file_id, file, (cuts[-1], None))])
    step = FILES_PER_TASK
    return tasks + [others[first : first + step] for first in range(0, len(others), step)]


LEAST_PIECE = 1 << 20
"""Bytes of a JSON Lines file a task reads at least (unless ``READ_PIECE`` is less)."""

PIECES_PER_WORKER = 8
"""Pieces of JSON Lines each worker gets, at least, where ``READ_PIECE`` allows: with the
articles prepared as they are read, a 33 MB file cut in two pieces kept one of two workers
busy alone."""


def _read_in_parallel(
    tasks: list[list[_Piece]],
    settings: _Settings,
    skipped: list[Skipped],
    workers: int,
    progress: Progress | None = None,
    piece_lines: list[_LineData] | None = None,
) -> list[_Found]:
    """The articles of every piece, read by ``workers`` processes: the same, in the same
    order, as reading the files one by one. JSON Lines lines are numbered across pieces.
    Articles prepared as they were read have their lines' counts and keys added to
    ``piece_lines``, a piece at a time."""
    lines_read = 0
    found: list[_Found] = []
    lines_before: dict[str, int] = {}
    records: dict[str, int] = {}
    failed: set[str] = set()
    pieces = [piece for task in tasks for piece in task]
    read = iter_shared(_read_pieces, settings, tasks, workers=workers, chunk=1)
    for number, ((file_id, _, span), piece_read) in enumerate(zip(pieces, read, strict=True)):
        rows, prepared, notes, lines, count, error = piece_read
        if progress is not None:
            progress("read", number + 1, len(pieces))
        if file_id in failed:
            continue
        if error is not None:
            failed.add(file_id)
            found = [item for item in found if item.origin != file_id]
            skipped.append(Skipped(path=file_id, reason="unreadable", detail=error))
            continue
        before = lines_before.get(file_id, 0)
        if before:
            notes = [dataclasses.replace(n, line=n.line + before) if n.line else n for n in notes]
        skipped += notes
        if prepared is None:
            found += [
                _Found(_article_of(row), file_id, None if row[0] is None else row[0] + before)
                for row in rows
            ]
        else:
            packed, (counts, keys) = prepared
            assert piece_lines is not None
            piece_lines.append((counts, keys))
            for row, one in zip(rows, packed, strict=True):
                line = None if row[0] is None else row[0] + before
                found.append(_Found(_article_of(row), file_id, line, one, lines_read))
                lines_read += len(one[0]) // 3  # three numbers a sentence
        if span is not None:
            lines_before[file_id] = before + lines
            records[file_id] = records.get(file_id, 0) + count
            if span[1] is None and records[file_id] == 0:
                skipped.append(empty_note(file_id))
    return found


def _read_pieces(settings: _Settings, tasks: Sequence[list[_Piece]]) -> list[_PieceRead]:
    """What each piece of each task holds (in a worker)."""
    max_bytes, columns, spill = settings
    return [_read_piece(piece, max_bytes, columns, spill) for task in tasks for piece in task]


def _read_piece(
    piece: _Piece, max_bytes: int, columns: CsvColumns, spill: Spill | None
) -> _PieceRead:
    file_id, file, span = piece
    notes: list[Skipped] = []
    pairs: Sequence[tuple[int | None, Article]]
    if span is None:
        pairs = [
            (item.line, item.article)
            for item in _read_file(file, file_id, max_bytes, columns, notes)
        ]
        lines = records = 0
    else:
        try:
            pairs, lines, records = read_jsonl_lines(
                file, file_id, max_bytes=max_bytes, skipped=notes, start=span[0], end=span[1]
            )
        except OSError as error:
            return [], None, [], 0, 0, _reason(error)
    if spill is None:
        return [_row(line, article) for line, article in pairs], None, notes, lines, records, None
    packed, counts, keys = prepare_spilled([article for _, article in pairs], spill)
    rows = [_row(line, article, text="") for line, article in pairs]
    return rows, (packed, (counts, keys)), notes, lines, records, None


def _row(line: int | None, article: Article, *, text: str | None = None) -> _Row:
    a = article
    text = a.text if text is None else text
    return (line, a.id, text, a.date, a.outlet, a.title, a.url, a.encoding, a.body_start)


def _article_of(row: _Row) -> Article:
    _, id_, text, date, outlet, title, url, encoding, body_start = row
    return Article(
        id=id_,
        text=text,
        date=date,
        outlet=outlet,
        title=title,
        url=url,
        encoding=encoding,
        body_start=body_start,
    )


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


def _unique(found: Iterable[_Found], skipped: list[Skipped]) -> list[_Found]:
    """Return the articles as found, sorted by id, keeping the first of each id and noting the
    others."""
    kept: dict[str, _Found] = {}
    for item in sorted(found, key=lambda f: (f.article.id, f.origin, f.line or 0)):
        first = kept.setdefault(item.article.id, item)
        if first is not item:
            where = first.origin if first.line is None else f"{first.origin}:{first.line}"
            detail = f"id {item.article.id!r} already read from {where}"
            skipped.append(_bad(item.origin, item.line, "duplicate-id", detail))
    return list(kept.values())


def _clean(name: str) -> str:
    """Return a file name as a valid ``str``, undecodable bytes replaced by U+FFFD."""
    return os.fsencode(name).decode("utf-8", errors="replace")


def _shown(path: Path) -> str:
    """Return ``path`` for a one-line message: escaped and without undecodable bytes."""
    return repr(_clean(os.fspath(path)))


def _reason(error: OSError) -> str:
    """Return the one-line reason of an ``OSError``, such as ``Permission denied``."""
    return error.strerror or type(error).__name__
