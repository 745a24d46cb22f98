"""The alignment of article pairs alone, on inputs prepared once: for instruction counts.

Wall and CPU time on a shared VM vary by 20 % or more between runs of the same code; the
instructions a run executes do not. This script prepares a corpus up to the alignment once
(``--save``), then aligns the first ``--pairs`` linked article pairs with one worker and prints
a digest of the result, so that two versions of the code can be compared under valgrind::

    python -m benchmarks.align_cost --corpus bench-out/c1e4/corpus --save pairs.pkl --pairs 500
    valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \\
        python -m benchmarks.align_cost --load pairs.pkl --stop-after-load
    valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \\
        python -m benchmarks.align_cost --load pairs.pkl

The alignment's instructions are the second count ("I refs") less the first. Set
``PYTHONHASHSEED=0`` for counts that repeat to the instruction. The saved file is a pickle:
load only files you made.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import importlib
import pickle
import sys
import time
from pathlib import Path

from dedup import Config, load_articles
from dedup.attribute import Links, align_linked, best_sources
from dedup.candidates import build_graph
from dedup.prepare import Document, order_key


def prepare_pairs(corpus: Path, pairs: int, workers: int) -> tuple[list[Document], Links]:
    """The documents of ``corpus`` and the links of its first ``pairs`` linked article pairs."""
    pipeline = importlib.import_module("dedup.scan")  # the module (``dedup.scan`` is the function)
    articles = sorted(load_articles(corpus), key=order_key)
    documents, counts, keys = pipeline._prepare_all(articles, workers, None, None)
    config = Config()
    graph = build_graph(documents, config, workers=workers, token_counts=counts, line_keys=keys)
    links = best_sources(documents, graph, config)
    kept: Links = []
    count = 0
    for found in links:
        sources = {link.doc for every in found.values() for link in every}
        if count + len(sources) > pairs:
            found = {}
        count += len(sources) if found else 0
        kept.append(found)
    return pipeline._tokens_of(documents, pipeline._linked(kept)), kept


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, help="a corpus folder to prepare")
    parser.add_argument("--save", type=Path, help="write the prepared inputs here")
    parser.add_argument("--load", type=Path, help="read prepared inputs from here")
    parser.add_argument("--pairs", type=int, default=500, help="article pairs to keep")
    parser.add_argument("--workers", type=int, default=2, help="workers for the preparation")
    parser.add_argument("--stop-after-load", action="store_true", help="load, then stop")
    args = parser.parse_args(argv)
    gc.disable()  # as the scan runs
    if args.load:
        with args.load.open("rb") as f:
            documents, links = pickle.load(f)
    elif args.corpus:
        if not args.corpus.exists():
            print(f"error: no corpus at {args.corpus} (make one with benchmarks.gencorpus)")
            return 2
        documents, links = prepare_pairs(args.corpus, args.pairs, args.workers)
        if args.save:
            with args.save.open("wb") as f:
                pickle.dump((documents, links), f, protocol=5)
    else:
        parser.error("give --corpus or --load")
    if args.stop_after_load:
        return 0
    pairs = len({(d, link.doc) for d, found in enumerate(links) for (link, *_) in found.values()})
    started = time.process_time()
    aligned = align_linked(documents, links, Config(), workers=1)
    seconds = time.process_time() - started
    digest = hashlib.sha256(pickle.dumps(aligned, protocol=5)).hexdigest()[:16]
    print(f"aligned {pairs} article pairs in {seconds:.2f} CPU s, result {digest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
