"""Quality harness: run the dedup pipeline on each evaluation corpus and score it against gold.

usage: python -m benchmarks.quality [--corpora PATH] [--only NAME] [--json FILE]
                                    [--set FIELD=VALUE ...] [--examples N]

See benchmarks/QUALITY.md for what each row measures.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks import corpora as cp
from benchmarks.metrics import (
    GoldPair,
    PairMatching,
    Span,
    SpanPair,
    article_pair_scores,
    match_pairs,
    pan_scores,
    sentence_pair_scores,
    spearman,
)
from benchmarks.synth import LEVELS, SynthCorpus, build_corpus
from dedup import Article, Config, scan
from dedup.text import tokenize

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPORA = REPO.parent / "shared" / "corpora"
Report = dict[str, Any]


@dataclass
class Row:
    """One line of the results table; ``details`` goes to the JSON output only."""

    corpus: str
    unit: str
    precision: float | None = None
    recall: float | None = None
    f1: float | None = None
    granularity: float | None = None
    plagdet: float | None = None
    other: str = ""
    seconds: float = 0.0
    details: dict[str, Any] = field(default_factory=dict)


@dataclass
class Context:
    """What every evaluator gets: the corpus folder, the Config and how many examples to keep."""

    root: Path
    config: Config
    examples: int = 5


# --- running dedup ------------------------------------------------------------------------------


def to_articles(docs: Sequence[cp.Doc]) -> list[Article]:
    """Benchmark records as dedup Articles."""
    return [
        Article(id=d.id, text=d.text, date=d.date, title=d.title, body_start=d.body_start)
        for d in docs
    ]


def run_scan(docs: Sequence[cp.Doc], config: Config) -> tuple[Report, float]:
    """Scan ``docs``; return the report as a dict and the scan's wall time in seconds."""
    start = time.perf_counter()
    report = scan(to_articles(docs), config).to_dict()
    return report, time.perf_counter() - start


def sentence_pairs(report: Report) -> list[tuple[SpanPair, dict[str, Any]]]:
    """Every reported sentence pair (a = the reusing article), with its match."""
    out = []
    for m in report["matches"]:
        a, b = m["a"]["doc"], m["b"]["doc"]
        for p in m["pairs"]:
            out.append((SpanPair(Span(a, *p["a"]), Span(b, *p["b"])), m))
    return out


def passage_pairs(report: Report) -> list[tuple[SpanPair, dict[str, Any]]]:
    """Every reported match as one passage pair."""
    return [(SpanPair(_span(m["a"]), _span(m["b"])), m) for m in report["matches"]]


def _span(side: dict[str, Any]) -> Span:
    return Span(side["doc"], side["start"], side["end"])


def _where(span: Span) -> str:
    return f"{span.doc}[{span.start}:{span.end}]"


def _pair_text(pair: SpanPair) -> str:
    return f"{_where(pair.a)} ~ {_where(pair.b)}"


# --- bbc: summaries against all articles of their category ---------------------------------------


def eval_bbc(ctx: Context) -> list[Row]:
    """One scan per category (all articles + all summaries, undated); score summary pairs."""
    reported: list[SpanPair] = []
    gold: list[GoldPair] = []
    other = Counter[str]()
    scan_seconds = 0.0
    for name in cp.bbc_categories(ctx.root):
        cat = cp.read_bbc_category(ctx.root, name)
        report, seconds = run_scan([*cat.articles, *cat.summaries], ctx.config)
        scan_seconds += seconds
        for pair, _m in sentence_pairs(report):
            kinds = {pair.a.doc.split("/")[0], pair.b.doc.split("/")[0]}
            if "summaries" in kinds:
                reported.append(pair)
            other["-".join(sorted(kinds))] += 1
        gold += cat.gold
    scores = sentence_pair_scores(reported, gold)
    matching = match_pairs(reported, gold)
    fps, fns = _errors(reported, gold, matching, ctx.examples)
    return [
        Row(
            "bbc",
            "sentence pair",
            scores.precision,
            scores.recall,
            scores.f1,
            other=f"{len(gold)} gold",
            details={
                "scores": dataclasses.asdict(scores),
                "scan_seconds": scan_seconds,
                "pairs_by_kind": dict(other),
                "false_positives": fps,
                "false_negatives": fns,
                "false_negative_summaries": len(
                    {g.a.doc for g, ok in zip(gold, matching.found, strict=True) if not ok}
                ),
            },
        )
    ]


def _errors(
    reported: Sequence[SpanPair], gold: Sequence[GoldPair], matching: PairMatching, limit: int
) -> tuple[list[str], list[str]]:
    """The first ``limit`` false positives and missed required gold pairs, as ids and offsets."""
    fps = [_pair_text(p) for p, ok in zip(reported, matching.correct, strict=True) if not ok]
    fns = [
        f"{_where(g.a)} <- {_where(g.sources[0])}"
        for g, ok in zip(gold, matching.found, strict=True)
        if not ok and g.required
    ]
    return fps[:limit], fns[:limit]


# --- pan13: listed suspicious/source pairs, PAN character measures ------------------------------


def eval_pan13(ctx: Context) -> list[Row]:
    """Scan each listed pair on its own; matches are PAN detections (a/b mapped by doc id)."""
    data = cp.read_pan13(ctx.root)
    detections: list[SpanPair] = []
    scan_seconds, ignored = 0.0, 0
    for susp, src in data.pairs:
        report, seconds = run_scan([data.docs[susp], data.docs[src]], ctx.config)
        scan_seconds += seconds
        for pair, _m in passage_pairs(report):
            det = pair if pair.a.doc == susp else SpanPair(pair.b, pair.a)
            if any(det.a.overlaps(u.a) and det.b.overlaps(u.b) for u in data.unreliable):
                ignored += 1  # overlaps a case whose offsets could not be re-anchored
                continue
            detections.append(det)
    s = pan_scores(data.cases, detections)
    missed, wrong = _pan_examples(data.cases, detections, ctx.examples)
    return [
        Row(
            "pan13",
            "character (PAN)",
            s.precision,
            s.recall,
            2 * s.precision * s.recall / (s.precision + s.recall)
            if s.precision + s.recall
            else 0.0,
            s.granularity,
            s.plagdet,
            other=f"{s.cases} cases",
            details={
                "scores": dataclasses.asdict(s),
                "pairs": len(data.pairs),
                "ignored_detections": ignored,
                "scan_seconds": scan_seconds,
                "missed_cases": missed,
                "false_detections": wrong,
            },
        )
    ]


def _pan_examples(
    cases: Sequence[SpanPair], detections: Sequence[SpanPair], limit: int
) -> tuple[list[str], list[str]]:
    """Cases no detection touches, and detections that touch no case."""
    by_pair: dict[tuple[str, str], list[SpanPair]] = defaultdict(list)
    for c in cases:
        by_pair[c.a.doc, c.b.doc].append(c)
    hit = {
        c
        for d in detections
        for c in by_pair[d.a.doc, d.b.doc]
        if d.a.overlaps(c.a) and d.b.overlaps(c.b)
    }
    missed = [_pair_text(c) for c in cases if c not in hit]
    wrong = [
        _pair_text(d)
        for d in detections
        if not any(d.a.overlaps(c.a) and d.b.overlaps(c.b) for c in by_pair[d.a.doc, d.b.doc])
    ]
    return missed[:limit], wrong[:limit]


# --- reuters: article pairs against an exact 5-gram reference -----------------------------------


@dataclass
class MatchGraph:
    """Dedup's matches as an article graph: for each article, its neighbours and, per
    neighbour, the spans of the neighbour's text that the shared matches cover."""

    spans: dict[str, dict[str, list[Span]]] = field(default_factory=lambda: defaultdict(dict))
    parent: dict[str, str] = field(default_factory=dict)

    def add(self, a: Span, b: Span) -> None:
        """Record a match between spans ``a`` and ``b`` (in either direction)."""
        self.spans[a.doc].setdefault(b.doc, []).append(b)
        self.spans[b.doc].setdefault(a.doc, []).append(a)
        self.parent[self.root(a.doc)] = self.root(b.doc)

    def root(self, doc: str) -> str:
        """Union-find root of ``doc``'s connected component."""
        while self.parent.setdefault(doc, doc) != doc:
            self.parent[doc] = self.parent[self.parent[doc]]
            doc = self.parent[doc]
        return doc

    def linked(self, u: str, v: str) -> bool:
        """A direct match, or both matched to overlapping text of a common third article."""
        nu, nv = self.spans.get(u, {}), self.spans.get(v, {})
        if v in nu:
            return True
        return any(x.overlaps(y) for w in nu.keys() & nv.keys() for x in nu[w] for y in nv[w])


def eval_reuters(ctx: Context) -> list[Row]:
    """Article-pair recall at J >= 0.8 and precision of reported pairs by exact containment."""
    docs = cp.read_reuters(ctx.root)
    start = time.perf_counter()
    index = cp.ShingleIndex.build(docs)
    reference = cp.near_duplicates(index, 0.5)
    ref_seconds = time.perf_counter() - start
    report, scan_seconds = run_scan(docs, ctx.config)
    graph = MatchGraph()
    for pair, _m in passage_pairs(report):
        graph.add(pair.a, pair.b)
    gold = [(p.a, p.b) for p in reference if p.jaccard >= 0.8]
    found = [graph.linked(u, v) for u, v in gold]
    same_component = sum(graph.root(u) == graph.root(v) for u, v in gold)
    direct = article_pair_scores([(m["a"]["doc"], m["b"]["doc"]) for m in report["matches"]], gold)
    recall = sum(found) / len(gold) if gold else 1.0
    precision, details = _reuters_precision(report, index, docs, ctx.examples)
    sentence_precision, sentence_pairs_checked = _sentence_precision(report, docs)
    return [
        Row(
            "reuters",
            "article pair J>=0.8",
            precision,
            recall,
            2 * precision * recall / (precision + recall) if precision + recall else 0.0,
            other=f"{len(gold)} gold; direct {direct.recall:.3f}",
            details={
                **details,
                "gold_pairs": len(gold),
                "recall_direct_match": direct.recall,
                "recall_shared_source_text": recall,
                "recall_same_component": same_component / len(gold) if gold else 1.0,
                "missed_pairs": [
                    f"{u} {v}" for (u, v), ok in zip(gold, found, strict=True) if not ok
                ][: ctx.examples],
                "reference_pairs_containment_0.5": len(reference),
                "reference_seconds": ref_seconds,
                "scan_seconds": scan_seconds,
            },
        ),
        Row(
            "reuters",
            "sentence pair (5-gram)",
            sentence_precision,
            other=f"{sentence_pairs_checked} reported pairs",
        ),
    ]


def _sentence_precision(report: Report, docs: Sequence[cp.Doc]) -> tuple[float, int]:
    """Share of reported sentence pairs whose two sentences share word 5-grams covering at least
    half of the smaller one's (word-identical when either has fewer than 5 words): a fair
    precision for a sentence-level tool, where one copied sentence is a correct report."""
    texts = {d.id: d.text for d in docs}
    right = total = 0
    for match in report["matches"]:
        for pair in match["pairs"]:
            a = tokenize(texts[match["a"]["doc"]][pair["a"][0] : pair["a"][1]])
            b = tokenize(texts[match["b"]["doc"]][pair["b"][0] : pair["b"][1]])
            total += 1
            right += _five_gram_containment(a, b) >= 0.5
    return (right / total if total else 1.0), total


def _five_gram_containment(a: Sequence[str], b: Sequence[str]) -> float:
    if min(len(a), len(b)) < 5:
        return 1.0 if list(a) == list(b) else 0.0
    grams_a = {tuple(a[i : i + 5]) for i in range(len(a) - 4)}
    grams_b = {tuple(b[i : i + 5]) for i in range(len(b) - 4)}
    return len(grams_a & grams_b) / min(len(grams_a), len(grams_b))


def _reuters_precision(
    report: Report, index: cp.ShingleIndex, docs: Sequence[cp.Doc], limit: int
) -> tuple[float, dict[str, Any]]:
    """Share of reported article pairs whose exact 5-gram containment is >= 0.5, and more."""
    position = {doc_id: i for i, doc_id in enumerate(index.ids)}
    templated = {d.id for d in docs if cp.is_templated(d.text)}
    pairs = sorted({tuple(sorted((m["a"]["doc"], m["b"]["doc"]))) for m in report["matches"]})
    stats = [index.stat(position[a], position[b]) for a, b in pairs]
    levels = {f"containment>={c}": sum(s.containment >= c for s in stats) for c in (0.8, 0.5, 0.2)}
    low = [s for s in stats if s.containment < 0.5]
    details = {
        "reported_pairs": len(pairs),
        "reported_pairs_by_containment": levels,
        "reported_pairs_sharing_no_5gram": sum(s.containment == 0 for s in stats),
        "templated_docs": len(templated),
        "reported_pairs_both_templated": sum(a in templated and b in templated for a, b in pairs),
        "low_containment_pairs_templated": sum(s.a in templated and s.b in templated for s in low),
        "low_containment_examples": [f"{s.a} {s.b} C={s.containment:.2f}" for s in low[:limit]],
        "matches": len(report["matches"]),
    }
    return (levels["containment>=0.5"] / len(pairs) if pairs else 1.0), details


# --- clough-stevenson: reuse share ordered by level ---------------------------------------------


def eval_clough(ctx: Context) -> list[Row]:
    """Scan each answer with its (earlier dated) source; Spearman of copied_share vs level."""
    answers = cp.read_clough(ctx.root)
    shares: list[float] = []
    scores: list[float] = []
    scan_seconds = 0.0
    for item in answers:
        source = dataclasses.replace(item.source, date="2000-01-01")
        answer = dataclasses.replace(item.answer, date="2000-01-02")
        report, seconds = run_scan([source, answer], ctx.config)
        scan_seconds += seconds
        doc = next(d for d in report["documents"] if d["id"] == answer.id)
        shares.append(float(doc["copied_share"]))
        scores.append(float(doc["copied_score"]))
    levels = [cp.LEVEL_RANK[a.level] for a in answers]
    rho = spearman([float(x) for x in levels], scores)
    rho_share = spearman([float(x) for x in levels], shares)
    means = {
        name: sum(s for s, a in zip(shares, answers, strict=True) if a.level == name)
        / max(1, sum(a.level == name for a in answers))
        for name in cp.LEVEL_RANK
    }
    return [
        Row(
            "clough",
            "answer copied_score",
            other=f"spearman {rho:.3f} (copied_share {rho_share:.3f})",
            details={
                "spearman": rho,
                "spearman_copied_share": rho_share,
                "mean_share_by_level": means,
                "scan_seconds": scan_seconds,
                "shares": {a.answer.id: s for a, s in zip(answers, shares, strict=True)},
            },
        )
    ]


# --- synthetic: graded edits on Reuters base text ----------------------------------------------

SYNTH_PER_LEVEL = 100
SYNTH_SEED = 2026


def eval_synthetic(ctx: Context) -> list[Row]:
    """Generate the seeded corpus, scan it once, score recall/precision/direction per level."""
    corpus = build_corpus(
        [d.text for d in cp.read_reuters(ctx.root)], per_level=SYNTH_PER_LEVEL, seed=SYNTH_SEED
    )
    docs = [cp.Doc(id=d.id, text=d.text, date=d.date) for d in corpus.docs]
    report, scan_seconds = run_scan(docs, ctx.config)
    pairs = sentence_pairs(report)
    rows = [_synth_row(level, corpus, pairs, ctx.examples) for level in LEVELS]
    stray = [
        _pair_text(p)
        for p, _m in pairs
        if p.a.doc not in corpus.level and p.b.doc not in corpus.level
    ]
    rows[0].details.update(
        scan_seconds=scan_seconds,
        documents=len(docs),
        stray_pairs=stray[: ctx.examples],
        stray_pair_count=len(stray),
    )
    return rows


def _synth_row(
    level: str, corpus: SynthCorpus, pairs: list[tuple[SpanPair, dict[str, Any]]], limit: int
) -> Row:
    """Scores of one edit level: pairs touching a target of that level against its gold."""
    targets = {t for t, lv in corpus.level.items() if lv == level}
    gold = [g for g in corpus.gold if g.a.doc in targets]
    mine = [(p, m) for p, m in pairs if p.a.doc in targets or p.b.doc in targets]
    reported = [p for p, _m in mine]
    scores = sentence_pair_scores(reported, gold)
    matching = match_pairs(reported, gold)
    right = [
        p.a.doc in targets and m["source"] == corpus.source[p.a.doc]
        for (p, m), ok in zip(mine, matching.correct, strict=True)
        if ok
    ]
    direction = sum(right) / len(right) if right else 0.0
    edge = _edge_positions(gold)
    inner = [
        ok
        for i, (g, ok) in enumerate(zip(gold, matching.found, strict=True))
        if g.required and i not in edge
    ]
    return Row(
        f"synthetic/{level}",
        "sentence pair",
        scores.precision,
        scores.recall,
        scores.f1,
        other=f"direction {direction:.3f}",
        details={
            "scores": dataclasses.asdict(scores),
            "direction_correct": direction,
            "recall_without_edge_sentences": sum(inner) / len(inner) if inner else 1.0,
            **dict(
                zip(
                    ("false_positives", "false_negatives"),
                    _errors(reported, gold, matching, limit),
                    strict=True,
                )
            ),
        },
    )


def _edge_positions(gold: Sequence[GoldPair]) -> set[int]:
    """Positions of the first and last copied sentence of each target (gold is in order)."""
    first: dict[str, int] = {}
    last: dict[str, int] = {}
    for i, g in enumerate(gold):
        first.setdefault(g.a.doc, i)
        last[g.a.doc] = i
    return set(first.values()) | set(last.values())


# --- command line -------------------------------------------------------------------------------

EVALUATORS: dict[str, Callable[[Context], list[Row]]] = {
    "bbc": eval_bbc,
    "pan13": eval_pan13,
    "reuters": eval_reuters,
    "clough": eval_clough,
    "synthetic": eval_synthetic,
}

REQUIRED = {
    "bbc": ("alignment.jsonl", "articles", "summaries"),
    "pan13": ("reanchored.jsonl", "02-no-obfuscation/pairs", "susp", "src"),
    "reuters": ("reut2-000.sgm",),
    "clough": ("file_information.csv",),
    "synthetic": ("reut2-000.sgm",),
}


def missing(name: str, corpora: Path) -> str | None:
    """Why corpus ``name`` cannot run (None when its files are all there)."""
    folder = corpora / cp.CORPUS_DIRS[name]
    absent = [f for f in REQUIRED[name] if not (folder / f).exists()]
    if not absent:
        return None
    return f"{name}: missing {', '.join(str(folder / f) for f in absent)}"


def parse_config(items: Sequence[str]) -> Config:
    """Build a Config from FIELD=VALUE overrides, each value parsed as its field's type."""
    defaults: dict[str, Any] = {f.name: f.default for f in dataclasses.fields(Config)}
    values: dict[str, Any] = {}
    for item in items:
        key, sep, raw = item.partition("=")
        if not sep or key not in defaults:
            raise SystemExit(
                f"--set {item!r}: expected FIELD=VALUE, FIELD one of {sorted(defaults)}"
            )
        values[key] = type(defaults[key])(raw)
    return Config(**values)


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.4f}"


def format_table(rows: Sequence[Row]) -> str:
    """The results as a Markdown table."""
    head = "| corpus | unit | precision | recall | F1 | granularity | plagdet | other | time (s) |"
    lines = [head, "|" + "---|" * 9]
    for r in rows:
        cells = [
            r.corpus,
            r.unit,
            *map(_fmt, (r.precision, r.recall, r.f1, r.granularity, r.plagdet)),
        ]
        lines.append("| " + " | ".join([*cells, r.other, f"{r.seconds:.1f}"]) + " |")
    return "\n".join(lines)


def run(names: Sequence[str], corpora: Path, config: Config, examples: int) -> list[Row]:
    """Evaluate each named corpus; the first row of each corpus carries its wall time."""
    rows: list[Row] = []
    for name in names:
        start = time.perf_counter()
        ctx = Context(corpora / cp.CORPUS_DIRS[name], config, examples)
        produced = EVALUATORS[name](ctx)
        produced[0].seconds = time.perf_counter() - start
        rows += produced
        print(f"done {name} in {produced[0].seconds:.1f} s", file=sys.stderr, flush=True)
    return rows


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m benchmarks.quality", description=__doc__.splitlines()[0]
    )
    p.add_argument(
        "--corpora",
        type=Path,
        default=DEFAULT_CORPORA,
        help="corpora root (default: ../shared/corpora from the repository root)",
    )
    p.add_argument(
        "--only",
        choices=sorted(EVALUATORS),
        action="append",
        help="run only this corpus (repeatable)",
    )
    p.add_argument("--json", type=Path, help="write rows and details as JSON to this file")
    p.add_argument(
        "--set",
        dest="overrides",
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        help="override a Config field (repeatable)",
    )
    p.add_argument(
        "--examples", type=int, default=5, help="error examples kept per corpus in the JSON output"
    )
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the harness; exit 0 when every requested corpus ran, 1 when some were missing."""
    args = _parser().parse_args(argv)
    config = parse_config(args.overrides)
    names = args.only or list(EVALUATORS)
    absent = [m for m in (missing(n, args.corpora) for n in names) if m]
    for message in absent:
        print(f"SKIPPED {message}", file=sys.stderr)
    ready = [n for n in names if missing(n, args.corpora) is None]
    rows = run(ready, args.corpora, config, args.examples)
    print(f"config: {json.dumps(config.to_dict(), sort_keys=True)}")
    print(format_table(rows))
    if absent:
        print(f"\nnot run (corpus missing): {', '.join(a.split(':')[0] for a in absent)}")
    if args.json:
        payload = {
            "config": config.to_dict(),
            "rows": [dataclasses.asdict(r) for r in rows],
            "missing": absent,
        }
        args.json.write_text(json.dumps(payload, indent=2, sort_keys=True) + "\n")
    return 1 if absent else 0


if __name__ == "__main__":
    raise SystemExit(main())
