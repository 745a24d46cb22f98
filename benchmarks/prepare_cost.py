"""The preparation of articles alone (sentences, token lines, quotes): for instruction counts.

As with ``benchmarks.align_cost``: time on a shared VM varies by 20 % or more between runs of
the same code, the instructions a run executes do not. This script reads the first
``--articles`` articles of a corpus, prepares and packs each as a worker does, and prints a
digest of the packed documents, so that two versions of the code can be compared::

    valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \\
        python -m benchmarks.prepare_cost --corpus bench-out/c1e4/corpus --stop-after-load
    valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \\
        python -m benchmarks.prepare_cost --corpus bench-out/c1e4/corpus

The preparation's instructions are the second count ("I refs") less the first. Set
``PYTHONHASHSEED=0`` for counts that repeat to the instruction.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import sys
import time
from pathlib import Path

from dedup import load_articles
from dedup.prepare import prepare_packed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True, help="a corpus folder")
    parser.add_argument("--articles", type=int, default=1500, help="articles to prepare")
    parser.add_argument("--stop-after-load", action="store_true", help="read, then stop")
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        print(f"error: no corpus at {args.corpus} (make one with benchmarks.gencorpus)")
        return 2
    articles = list(itertools.islice(load_articles(args.corpus), args.articles))
    if args.stop_after_load:
        return 0
    digest = hashlib.sha1()
    started = time.process_time()
    for article in articles:
        digest.update(repr(prepare_packed(article)).encode())
    seconds = time.process_time() - started
    result = digest.hexdigest()[:16]
    print(f"prepared {len(articles)} articles in {seconds:.2f} CPU s, result {result}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
