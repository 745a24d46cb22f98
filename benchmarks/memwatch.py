"""Run one command and watch the machine's memory: wall time, CPU time, steal, peak RSS, and
the memory in use above idle (``MemTotal - MemAvailable``, which counts a scan's workers and
the page cache it dirties alike) sampled every ``--every`` seconds, with the command's own
resident memory by kind (anonymous, file-backed, shared) and its child processes' anonymous
memory (pages shared since a fork counted in each worker)::

    python -m benchmarks.memwatch --timeline mem.tsv -- \\
        dedup scan bench-out/c1e6/corpus --format jsonl -o out.jsonl --workers 2 -q

prints one line of figures at the end; ``--timeline`` keeps every sample (in GiB) to see which
stage holds the peak.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

from benchmarks.workers import cpu_ticks

GIB = 2**30


def kilobytes(path: str) -> dict[str, int]:
    """The ``Name: N kB`` lines of a /proc file, in bytes (empty if it cannot be read)."""
    try:
        lines = Path(path).read_text().splitlines()
    except OSError:
        return {}
    fields = (line.split(":", 1) for line in lines if line.endswith(" kB"))
    return {name: 1024 * int(value.split()[0]) for name, value in fields}


def in_use() -> int | None:
    """Bytes of memory in use on the machine (``MemTotal - MemAvailable``), or None."""
    memory = kilobytes("/proc/meminfo")
    return memory["MemTotal"] - memory["MemAvailable"] if memory else None


def resident(pid: int) -> tuple[int, int, int]:
    """Process ``pid``'s resident memory in bytes: anonymous, file-backed, shared (0s once it
    is gone)."""
    status = kilobytes(f"/proc/{pid}/status")
    return status.get("RssAnon", 0), status.get("RssFile", 0), status.get("RssShmem", 0)


def descendants(pid: int) -> list[int]:
    """The processes below ``pid`` (children, their children...), as /proc lists them now."""
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        try:
            tasks = Path(f"/proc/{parent}/task").iterdir()
            children = [int(c) for t in tasks for c in (t / "children").read_text().split()]
        except (OSError, ValueError):
            continue
        found += children
        todo += children
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--every", type=float, default=1.0, help="seconds between samples")
    parser.add_argument("--timeline", type=Path, help="write every sample here (TSV)")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="the command, after --")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("name the command to run after --")
    idle = in_use()
    samples: list[tuple[float, int, int, int, int, int]] = []
    done = threading.Event()
    started = time.perf_counter()
    process = subprocess.Popen(command)

    def sample() -> None:
        while not done.wait(args.every):
            now = in_use()
            if now is not None and idle is not None:
                anon, file, shmem = resident(process.pid)
                workers = sum(resident(pid)[0] for pid in descendants(process.pid))
                at = time.perf_counter() - started
                samples.append((at, now - idle, anon, file, shmem, workers))

    watcher = threading.Thread(target=sample, daemon=True)
    ticks = cpu_ticks()
    watcher.start()
    returncode = process.wait()
    wall = time.perf_counter() - started
    done.set()
    watcher.join()
    later = cpu_ticks()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    steal = "-"
    if ticks and later and sum(later) > sum(ticks):
        steal = f"{100 * (later[7] - ticks[7]) / (sum(later) - sum(ticks)):.1f} %"
    peak_at, peak = max(((s[0], s[1]) for s in samples), key=lambda s: s[1], default=(0.0, 0))
    anon_at, anon = max(((s[0], s[2]) for s in samples), key=lambda s: s[1], default=(0.0, 0))
    print(
        f"exit {returncode}; wall {wall:.1f} s; user {usage.ru_utime:.1f} s, "
        f"system {usage.ru_stime:.1f} s; steal {steal}; maxrss {usage.ru_maxrss / 1e6:.2f} GB "
        f"(largest process); peak in use above idle {peak / GIB:.2f} GiB at {peak_at:.0f} s; "
        f"the command's anonymous memory at most {anon / GIB:.2f} GiB at {anon_at:.0f} s"
    )
    if args.timeline is not None:
        head = "seconds\tin use above idle\tanonymous\tfile-backed\tshared\tworkers anonymous"
        rows = ("\t".join([f"{s[0]:.1f}", *(f"{v / GIB:.3f}" for v in s[1:])]) for s in samples)
        args.timeline.write_text(head + " (GiB)\n" + "\n".join(rows) + "\n")
    return returncode


if __name__ == "__main__":
    sys.exit(main())
