"""The signing stage alone, piece by piece: CPU seconds of each call on real distinct lines.

Reads the first ``--articles`` articles of a corpus, keeps their distinct token lines of at
least ``min_tokens`` tokens (the units the scan signs), and signs them in blocks as a signing
worker does, timing each piece (token hashes, features, buckets, shingles, minima, band keys)
over ``--rounds`` rounds; the last round's figures are printed with a digest of the band keys, so
that two versions of the code can be compared on the same units::

    python -m benchmarks.sign_cost --corpus bench-out/c1e4/corpus --articles 10000
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import sys
import time
from pathlib import Path

from dedup import load_articles
from dedup.candidates import KEY_BLOCK, token_buckets, token_features
from dedup.config import Config
from dedup.lsh import band_major_keys, lsh_params
from dedup.minhash import MinHasher
from dedup.prepare import prepare
from dedup.shingle import hash_lines, shingle_units

PIECES = ("hashes", "features", "buckets", "shingles", "minima", "keys")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True, help="a corpus folder")
    parser.add_argument("--articles", type=int, default=10_000, help="articles to read")
    parser.add_argument("--rounds", type=int, default=2, help="rounds (the first compiles)")
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        print(f"error: no corpus at {args.corpus} (make one with benchmarks.gencorpus)")
        return 2
    config = Config()
    articles = itertools.islice(load_articles(args.corpus), args.articles)
    units = sorted({line for a in articles for line in prepare(a).lines})
    units = [line for line in units if len(line.split(" ")) >= config.min_tokens]
    bands, rows = lsh_params(config.threshold, config.num_perm)
    hasher = MinHasher(num_perm=config.num_perm, seed=config.seed).head(bands * rows)
    for _ in range(args.rounds):
        seconds = dict.fromkeys(PIECES, 0.0)
        digest = hashlib.sha1()
        for start in range(0, len(units), KEY_BLOCK):
            clock = [time.process_time()]
            hashes, offsets = hash_lines(units[start : start + KEY_BLOCK])
            clock.append(time.process_time())
            token_features(hashes, offsets)
            clock.append(time.process_time())
            token_buckets(hashes, offsets)
            clock.append(time.process_time())
            shingles, shingle_offsets = shingle_units(hashes, offsets, config.shingle_size)
            clock.append(time.process_time())
            minima = hasher.minima(shingles, shingle_offsets)
            clock.append(time.process_time())
            keys = band_major_keys(minima, bands, rows)
            clock.append(time.process_time())
            for piece, before, after in zip(PIECES, clock[:-1], clock[1:], strict=True):
                seconds[piece] += after - before
            digest.update(keys.tobytes())
    pieces = ", ".join(f"{piece} {seconds[piece]:.3f}" for piece in PIECES)
    total = sum(seconds.values())
    result = digest.hexdigest()[:16]
    print(f"signed {len(units)} units in {total:.2f} CPU s ({pieces}), digest {result}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
