"""Speed benchmark: the datasketch reference and dedup (library and CLI) on one generated corpus.

Each contender runs in its own subprocess, so peak RSS (``ru_maxrss`` from ``os.wait4``) is its
own. For each it prints seconds, articles/s, words/s, peak RSS and the candidate recall of the
corpus's injected copies (gold from ``benchmarks.gencorpus``):

* dedup finds a gold copy when its report holds a sentence pair between the two articles whose
  spans overlap the gold target span and the gold source span;
* the reference finds it when one of its candidate pairs links a sentence overlapping the target
  span to one overlapping the source span.

Usage::

    python -m benchmarks.speed --articles 10000              # generate, then run all three
    python -m benchmarks.speed --corpus DIR --skip-reference  # a pre-generated corpus (10^5+)
    python -m benchmarks.speed --corpus DIR --workers 2       # scan(workers=2), --workers 2
    python -m benchmarks.speed --corpus DIR --set threshold=0.4  # a Config knob for dedup

The reference takes minutes per 10^4 articles and memory linear in the sentences (one
``MinHash`` object of 128 uint64 per sentence): at 10^5 articles and beyond use
``--skip-reference``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from benchmarks.gencorpus import DEFAULT_CORPORA, load_pool, write_corpus

REFERENCE_LIMIT = 20_000
"""Above this many articles the reference needs more than ~15 minutes: warn."""

SpanPairs = dict[tuple[str, str], list[tuple[int, int, int, int]]]


@dataclass(frozen=True, slots=True, kw_only=True)
class Result:
    """One contender's figures."""

    name: str
    seconds: float
    """Time inside the process for read + detect (no interpreter start, no output writing)."""
    wall: float
    """Wall time of the whole process."""
    cpu: float
    """User + system CPU seconds of the whole process (robust to a busy machine)."""
    max_rss_mib: float
    articles_per_s: float
    words_per_s: float
    articles_per_cpu_s: float
    load: float
    """Mean 1-minute load average before and after the run (2 means two busy cores)."""
    recall: float
    recall_by_kind: dict[str, float]
    pairs: int
    """Sentence pairs output: candidates (reference) or reported pairs (dedup)."""


# --- children -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Usage:
    """What a child process used: wall and CPU seconds, peak RSS, load average around it."""

    wall: float
    cpu: float
    rss_mib: float
    load: float


def _run(command: Sequence[str]) -> tuple[str, Usage]:
    """Run ``command``; return its stdout and what it used."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        load = os.getloadavg()[0]
        began = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - began
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if process.returncode != 0:
            message = err.read().decode(errors="replace")[-2000:]
            raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}):\n{message}")
        cpu = usage.ru_utime + usage.ru_stime
        load = (load + os.getloadavg()[0]) / 2
        return out.read().decode(), Usage(wall, cpu, usage.ru_maxrss / 1024, load)


def child_dedup(
    corpus: Path, output: Path, knobs: dict[str, Any], workers: int | None
) -> dict[str, Any]:
    """Load and scan ``corpus`` with the library; write the matches as JSONL to ``output``."""
    from dedup import Config, load_articles, scan
    from dedup.render import to_jsonl

    began = time.perf_counter()
    articles = load_articles(corpus)
    loaded = time.perf_counter()
    config = Config(**knobs)
    report = scan(articles, config) if workers is None else scan(articles, config, workers=workers)
    done = time.perf_counter()
    with output.open("w", encoding="utf-8") as stream:
        stream.writelines(to_jsonl(report))
    return {"seconds": done - began, "load": loaded - began, "scan": done - loaded}


def _knob_args(knobs: dict[str, Any]) -> list[str]:
    return [part for k, v in knobs.items() for part in (f"--{k.replace('_', '-')}", str(v))]


# --- recall -------------------------------------------------------------------------------------


def read_gold(path: Path) -> list[dict[str, Any]]:
    """The gold copies written by ``benchmarks.gencorpus``."""
    with path.open(encoding="utf-8") as stream:
        return [json.loads(line) for line in stream]


def _wanted(gold: Iterable[dict[str, Any]]) -> set[tuple[str, str]]:
    return {(g["target"], g["source"]) for g in gold} | {(g["source"], g["target"]) for g in gold}


def dedup_pairs(path: Path, wanted: set[tuple[str, str]]) -> tuple[SpanPairs, int]:
    """Reported sentence pairs between article pairs in ``wanted``, and the count of all."""
    found: SpanPairs = defaultdict(list)
    total = 0
    with path.open(encoding="utf-8") as stream:
        for line in stream:
            match = json.loads(line)
            if match.get("skipped"):
                continue
            total += len(match["pairs"])
            key = (match["a"]["doc"], match["b"]["doc"])
            if key in wanted:
                found[key] += [(*p["a"], *p["b"]) for p in match["pairs"]]
    return found, total


def reference_pairs(path: Path, wanted: set[tuple[str, str]]) -> tuple[SpanPairs, int]:
    """Candidate pairs (TSV from ``benchmarks.reference``) in ``wanted``, and the count of all."""
    found: SpanPairs = defaultdict(list)
    total = 0
    with path.open(encoding="utf-8") as stream:
        for line in stream:
            total += 1
            doc_a, start_a, end_a, doc_b, start_b, end_b = line.rstrip("\n").split("\t")
            if (doc_a, doc_b) in wanted:
                found[doc_a, doc_b].append((int(start_a), int(end_a), int(start_b), int(end_b)))
    return found, total


def recall(gold: Sequence[dict[str, Any]], found: SpanPairs) -> tuple[float, dict[str, float]]:
    """Share of gold copies with a pair overlapping both spans; also per ``kind/level``."""
    hits: Counter[str] = Counter()
    sizes: Counter[str] = Counter()
    for g in gold:
        group = f"{g['kind']}/{g['level']}"
        sizes[group] += 1
        hits[group] += _hit(g, found)
    overall = sum(hits.values()) / len(gold) if gold else 1.0
    return overall, {k: round(hits[k] / sizes[k], 4) for k in sorted(sizes)}


def _hit(g: dict[str, Any], found: SpanPairs) -> bool:
    target = (g["target_start"], g["target_end"])
    source = (g["source_start"], g["source_end"])
    direct = found.get((g["target"], g["source"]), [])
    swapped = found.get((g["source"], g["target"]), [])
    return any(_overlaps(p[:2], target) and _overlaps(p[2:], source) for p in direct) or any(
        _overlaps(p[:2], source) and _overlaps(p[2:], target) for p in swapped
    )


def _overlaps(a: Sequence[int], b: Sequence[int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


# --- the benchmark ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Corpus:
    """A generated corpus folder: ``corpus/`` to scan, ``gold.jsonl``, ``manifest.json``."""

    root: Path
    articles: int
    words: int

    @classmethod
    def open(cls, root: Path) -> Corpus:
        """Read the manifest of a corpus written by ``benchmarks.gencorpus``."""
        manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
        return cls(root, int(manifest["articles"]), int(manifest["words"]))


def _result(
    name: str,
    seconds: float,
    used: Usage,
    corpus: Corpus,
    gold: Sequence[dict[str, Any]],
    scored: tuple[SpanPairs, int],
) -> Result:
    share, by_kind = recall(gold, scored[0])
    return Result(
        name=name,
        seconds=round(seconds, 2),
        wall=round(used.wall, 2),
        cpu=round(used.cpu, 2),
        max_rss_mib=round(used.rss_mib, 1),
        articles_per_s=round(corpus.articles / seconds, 1),
        words_per_s=round(corpus.words / seconds),
        articles_per_cpu_s=round(corpus.articles / used.cpu, 1),
        load=round(used.load, 2),
        recall=round(share, 4),
        recall_by_kind=by_kind,
        pairs=scored[1],
    )


def run_reference(corpus: Corpus, gold: list[dict[str, Any]], work: Path) -> Result:
    """Run ``benchmarks.reference`` in a subprocess and score its candidates."""
    pairs_file = work / "reference-pairs.tsv"
    command = [sys.executable, "-m", "benchmarks.reference", str(corpus.root / "corpus")]
    out, used = _run([*command, "--pairs", str(pairs_file)])
    scored = reference_pairs(pairs_file, _wanted(gold))
    seconds = json.loads(out)["seconds"]
    return _result("reference (datasketch)", seconds, used, corpus, gold, scored)


def run_library(
    corpus: Corpus,
    gold: list[dict[str, Any]],
    work: Path,
    knobs: dict[str, Any],
    workers: int | None,
) -> Result:
    """Run ``load_articles`` + ``scan`` in a subprocess and score the report."""
    output = work / "dedup-library.jsonl"
    command = [sys.executable, "-m", "benchmarks.speed", "--child-dedup", str(output)]
    command += ["--corpus", str(corpus.root), *(f"--set={k}={v}" for k, v in knobs.items())]
    command += [] if workers is None else ["--workers", str(workers)]
    out, used = _run(command)
    scored = dedup_pairs(output, _wanted(gold))
    seconds = json.loads(out)["seconds"]
    return _result("dedup scan() library", seconds, used, corpus, gold, scored)


def run_cli(
    corpus: Corpus,
    gold: list[dict[str, Any]],
    work: Path,
    knobs: dict[str, Any],
    workers: int | None,
) -> Result:
    """Run ``dedup scan DIR --format jsonl -o FILE`` end to end and score its output."""
    output = work / "dedup-cli.jsonl"
    command = [sys.executable, "-m", "dedup", "scan", str(corpus.root / "corpus")]
    command += ["--format", "jsonl", "-o", str(output), *_knob_args(knobs)]
    command += [] if workers is None else ["--workers", str(workers)]
    _, used = _run(command)
    scored = dedup_pairs(output, _wanted(gold))
    return _result("dedup scan CLI (end to end)", used.wall, used, corpus, gold, scored)


def format_table(corpus: Corpus, results: Sequence[Result]) -> Iterator[str]:
    """The results as a Markdown table, then the speed ratios."""
    yield f"corpus: {corpus.articles} articles, {corpus.words / 1e6:.2f} M words"
    yield ""
    yield (
        "| run | seconds | wall | CPU s | articles/s | words/s | articles/CPU s "
        "| peak RSS MiB | recall | pairs | load |"
    )
    yield "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    for r in results:
        yield (
            f"| {r.name} | {r.seconds:.1f} | {r.wall:.1f} | {r.cpu:.1f} | "
            f"{r.articles_per_s:,.1f} | {r.words_per_s:,.0f} | {r.articles_per_cpu_s:,.1f} | "
            f"{r.max_rss_mib:,.0f} | {r.recall:.4f} | {r.pairs:,} | {r.load:.1f} |"
        )
    yield ""
    for r in results:
        yield f"recall by kind/level, {r.name}: {r.recall_by_kind}"
    reference = next((r for r in results if r.name.startswith("reference")), None)
    for r in results:
        if reference is not None and r is not reference:
            ratio = r.articles_per_s / reference.articles_per_s
            by_cpu = r.articles_per_cpu_s / reference.articles_per_cpu_s
            yield f"{r.name} / reference: {ratio:.2f}x articles/s, {by_cpu:.2f}x articles/CPU s"


def _parse_knobs(pairs: Sequence[str]) -> dict[str, Any]:
    knobs: dict[str, Any] = {}
    for pair in pairs:
        name, _, raw = pair.partition("=")
        value: Any = raw
        for kind in (int, float):
            try:
                value = kind(raw)
                break
            except ValueError:
                continue
        knobs[name.strip().replace("-", "_")] = value
    return knobs


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.speed", description=__doc__)
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--articles", type=int, help="generate a corpus of this many articles")
    source.add_argument("--corpus", type=Path, help="a corpus written by benchmarks.gencorpus")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA, help="sentence pool root")
    parser.add_argument("--work", type=Path, help="folder for the corpus and outputs (kept)")
    parser.add_argument("--skip-reference", action="store_true", help="too slow beyond 10^4")
    parser.add_argument("--skip-library", action="store_true")
    parser.add_argument("--skip-cli", action="store_true")
    parser.add_argument("--set", action="append", default=[], metavar="KNOB=VALUE")
    parser.add_argument(
        "--workers", type=int, help="scan(workers=N) and dedup scan --workers N (default: theirs)"
    )
    parser.add_argument("--json", type=Path, help="also write the results here as JSON")
    parser.add_argument("--child-dedup", type=Path, help=argparse.SUPPRESS)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Generate or open a corpus, run the contenders, print the table."""
    args = _parser().parse_args(argv)
    knobs = _parse_knobs(args.set)
    if args.child_dedup is not None:
        print(
            json.dumps(child_dedup(args.corpus / "corpus", args.child_dedup, knobs, args.workers))
        )
        return 0
    with tempfile.TemporaryDirectory(prefix="dedup-speed-") as scratch:
        work = args.work or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        if args.corpus is not None:
            corpus = Corpus.open(args.corpus)
        else:
            try:
                pool = load_pool(args.corpora)
            except FileNotFoundError as error:
                print(f"speed: {error}", file=sys.stderr)
                return 2
            write_corpus(work / "generated", pool, args.articles, seed=args.seed)
            corpus = Corpus.open(work / "generated")
        gold = read_gold(corpus.root / "gold.jsonl")
        results = _contenders(args, corpus, gold, work, knobs)
    for line in format_table(corpus, results):
        print(line)
    if args.json is not None:
        payload = {"articles": corpus.articles, "words": corpus.words, "knobs": knobs}
        payload["workers"] = args.workers
        payload["results"] = [asdict(r) for r in results]
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return 0


def _contenders(
    args: argparse.Namespace,
    corpus: Corpus,
    gold: list[dict[str, Any]],
    work: Path,
    knobs: dict[str, Any],
) -> list[Result]:
    results = []
    if args.skip_reference:
        print("reference skipped (--skip-reference): far too slow beyond 10^4 articles")
    else:
        if corpus.articles > REFERENCE_LIMIT:
            print(f"warning: the reference on {corpus.articles} articles takes very long")
        results.append(run_reference(corpus, gold, work))
    if not args.skip_library:
        results.append(run_library(corpus, gold, work, knobs, args.workers))
    if not args.skip_cli:
        results.append(run_cli(corpus, gold, work, knobs, args.workers))
    for r in results:
        print(f"{r.name}: {r.seconds:.1f} s, {r.max_rss_mib:,.0f} MiB, recall {r.recall:.4f}")
    return results


if __name__ == "__main__":
    sys.exit(main())
