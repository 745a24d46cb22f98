"""Scan the articles of a folder or file without ever holding their texts in this process."""

from __future__ import annotations

import os
from typing import TypedDict

from dedup.config import Config
from dedup.corpus import (
    DEFAULT_CSV_COLUMNS,
    DEFAULT_MAX_BYTES,
    CsvColumns,
    load_articles,
    load_prepared,
)
from dedup.errors import SpillError
from dedup.parallel import Progress
from dedup.report import Report
from dedup.scan import scan, scan_prepared
from dedup.spill import CAN_SPILL, Spill


def scan_files(
    path: str | os.PathLike[str],
    config: Config | None = None,
    *,
    workers: int = 1,
    progress: Progress | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    include_hidden: bool = False,
    csv_columns: CsvColumns = DEFAULT_CSV_COLUMNS,
    outlet_from_folder: bool = False,
) -> Report:
    """``scan(load_articles(path, ...), config, ...)``, the same report, with each article
    split into sentences by the worker that reads it and its text and token lines written to a
    temporary file there (in ``TMPDIR``, unnamed): no text travels between processes or
    stays in memory. The way ``dedup scan`` reads a corpus. Where no temporary file can be
    made or written (or the platform cannot write one at an offset), it reads the articles
    first and scans them (``scan`` then needs one only for a corpus of more than
    ``scan.SPILL_ABOVE`` characters, and says so).

    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> text = "The harbour bridge will stay closed until the inspectors finish their work."
    >>> _ = (folder / "wire.txt").write_text("date 2026-03-02\\n" + text)
    >>> _ = (folder / "copy.txt").write_text("date 2026-03-03\\nBreaking. " + text)
    >>> [(m.a.doc, m.b.doc, m.source) for m in scan_files(folder).matches]
    [('copy.txt', 'wire.txt', 'wire.txt')]
    """
    reading: ReadOptions = {
        "max_bytes": max_bytes,
        "include_hidden": include_hidden,
        "csv_columns": csv_columns,
        "outlet_from_folder": outlet_from_folder,
        "workers": workers,
    }
    if CAN_SPILL:
        try:
            with Spill() as spill:
                prepared = load_prepared(path, spill=spill, progress=progress, **reading)
                return scan_prepared(prepared, config, workers=workers, progress=progress)
        except SpillError:  # no temporary file, or no room in it: read first, as scan() would
            pass
    return scan(load_articles(path, **reading), config, workers=workers, progress=progress)


class ReadOptions(TypedDict):
    """How ``load_articles`` and ``load_prepared`` read the files."""

    max_bytes: int
    include_hidden: bool
    csv_columns: CsvColumns
    outlet_from_folder: bool
    workers: int
