"""The obvious implementation a user would write on plain datasketch: the speed baseline.

The same sentence units as dedup (``split_sentences`` + ``tokenize``, sentences of at least
``min_tokens`` tokens) and the same word-bigram shingles, hashed with 32-bit mmh3, signed with
``MinHash.bulk`` (``scheme="affine32"``, 128 permutations), inserted into a
``MinHashLSH(threshold=0.3)`` with an insertion session, then one query per unit. The output is
every candidate pair of sentences in different articles; nothing is verified or attributed,
so this is a lower bound on what a full reference pipeline would cost.

Command line (prints the timing as JSON; ``--pairs`` writes the candidate pairs as TSV)::

    python -m benchmarks.reference CORPUS_DIR [--pairs FILE]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import mmh3
from datasketch import MinHash, MinHashLSH

from dedup.text import split_sentences, tokenize

Unit = tuple[str, int, int]
"""A sentence unit: article id and the sentence's character span."""


@dataclass(frozen=True, slots=True)
class Candidates:
    """Sentence units and the candidate pairs ``(i, j)``, ``i < j``, of units in other articles."""

    units: list[Unit]
    pairs: list[tuple[int, int]]


def read_jsonl(folder: Path) -> Iterator[tuple[str, str]]:
    """``(id, text)`` of every record of every ``.jsonl`` file under ``folder``, in name order."""
    for path in sorted(folder.rglob("*.jsonl")):
        with path.open(encoding="utf-8") as stream:
            for line in stream:
                record = json.loads(line)
                yield str(record["id"]), record["text"]


def mmh3_32(data: bytes) -> int:
    """The 32-bit unsigned MurmurHash3 that datasketch's ``affine32`` scheme expects."""
    return mmh3.hash(data, signed=False)


def reference_candidates(
    articles: Iterable[tuple[str, str]],
    *,
    threshold: float = 0.3,
    num_perm: int = 128,
    shingle_size: int = 2,
    min_tokens: int = 5,
) -> Candidates:
    """Candidate sentence pairs across articles, found with datasketch's MinHash and LSH.

    >>> text = "The harbour bridge will stay closed until May. Nothing else happened here today."
    >>> found = reference_candidates([("a", text), ("b", "Breaking. " + text)])
    >>> [(found.units[i], found.units[j]) for i, j in found.pairs]
    [(('a', 0, 46), ('b', 10, 56)), (('a', 47, 80), ('b', 57, 90))]
    """
    units: list[Unit] = []
    shingles: list[list[bytes]] = []
    for doc, text in articles:
        for sentence in split_sentences(text):
            tokens = tokenize(text[sentence.start : sentence.end])
            if len(tokens) < min_tokens:
                continue
            units.append((doc, sentence.start, sentence.end))
            grams = range(len(tokens) - shingle_size + 1)
            shingles.append([" ".join(tokens[i : i + shingle_size]).encode() for i in grams])
    minhashes = MinHash.bulk(shingles, num_perm=num_perm, hashfunc=mmh3_32, scheme="affine32")
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    with lsh.insertion_session() as session:
        for key, minhash in enumerate(minhashes):
            session.insert(key, minhash)
    pairs = [
        (key, other)
        for key, minhash in enumerate(minhashes)
        for other in lsh.query(minhash)
        if other > key and units[other][0] != units[key][0]
    ]
    pairs.sort()
    return Candidates(units, pairs)


def write_pairs(path: Path, found: Candidates) -> None:
    """Write one TSV line per pair: ``doc_a start_a end_a doc_b start_b end_b``."""
    with path.open("w", encoding="utf-8", newline="\n") as stream:
        for i, j in found.pairs:
            a, b = found.units[i], found.units[j]
            stream.write(f"{a[0]}\t{a[1]}\t{a[2]}\t{b[0]}\t{b[1]}\t{b[2]}\n")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the reference on a corpus folder; print ``{"seconds", "units", "pairs"}``."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.reference")
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--pairs", type=Path, help="write the candidate pairs here (TSV)")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    found = reference_candidates(read_jsonl(args.corpus))
    seconds = time.perf_counter() - began
    if args.pairs is not None:
        write_pairs(args.pairs, found)
    print(json.dumps({"seconds": seconds, "units": len(found.units), "pairs": len(found.pairs)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
