"""What the main process did, stage by stage, second by second: from a py-spy speedscope file.

Record the main process of a scan (``--idle`` keeps the samples where it waits), then print, for
each step of ``--step`` seconds, the stages it spent them in and whether it worked or waited
(for the workers' results, mostly)::

    dedup scan bench-out/c1e6/corpus --format jsonl -o out.jsonl --workers 2 -q &
    py-spy record --idle -r 10 -f speedscope -o main.speedscope --pid $!
    python -m benchmarks.timeline main.speedscope --step 20

A step where the main process works while the workers have nothing to do is time one core
spends idle: reading the files, numbering the distinct sentences, the clusters and the report.
The samples are counted, not timed: at ``-r 10`` each stands for a tenth of a second, and
py-spy takes a little fewer than it is asked for on a busy machine.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

STAGES = (
    "load_articles",
    "_prepare_all",
    "_distinct_sentences",
    "_near_copies",
    "candidate_pairs",
    "best_sources",
    "align_linked",
    "sort_matches",
    "summarize",
    "build_clusters",
    "boilerplate_reasons",
    "flag_boilerplate",
    "summarize_again",
    "outlet_network",
    "to_jsonl",
    "to_json",
    "to_text",
    "write_atomically",
    "scan",
)
"""Functions that name a stage: a sample belongs to the innermost of them on its stack."""

WAITING = frozenset(
    {"wait", "Condition.wait", "select", "_PollLikeSelector.select", "Connection._recv", "poll"}
)
"""Innermost frames where the main thread waits rather than works."""


def steps(
    profile: dict[str, Any], frames: Sequence[dict[str, Any]], *, rate: float, step: float
) -> Iterator[tuple[float, Counter[str]]]:
    """For each step of ``step`` seconds, seconds per stage (``stage`` or ``stage (waiting)``)."""
    per_step: dict[int, Counter[str]] = {}
    for number, stack in enumerate(profile["samples"]):
        names = [frames[f]["name"] for f in stack]
        stage = next((n for n in reversed(names) if n in STAGES), "other")
        if names and names[-1] in WAITING:
            stage += " (waiting)"
        per_step.setdefault(int(number / rate // step), Counter())[stage] += 1 / rate
    for index in sorted(per_step):
        yield index * step, per_step[index]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("speedscope", type=Path, help="py-spy record -f speedscope output")
    parser.add_argument("--step", type=float, default=20.0, help="seconds a line")
    parser.add_argument("--rate", type=float, default=10.0, help="py-spy's -r")
    args = parser.parse_args(argv)
    recorded = json.loads(args.speedscope.read_text(encoding="utf-8"))
    frames = recorded["shared"]["frames"]
    main_thread = max(recorded["profiles"], key=lambda p: len(p["samples"]))
    for start, seconds in steps(main_thread, frames, rate=args.rate, step=args.step):
        shown = ", ".join(f"{stage} {s:.1f}" for stage, s in seconds.most_common(4))
        print(f"{start:7.0f} s  {shown}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
