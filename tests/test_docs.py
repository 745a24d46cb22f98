"""Docs that cannot drift: options, names, report fields and examples checked against the code."""

from __future__ import annotations

import inspect
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import dedup
import dedup.corpus
from dedup import Article, load_articles, scan, to_json, to_jsonl, to_text
from dedup.article import SKIP_REASONS
from dedup.cli import cli, main
from dedup.config import config_fields
from dedup.corpus import DEFAULT_MAX_BYTES

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
EXAMPLES = ROOT / "src" / "dedup" / "examples" / "harbor"
PAGES = ("index.md", "tutorial.md", "how-to.md", "explanation.md", "reference.md")

STORY = [
    "The Marlow county council voted on Tuesday to close the Eastgate library for a year.",
    "Engineers found cracked beams in the reading room roof during a routine survey.",
    '"We cannot let children sit under a roof that might fall," the mayor said on Tuesday.',
]


def _reference() -> str:
    return (DOCS / "reference.md").read_text(encoding="utf-8")


def _options(command: str) -> list[str]:
    return [opt for param in cli.commands[command].params for opt in param.opts if "-" in opt]


def _blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", text, flags=re.MULTILINE | re.DOTALL)


def _keys(*dicts: dict[str, Any]) -> Iterator[str]:
    for item in dicts:
        yield from item


@pytest.fixture(scope="module")
def report_dict(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A small report with documents, a quoted match and a skipped (empty) input."""
    folder = tmp_path_factory.mktemp("docs") / "news"
    folder.mkdir()
    (folder / "wire.txt").write_text("date 2026-01-10 " + " ".join(STORY), encoding="utf-8")
    (folder / "copy.md").write_text(
        "---\ndate: 2026-01-11\noutlet: Daily Copy\n---\nBreaking. " + " ".join(STORY),
        encoding="utf-8",
    )
    (folder / "empty.txt").write_text("", encoding="utf-8")
    report = scan(load_articles(folder)).to_dict()
    assert report["documents"]
    assert report["matches"]
    assert report["matches"][0]["pairs"]
    assert report["skipped"]
    return report


# --- reference.md: command line -------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "option"),
    [(command, option) for command in sorted(cli.commands) for option in _options(command)],
)
def test_cli_option_is_documented(command: str, option: str) -> None:
    section = _reference().split(f"### `dedup {command}`", 1)[1].split("\n### ", 1)[0]
    assert f"`{option}" in section


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_cli_command_is_documented(command: str) -> None:
    assert f"### `dedup {command}`" in _reference()


@pytest.mark.parametrize(("name", "default"), [(f[0], f[2]) for f in config_fields()])
def test_scan_option_default_is_documented(name: str, default: object) -> None:
    flag = "--" + name.replace("_", "-")
    rows = [
        line
        for line in _reference().splitlines()
        if line.startswith((f"| `{flag} ", f"| `{flag}` "))
    ]
    assert len(rows) == 1, flag
    assert f"| `{default}` |" in rows[0]


def test_max_bytes_default_is_documented() -> None:
    row = next(line for line in _reference().splitlines() if line.startswith("| `--max-bytes"))
    assert f"`{DEFAULT_MAX_BYTES}`" in row


def test_docs_mention_only_existing_options() -> None:
    known = {"--version", "--help", *_options("scan"), *_options("demo")}
    for page in PAGES:
        text = (DOCS / page).read_text(encoding="utf-8")
        mentioned = set(re.findall(r"(?<![\w-])--[a-z][a-z-]*[a-z]", text))
        assert mentioned <= known, f"{page}: {sorted(mentioned - known)}"


def _input_suffixes() -> list[str]:
    found: set[str] = set()
    for name, value in vars(dedup.corpus).items():
        if name.endswith("_SUFFIXES"):
            found.update(value)
    return sorted(found)


@pytest.mark.parametrize("suffix", _input_suffixes())
def test_input_suffix_is_documented(suffix: str) -> None:
    assert f"`{suffix}`" in _reference()


# --- reference.md: Python API and report schema ---------------------------------------------


@pytest.mark.parametrize("name", dedup.__all__)
def test_public_name_is_documented(name: str) -> None:
    assert f"`{name}`" in _reference()


def test_scan_signature_is_documented() -> None:
    from dedup.scan import SPILL_ABOVE

    row = next(line for line in _reference().splitlines() if '<a id="scan">' in line)
    for parameter in inspect.signature(dedup.scan).parameters.values():
        shown = parameter.name
        if parameter.default is not inspect.Parameter.empty:
            shown = f"{parameter.name}: {parameter.annotation} = {parameter.default}"
        assert (
            shown.replace("|", "\\|").replace("Progress", "Callable[[str, int, int], None]") in row
        )
    assert f"more than {SPILL_ABOVE // 1_000_000} million characters" in row


@pytest.mark.parametrize("reason", SKIP_REASONS)
def test_skip_reason_is_documented(reason: str) -> None:
    assert f"| `{reason}` |" in _reference()


def test_report_fields_are_documented(report_dict: dict[str, Any]) -> None:
    match = report_dict["matches"][0]
    keys = set(
        _keys(
            report_dict,
            report_dict["config"],
            report_dict["summary"],
            report_dict["documents"][0],
            match,
            match["a"],
            match["b"],
            match["pairs"][0],
            *report_dict["skipped"],
        )
    )
    reference = _reference()
    missing = sorted(key for key in keys if f"`{key}`" not in reference)
    assert not missing


def test_jsonl_skipped_line_fields_are_documented(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    lines = [json.loads(line) for line in to_jsonl(scan(load_articles(tmp_path)))]
    assert lines
    assert lines[0]["skipped"] is True
    for key in lines[0]:
        assert f'"{key}"' in _reference()


# --- tutorial.md and README.md: the examples run and their output is real -------------------


def _run_python_blocks(text: str, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(EXAMPLES, folder / "harbor")
    shutil.copytree(EXAMPLES, folder / "news")
    monkeypatch.chdir(folder)
    namespace: dict[str, Any] = {"__name__": "__docs__"}
    blocks = _blocks(text, "python")
    assert blocks
    for block in blocks:
        exec(compile(block, "<docs>", "exec"), namespace)


def test_tutorial_python_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _run_python_blocks((DOCS / "tutorial.md").read_text(encoding="utf-8"), tmp_path, monkeypatch)


def test_readme_python_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _run_python_blocks((ROOT / "README.md").read_text(encoding="utf-8"), tmp_path, monkeypatch)


def _unversioned(text: str) -> str:
    return re.sub(r"^dedup \S+:", "dedup VERSION:", text, flags=re.MULTILINE)


def test_tutorial_demo_excerpts_match_demo_output() -> None:
    tutorial = (DOCS / "tutorial.md").read_text(encoding="utf-8")
    section = tutorial.split("## 3. Read the report", 1)[1].split("\n## ", 1)[0]
    output = _unversioned(to_text(scan(load_articles(EXAMPLES))))
    excerpts = _blocks(section, "text")
    assert len(excerpts) >= 3
    for excerpt in excerpts:
        assert _unversioned(excerpt) in output


def test_tutorial_own_folder_example(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    tutorial = (DOCS / "tutorial.md").read_text(encoding="utf-8")
    files = re.findall(
        r"^`(mynews/[^`]+)`:\n\n```\w+\n(.*?)^```", tutorial, flags=re.MULTILINE | re.DOTALL
    )
    assert len(files) == 3
    for name, content in files:
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(content, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["scan", "mynews/", "--format", "jsonl"]) == 0
    shown = [
        json.dumps({"copy": m["a"]["doc"], "source": m["source"], "similarity": m["similarity"]})
        for m in map(json.loads, capsys.readouterr().out.splitlines())
    ]
    expected = tutorial.split("| jq -c '{copy: .a.doc, source, similarity}'", 1)[1]
    assert [json.dumps(json.loads(line)) for line in _blocks(expected, "text")[0].splitlines()] == (
        shown
    )


def test_renderers_agree_with_reference_shapes() -> None:
    report = scan(
        [
            Article(id="wire", date="2026-01-10", text=" ".join(STORY)),
            Article(id="copy", date="2026-01-11", text="Breaking. " + " ".join(STORY)),
        ]
    )
    assert json.loads(to_json(report)) == report.to_dict()
    match = report.to_dict()["matches"][0]
    assert match["source"] == "wire"
    pair = match["pairs"][0]
    assert len(pair["a"]) == len(pair["b"]) == 2
