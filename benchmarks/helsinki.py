"""The syndication picture of a real scrape: clusters, boilerplate and outlet network.

usage: python -m benchmarks.helsinki [--corpora PATH] [--file NAME] [--top N] [--html FILE]

Reads ``helsinki-2018/<file>`` (CSV ``id,publisher,scrape_time,text``, paragraphs separated by
`` ### ``) from the corpora root, scans it and prints the largest clusters, the boilerplate found
per outlet and the heaviest edges of the outlet network.  The texts stay where they are: nothing
is written unless ``--html`` is given (a local report for reading, never to be committed).
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from dedup import Article, Report, scan
from dedup.boilerplate import boilerplate_reasons
from dedup.clusters import Cluster, build_clusters
from dedup.html import to_html
from dedup.network import outlet_network

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPORA = REPO.parent / "shared" / "corpora"
FOLDER = "helsinki-2018"


def read_articles(path: Path) -> list[Article]:
    """Read the CSV into articles: paragraphs on blank lines, scrape time as the UTC date."""
    csv.field_size_limit(1 << 24)
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            Article(
                id=row["id"],
                text=row["text"].replace(" ### ", "\n\n"),
                date=_utc(row["scrape_time"]),
                outlet=row["publisher"] or None,
            )
            for row in csv.DictReader(handle)
        ]


def _utc(stamp: str) -> str | None:
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.isoformat(timespec="seconds")


def summary(report: Report, clusters: Sequence[Cluster], reasons: dict[str, str], top: int) -> str:
    """The printed summary: totals, top clusters, boilerplate per outlet, top network edges."""
    lines = [
        f"{len(report.documents)} articles, {len(report.matches)} matches, "
        f"{len(clusters)} clusters, {len(reasons)} of them boilerplate",
        "",
        f"Top {top} clusters by articles (not boilerplate):",
    ]
    kept = [c for c in clusters if c.id not in reasons]
    for c in sorted(kept, key=lambda c: (-c.size, c.id))[:top]:
        kind = "quoted" if c.quoted else "prose"
        lines.append(
            f"  {c.id} {c.size:>3} articles {len(c.outlets):>3} outlets {c.sentences:>4} sent "
            f"{kind:<6} origin={c.origin} ({c.outlets[0] if c.outlets else '-'}...) "
            f"{_clip(c.witnesses[0].text, 60)!r}"
        )
    lines += ["", "Boilerplate per outlet:"]
    lines += _boilerplate_lines(clusters, reasons)
    lines += ["", f"Top {top} outlet edges (boilerplate excluded):"]
    edges = outlet_network(report, exclude=frozenset(reasons), clusters=clusters)
    for e in edges[:top]:
        arrow = "->" if e.directed else "--"
        lines.append(
            f"  {e.source_outlet:>24} {arrow} {e.target_outlet:<24} "
            f"{e.sentences:>5} sentences {e.matches:>4} matches"
        )
    return "\n".join(lines)


def _boilerplate_lines(clusters: Sequence[Cluster], reasons: dict[str, str]) -> list[str]:
    by_reason: dict[str, list[Cluster]] = defaultdict(list)
    for c in clusters:
        if c.id in reasons:
            by_reason[reasons[c.id]].append(c)
    lines = []
    for reason in sorted(by_reason, key=lambda r: (-len(by_reason[r]), r)):
        found = by_reason[reason]
        lines.append(f"  {reason}: {len(found)} clusters")
        for c in sorted(found, key=lambda c: -c.size)[:4]:
            lines.append(f"      {c.size:>3} articles {_clip(c.witnesses[0].text, 70)!r}")
    return lines


def _clip(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 3] + "..."


def main(argv: Sequence[str] | None = None) -> int:
    """Scan the corpus and print its summary; 2 when the corpus is missing."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--file", default="helsinki_articles.csv")
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--html", type=Path, help="also write the HTML report here")
    args = parser.parse_args(argv)
    path = args.corpora / FOLDER / args.file
    if not path.is_file():
        print(f"helsinki: {path} not found", file=sys.stderr)
        return 2
    articles = read_articles(path)
    started = time.perf_counter()
    report = scan(articles)
    clusters = build_clusters(report, texts={a.id: a.text for a in articles})
    reasons = boilerplate_reasons(report, clusters)
    print(summary(report, clusters, reasons, args.top))
    print(f"\n{time.perf_counter() - started:.1f} s (scan, clusters, boilerplate)")
    if args.html:
        texts = {a.id: a.text for a in articles}
        html = to_html(report, clusters=clusters, boilerplate=frozenset(reasons), texts=texts)
        args.html.write_text(html, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
