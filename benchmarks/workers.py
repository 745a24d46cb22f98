"""One worker against two: whole `dedup scan` runs, back to back, several rounds.

On a shared VM one process's speed drifts by a fifth from one minute to the next, so a single
pair of runs says little about the speed-up. This script runs ``dedup scan DIR --workers 1``
and ``--workers 2`` in turn (the order swapped every other round, so a drift does not favour
one side), checks that every run writes the same report, and prints each run's time and the share of
CPU time the hypervisor gave to other machines meanwhile (steal, from ``/proc/stat``), then each
round's ratio and their median::

    python -m benchmarks.workers --corpus bench-out/c1e5/corpus --rounds 3
"""

from __future__ import annotations

import argparse
import hashlib
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple


class Run(NamedTuple):
    """One ``dedup scan``: wall and CPU seconds (all its processes), the share of the machine's
    CPU time the hypervisor gave to others meanwhile (``None`` without ``/proc/stat``), and
    the report's digest."""

    wall: float
    cpu: float
    steal: float | None
    digest: str


def run_scan(corpus: Path, workers: int, output: Path) -> Run:
    """Run ``dedup scan corpus --workers workers`` into ``output`` and time it."""
    command = [sys.executable, "-m", "dedup", "scan", str(corpus), "--format", "jsonl"]
    command += ["-o", str(output), "--workers", str(workers), "-q"]
    before, ticks = resource.getrusage(resource.RUSAGE_CHILDREN), cpu_ticks()
    started = time.perf_counter()
    subprocess.run(command, check=True)
    wall = time.perf_counter() - started
    after, later = resource.getrusage(resource.RUSAGE_CHILDREN), cpu_ticks()
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    steal = None
    if ticks and later and sum(later) > sum(ticks):
        steal = (later[7] - ticks[7]) / (sum(later) - sum(ticks))
    return Run(wall, cpu, steal, hashlib.sha256(output.read_bytes()).hexdigest()[:16])


def cpu_ticks() -> list[int]:
    """The machine's CPU time counters from ``/proc/stat`` (index 7: steal), or ``[]``."""
    try:
        first = Path("/proc/stat").read_text().split("\n", 1)[0].split()
    except OSError:
        return []
    return [int(value) for value in first[1:]] if first[:1] == ["cpu"] else []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True, help="a corpus folder to scan")
    parser.add_argument("--rounds", type=int, default=3, help="pairs of runs")
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        print(f"error: no corpus at {args.corpus} (make one with benchmarks.gencorpus)")
        return 2
    ratios, digests = [], set()
    with tempfile.TemporaryDirectory(prefix="dedup-workers-") as folder:
        for number in range(1, args.rounds + 1):
            order = (1, 2) if number % 2 else (2, 1)
            walls = {}
            for workers in order:
                run = run_scan(args.corpus, workers, Path(folder) / "out.jsonl")
                walls[workers] = run.wall
                digests.add(run.digest)
                stolen = "" if run.steal is None else f", steal {100 * run.steal:.0f} %"
                timed = f"{run.wall:.1f} s, CPU {run.cpu:.1f} s{stolen}"
                print(f"round {number}, {workers} worker(s): {timed}")
            ratios.append(walls[1] / walls[2])
            print(f"round {number}: {ratios[-1]:.2f}x")
    same = "identical" if len(digests) == 1 else f"DIFFERENT ({len(digests)} digests)"
    print(f"median {statistics.median(ratios):.2f}x over {len(ratios)} rounds; reports {same}")
    return 0 if len(digests) == 1 else 1


if __name__ == "__main__":
    sys.exit(main())
