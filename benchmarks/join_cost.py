"""The LSH band join alone, on the band keys of a real scan saved once: for the join's CPU time.

At 10^6 articles the join's workers spent most of their time filtering candidate pairs (a
band yields about 9.7 M pairs among 3.3 M bucket members), which only shows at that size: the
tables it reads outgrow the caches. Preparing and signing 10^6 articles takes about 14
minutes; this script does it once (``--save``, about 8 GB of ``.npy`` files for 10^6) and then
joins the first ``--bands`` bands in one process as ``dedup.candidates`` does, printing the CPU
time and a digest of the pairs::

    python -m benchmarks.join_cost --corpus bench-out/c1e6/corpus --save join6
    python -m benchmarks.join_cost --load join6 --bands 4

Two versions of the code compare on the same files (each its own ``src`` on ``PYTHONPATH``).
"""

from __future__ import annotations

import argparse
import functools
import gc
import hashlib
import importlib
import sys
import time
from pathlib import Path

import numpy as np

from dedup import Config, load_articles
from dedup.lsh import candidate_pairs, lsh_params
from dedup.parallel import iter_shared, shared_zeros
from dedup.prepare import order_key

candidates = importlib.import_module("dedup.candidates")


def save_join_inputs(corpus: Path, out: Path, workers: int) -> None:
    """Prepare and sign ``corpus`` as a scan does; write its band keys (band-major), token
    buckets and unit lengths to ``out``."""
    pipeline = importlib.import_module("dedup.scan")  # the module (``dedup.scan`` is the function)
    config = Config()
    articles = sorted(load_articles(corpus), key=order_key)
    documents, counts, line_keys = pipeline._prepare_all(articles, workers, None, None)
    del articles
    _, _, places, lengths = candidates._distinct_sentences(
        documents, config.min_tokens, counts, line_keys
    )
    units = candidates._Lines(documents, places)
    block = candidates.KEY_BLOCK
    blocks = [(start, min(start + block, len(units))) for start in range(0, len(units), block)]
    bands, _ = lsh_params(config.threshold, config.num_perm)
    keys = shared_zeros((bands, len(units)), np.uint64)
    buckets = shared_zeros((len(units), candidates.TOKEN_BUCKETS), np.uint8)
    offsets = np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)
    features = shared_zeros((int(offsets[-1]),), np.uint32)
    signing = (units, config, keys, buckets, features, offsets)
    for _ in iter_shared(candidates._sign_into, signing, blocks, workers=workers, chunk=1):
        pass
    out.mkdir(parents=True, exist_ok=True)
    np.save(out / "keys.npy", keys)
    np.save(out / "buckets.npy", buckets)
    np.save(out / "lengths.npy", lengths)


def join(inputs: Path, bands: int) -> tuple[float, int, str]:
    """CPU seconds, pair count and digest of joining the first ``bands`` bands in one process."""
    config = Config()
    keys = np.ascontiguousarray(np.load(inputs / "keys.npy", mmap_mode="r")[:bands])
    buckets = np.load(inputs / "buckets.npy")
    lengths = np.load(inputs / "lengths.npy")
    keep = functools.partial(
        candidates.plausible,
        lengths=lengths,
        buckets=buckets,
        least=config.sentence_similarity,
        min_shared=config.min_tokens,
    )
    started = time.process_time()  # units numbered in preference order, as the scan has them
    pairs = candidate_pairs(keys.T, None, fanout=config.max_candidates, workers=1, keep=keep)
    seconds = time.process_time() - started
    return seconds, len(pairs), hashlib.sha256(pairs.tobytes()).hexdigest()[:16]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, help="a corpus folder to prepare and sign")
    parser.add_argument("--save", type=Path, help="write the join's inputs to this folder")
    parser.add_argument("--load", type=Path, help="read the join's inputs from this folder")
    parser.add_argument("--bands", type=int, default=4, help="bands to join")
    parser.add_argument("--workers", type=int, default=2, help="workers for the preparation")
    args = parser.parse_args(argv)
    gc.disable()  # as the scan runs
    if args.corpus:
        if not args.corpus.exists():
            print(f"error: no corpus at {args.corpus} (make one with benchmarks.gencorpus)")
            return 2
        if not args.save:
            parser.error("--corpus needs --save")
        save_join_inputs(args.corpus, args.save, args.workers)
        return 0
    if not args.load:
        parser.error("give --corpus and --save, or --load")
    if not (args.load / "keys.npy").exists():
        print(f"error: no saved join inputs in {args.load} (make them with --corpus --save)")
        return 2
    seconds, count, digest = join(args.load, args.bands)
    print(f"joined {args.bands} bands in {seconds:.2f} CPU s: {count} pairs, {digest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
