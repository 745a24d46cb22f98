"""The command line: ``dedup scan DIR`` and ``dedup demo``, thin wrappers over the library."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from importlib import resources
from pathlib import Path
from typing import Any

import click

from dedup.article import Corpus
from dedup.config import Config, config_fields
from dedup.corpus import DEFAULT_CSV_COLUMNS, DEFAULT_MAX_BYTES, load_articles
from dedup.errors import ConfigError, DedupError
from dedup.files import ReadOptions, scan_files
from dedup.html import to_html
from dedup.progress import ProgressBars
from dedup.render import to_json, to_jsonl, to_text
from dedup.report import Report
from dedup.scan import no_cyclic_gc, scan

FORMATS = ("text", "json", "jsonl", "html")


def _config_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add one option per ``Config`` field (``--shingle-size`` for ``shingle_size``)."""
    for name, kind, default, help_text in reversed(config_fields()):
        flag = "--" + name.replace("_", "-")
        if kind is bool:
            option = click.option(flag, name, is_flag=True, default=default, help=help_text)
        else:
            option = click.option(
                flag, name, type=kind, default=default, show_default=True, help=help_text
            )
        command = option(command)
    return command


CSV_FIELDS = ("id", "text", "date", "outlet", "title", "url")


def _csv_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--csv-id NAME`` ... ``--csv-url NAME``: the CSV column holding each field."""
    for name in reversed(CSV_FIELDS):
        command = click.option(
            f"--csv-{name}",
            f"csv_{name}",
            metavar="NAME",
            default=None,
            help=f"CSV/TSV column holding the {name} (default: detected from the header).",
        )(command)
    return command


def _output_options(command: Callable[..., Any]) -> Callable[..., Any]:
    command = click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default="text",
        show_default=True,
        help="Report format.",
    )(command)
    return click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Write the report to FILE (atomically) instead of stdout.",
    )(command)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="dedup")
def cli() -> None:
    """Find near-duplicate and syndicated news text, sentence by sentence."""


@cli.command("scan")
@click.argument("directory", type=click.Path(exists=True, path_type=Path))
@_output_options
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_BYTES,
    show_default=True,
    help="Read at most this many bytes of each article.",
)
@click.option("--include-hidden", is_flag=True, help="Also read hidden files and folders.")
@click.option("--write-inside", is_flag=True, help="Allow -o to write inside the scanned folder.")
@click.option("--strict", is_flag=True, help="Exit 1 when any input was skipped or partly read.")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Processes to use (default: all cores). The report is the same for any number.",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar on stderr.")
@click.option(
    "--outlet-from-folder",
    is_flag=True,
    help="An article without an outlet takes the first folder under DIRECTORY.",
)
@_csv_options
@_config_options
def scan_command(
    directory: Path,
    fmt: str,
    output: Path | None,
    max_bytes: int,
    include_hidden: bool,
    write_inside: bool,
    strict: bool,
    workers: int | None,
    quiet: bool,
    outlet_from_folder: bool,
    **knobs: Any,
) -> None:
    """Scan DIRECTORY (or one file) and report which sentences were copied from where."""
    if output is not None and not write_inside and _is_inside(output, directory):
        raise DedupError(f"{output} is inside the scanned folder; pass --write-inside to allow it")
    columns = {f: knobs.pop(f"csv_{f}") for f in CSV_FIELDS}
    try:
        config = Config(**knobs)
    except ConfigError as error:
        raise click.UsageError(str(error)) from None
    csv_columns = replace(
        DEFAULT_CSV_COLUMNS, **{f: name for f, name in columns.items() if name is not None}
    )
    workers = workers or available_workers()
    # paused while reading, scanning and writing, and not turned back on before the report is
    # let go: scan() turning it on collected once over the report (7 s at 10^6 articles)
    reading: ReadOptions = {
        "max_bytes": max_bytes,
        "include_hidden": include_hidden,
        "csv_columns": csv_columns,
        "outlet_from_folder": outlet_from_folder,
        "workers": workers,
    }
    with no_cyclic_gc():
        if fmt == "html":  # the page shows the texts: they are kept
            loaded = [load_articles(directory, **reading)]
            skipped = _scan_and_emit(loaded, config, fmt, output, workers=workers, quiet=quiet)
        else:
            skipped = _read_scan_and_emit(directory, reading, config, fmt, output, quiet=quiet)
    if strict and skipped:
        raise DedupError(f"{skipped} inputs were skipped or partly read (--strict)")


def _scan_and_emit(
    loaded: list[Corpus],
    config: Config,
    fmt: str,
    output: Path | None,
    *,
    workers: int,
    quiet: bool,
) -> int:
    """Scan the one corpus in ``loaded`` (handed over: not held here, a large corpus's texts
    leave memory as they are spilled), write the report and let it go; the number of skipped
    inputs."""
    texts = _texts(loaded[0]) if fmt == "html" else {}
    with ProgressBars(enabled=not quiet) as progress:
        report = scan(loaded.pop(), config, workers=workers, progress=progress)
    _emit(report, fmt, output, texts)
    return len(report.skipped)


def _read_scan_and_emit(
    directory: Path,
    reading: ReadOptions,
    config: Config,
    fmt: str,
    output: Path | None,
    *,
    quiet: bool,
) -> int:
    """``_scan_and_emit``, each article prepared by the worker that reads it, its text and
    lines written to a temporary file there (``scan_files``, which reads first and scans
    where it cannot write one): the same report."""
    with ProgressBars(enabled=not quiet) as progress:
        report = scan_files(directory, config, progress=progress, **reading)
    _emit(report, fmt, output, {})
    return len(report.skipped)


@cli.command("demo")
@_output_options
def demo_command(fmt: str, output: Path | None) -> None:
    """Scan the small example corpus shipped with dedup and print the report."""
    with resources.as_file(resources.files("dedup") / "examples" / "harbor") as folder:
        corpus = load_articles(folder)
        report = scan(corpus)
    _emit(report, fmt, output, _texts(corpus))


def _texts(corpus: Corpus) -> dict[str, str]:
    """The texts an HTML page shows beside its matches."""
    return {article.id: article.text for article in corpus}


def _emit(report: Report, fmt: str, output: Path | None, texts: Mapping[str, str]) -> None:
    """Write ``report`` in format ``fmt``; ``texts`` are the articles' texts (for HTML)."""
    chunks: Iterable[str]
    if fmt == "html":
        chunks = [
            to_html(
                report,
                clusters=report.clusters,
                boilerplate=frozenset(report.boilerplate),
                texts=texts,
            )
        ]
    elif fmt == "json":
        chunks = [to_json(report)]
    elif fmt == "jsonl":
        chunks = to_jsonl(report)
    else:
        chunks = [to_text(report)]
    if output is None:
        for chunk in chunks:
            click.echo(chunk, nl=False)
    else:
        write_atomically(output, chunks)


def write_atomically(path: Path, chunks: Iterable[str]) -> None:
    """Write ``chunks`` to a temporary file beside ``path``, then rename it over ``path``."""
    folder = path.parent if str(path.parent) else Path()
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        Path(temporary).chmod(_mode_for(path))
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            for chunk in chunks:
                stream.write(chunk)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def available_workers() -> int:
    """Cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _mode_for(path: Path) -> int:
    """The existing file's permissions, else the usual ones for a new file (0o666 less umask)."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _is_inside(output: Path, directory: Path) -> bool:
    root = directory.resolve()
    return root.is_dir() and output.resolve().is_relative_to(root)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the exit code (0 ok, 1 input or output error, 2 bad command line)."""
    try:
        cli.main(
            args=list(argv) if argv is not None else None, prog_name="dedup", standalone_mode=False
        )
    except click.exceptions.Exit as done:
        return int(done.exit_code)
    except click.ClickException as error:
        error.show()
        return error.exit_code
    except click.exceptions.Abort:
        click.echo("dedup: aborted", err=True)
        return 130
    except (DedupError, OSError) as error:
        click.echo(f"dedup: error: {error}", err=True)
        return 1
    return 0


def entry_point() -> None:
    """Console-script entry: exit with ``main()``'s code."""
    sys.exit(main())
