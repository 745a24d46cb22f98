"""Render a report as text (for people, 80 columns), JSON, or JSON Lines (for other tools)."""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Iterator

import orjson

from dedup.article import Skipped
from dedup.report import CopiedSentence, DocumentReport, Match, Report, skipped_to_dict

WIDTH = 80
_COLUMN = (WIDTH - 3) // 2  # two columns and a " | " gutter


def to_json(report: Report) -> str:
    """Return the report as one JSON document (stable: same input, same bytes).

    Each document, match and skipped input sits on a line of its own: diffable, and written by
    json's C encoder (``indent`` would fall back to the pure-Python one, 10x slower).

    >>> from dedup import scan
    >>> json.loads(to_json(scan([])))["summary"]["documents"]
    0
    """
    parts = []
    for key, value in sorted(report.to_dict().items()):
        if isinstance(value, list):
            items = ",\n".join("  " + _compact(item) for item in value)
            body = f"[\n{items}\n]" if value else "[]"
        else:
            body = _compact(value)
        parts.append(f"{_compact(key)}: {body}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def _compact(value: object) -> str:
    """``value`` as compact JSON, keys sorted, non-ASCII characters as they are.

    Written by orjson (at 10^6 articles the JSON lines took the json module 10 s, orjson
    2 s); what orjson does not write (a lone surrogate, an integer beyond 64 bits) by json.
    The two write the same text but for floats below 10^-4, which orjson writes out in full
    (``0.00001``, not ``1e-05``; the same number).

    >>> _compact({"b": [1, 0.5, None], "a": "Ça"})
    '{"a":"Ça","b":[1,0.5,null]}'
    """
    try:
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()
    except TypeError:  # orjson.JSONEncodeError included
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def to_jsonl(report: Report) -> Iterator[str]:
    """Yield one JSON line per match, then one per skipped input (``"skipped": true``)."""
    for match in report.matches:
        yield _compact(match.to_dict()) + "\n"
    for item in report.skipped:
        yield _compact({"skipped": True, **skipped_to_dict(item)}) + "\n"


def to_text(report: Report) -> str:
    """Return the report for reading: a summary, a table of articles, then each copied passage."""
    lines = [*_summary(report), ""]
    reusing = [d for d in report.documents if d.shared_chars or d.boilerplate_chars]
    if reusing:
        lines += [*_table(reusing), ""]
    lines += _clusters(report)
    lines += _network(report)
    lines += _boilerplate(report)
    for document in reusing:
        lines += _article(report, document)
    if report.skipped:
        lines += ["=" * WIDTH, f"Skipped or partly read inputs ({len(report.skipped)}):"]
        lines += [_skip_line(item) for item in report.skipped]
    return "\n".join(lines).rstrip() + "\n"


def _summary(report: Report) -> list[str]:
    s = report.summary()
    return textwrap.wrap(
        f"dedup {report.version}: {s['documents']} articles scanned, "
        f"{s['documents_with_reuse']} share text with another; "
        f"{_count(s['matches'], 'copied passage')} ({_count(s['copied_sentences'], 'sentence')}), "
        f"{s['quoted_matches']} of them shared quotations, "
        f"{s['directed_matches']} with a known direction; {_count(s['skipped'], 'input')} skipped.",
        WIDTH,
    )


def _table(documents: list[DocumentReport]) -> list[str]:
    rows = sorted(documents, key=lambda d: (-d.copied_share, -d.shared_share, d.id))
    lines = [f"{'copied':>6} {'shared':>6}  {'date':<10}  article", "-" * WIDTH]
    for d in rows:
        name = _clip(d.id, WIDTH - 28)
        lines.append(
            f"{d.copied_share:>6.0%} {d.shared_share:>6.0%}  {d.date or '-':<10.10}  {name}"
        )
    return lines


TOP = 10
"""Rows shown in the text report's cluster and network tables (JSON has them all)."""


def _clusters(report: Report) -> list[str]:
    clusters = sorted(report.reuse_clusters(), key=lambda c: (-c.size, c.id))
    if not clusters:
        return []
    lines = [f"Reused passages: {_count(len(clusters), 'cluster')}, largest first", "-" * WIDTH]
    for c in clusters[:TOP]:
        kind = "quotation" if c.quoted else "prose"
        origin = f"origin {c.origin}" if c.origin else "origin unknown"
        lines.append(
            _clip(
                f"{c.id} {_count(c.size, 'article')}, {_count(len(c.outlets), 'outlet')}, "
                f"{kind}, {origin}",
                WIDTH,
            )
        )
        lines.append(_clip("     " + " ".join(c.witnesses[0].text.split()), WIDTH))
    return [*lines, *_more(len(clusters)), ""]


def _network(report: Report) -> list[str]:
    if not report.network:
        return []
    lines = [f"{'sentences':>9}  outlets (source -> copier; -- when undated)", "-" * WIDTH]
    for edge in report.network[:TOP]:
        arrow = "->" if edge.directed else "--"
        pair = f"{edge.source_outlet} {arrow} {edge.target_outlet}"
        lines.append(_clip(f"{edge.sentences:>9}  {pair}", WIDTH))
    return [*lines, *_more(len(report.network)), ""]


def _boilerplate(report: Report) -> list[str]:
    clusters = report.boilerplate_clusters()
    if not clusters:
        return []
    kept = " (counted: --keep-boilerplate)" if report.config.keep_boilerplate else ""
    lines = [f"Boilerplate set apart: {_count(len(clusters), 'passage')}{kept}", "-" * WIDTH]
    for c in sorted(clusters, key=lambda c: (-c.size, c.id))[:TOP]:
        lines.append(
            _clip(f"{c.id} {_count(c.size, 'article')}, {report.boilerplate[c.id]}", WIDTH)
        )
        lines.append(_clip("     " + " ".join(c.witnesses[0].text.split()), WIDTH))
    return [*lines, *_more(len(clusters)), ""]


def _count(number: int, noun: str) -> str:
    """``1 article``, ``2 articles``.

    >>> _count(1, "sentence"), _count(3, "sentence")
    ('1 sentence', '3 sentences')
    """
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _more(total: int) -> list[str]:
    return [f"  ... and {total - TOP} more (all in --format json)"] if total > TOP else []


def _article(report: Report, document: DocumentReport) -> list[str]:
    lines = ["=" * WIDTH, _clip(document.id, WIDTH)]
    facts = [document.date or "undated", document.outlet, document.title]
    lines.append("  " + _clip(", ".join(f for f in facts if f), WIDTH - 2))
    lines.append(
        f"  {document.copied_share:.0%} copied from earlier articles, "
        f"{document.shared_share:.0%} shared with others ({_count(document.sentences, 'sentence')})"
    )
    for label, ids in (
        ("copied from", document.sources),
        ("shared with", document.shared_with),
        ("copied by", document.copied_by),
    ):
        if ids:
            lines += textwrap.wrap(
                ", ".join(ids), WIDTH, initial_indent=f"  {label}: ", subsequent_indent="    "
            )
    for number, match in enumerate(report.matches_of(document.id), 1):
        lines += ["", *_match(number, match)]
    lines.append("")
    return lines


def _match(number: int, match: Match) -> list[str]:
    verb = "copied from" if match.source else "shared with"
    kind = "quotation" if match.quoted else "prose"
    if match.boilerplate:
        kind = "boilerplate " + kind
    head = (
        f"[{number}] {kind}, {_count(len(match.sentences), 'sentence')} {verb} {match.b.doc}, "
        f"similarity {match.similarity:.2f}"
    )
    lines = textwrap.wrap(head, WIDTH, subsequent_indent="    ")
    lines.append(
        _columns(
            f"this article {match.a.start}-{match.a.end}",
            f"{match.b.doc} {match.b.start}-{match.b.end}",
        )
    )
    previous = None
    for pair in match.sentences:
        if previous is not None and _gap(match, previous, pair):
            lines.append(_columns("  [...]", "  [...]"))
        lines += _pair(pair, quoted=pair.quoted and not match.quoted)
        previous = pair
    return lines


def _gap(match: Match, previous: CopiedSentence, pair: CopiedSentence) -> bool:
    """Whether uncopied text lies between two sentence pairs of a match, on either side."""
    between_a = match.a.text[previous.a.end - match.a.start : pair.a.start - match.a.start]
    between_b = match.b.text[previous.b.end - match.b.start : pair.b.start - match.b.start]
    return bool(between_a.strip() or between_b.strip())


def _pair(pair: CopiedSentence, *, quoted: bool) -> list[str]:
    """The two sentences side by side; ``quoted`` notes a quotation inside a prose passage."""
    left = textwrap.wrap(pair.a.text, _COLUMN) or [""]
    right = textwrap.wrap(pair.b.text, _COLUMN) or [""]
    height = max(len(left), len(right))
    left += [""] * (height - len(left))
    right += [""] * (height - len(right))
    rows = [_columns(a, b) for a, b in zip(left, right, strict=True)]
    score = f"{'quotation, ' if quoted else ''}similarity {pair.similarity:.2f}"
    rows.append(_columns("", f"{score:>{_COLUMN - 1}}"))
    return rows


def _columns(left: str, right: str) -> str:
    return f"{_clip(left, _COLUMN):<{_COLUMN}} | {_clip(right, _COLUMN)}".rstrip()


def _clip(text: str, width: int) -> str:
    r"""``text`` on one line (control characters escaped), cut to ``width`` with "...".

    >>> _clip("name\nwith newline.txt", 80)
    'name\\nwith newline.txt'
    """
    text = _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)
    return text if len(text) <= width else text[: width - 3] + "..."


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _skip_line(item: Skipped) -> str:
    data = skipped_to_dict(item)
    where = f"{data['path']}:{data['line']}" if data["line"] else data["path"]
    return _clip(f"  {data['reason']}: {where}: {data['detail']}", WIDTH)
