"""Candidate sentence pairs: distinct sentences signed with MinHash, bucketed by LSH, verified.

Every sentence long enough to judge becomes a unit. Identical sentences (same tokens) are one
unit with several occurrences, so a story syndicated to a thousand outlets is signed once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from dedup.align import pairwise_similarity
from dedup.config import Config
from dedup.lsh import band_keys, candidate_pairs, lsh_params
from dedup.minhash import MinHasher
from dedup.parallel import map_shared
from dedup.prepare import Document
from dedup.shingle import hash_units, shingle_units

Occurrence = tuple[int, int]
"""``(document, sentence)``: a document's index in source-preference order and a sentence index."""


@dataclass(frozen=True, slots=True)
class SentenceGraph:
    """Distinct sentences, where each occurs, and which others are near copies of it."""

    unit_of: dict[Occurrence, int]
    occurrences: tuple[tuple[Occurrence, ...], ...]
    neighbours: tuple[tuple[tuple[int, float], ...], ...]


def build_graph(
    documents: Sequence[Document], config: Config, *, workers: int = 1
) -> SentenceGraph:
    """Group identical sentences and link near-identical ones found by MinHash-LSH.

    ``documents`` must be in source-preference order (see ``prepare.order_key``).
    """
    units: dict[tuple[str, ...], int] = {}
    found: list[list[Occurrence]] = []
    unit_of: dict[Occurrence, int] = {}
    for d, document in enumerate(documents):
        for s, tokens in enumerate(document.tokens):
            if len(tokens) < config.min_tokens:
                continue
            unit = units.setdefault(tokens, len(units))
            if unit == len(found):
                found.append([])
            found[unit].append((d, s))
            unit_of[(d, s)] = unit
    neighbours = _near_copies(list(units), config, workers)
    return SentenceGraph(
        unit_of=unit_of,
        occurrences=tuple(tuple(o) for o in found),
        neighbours=tuple(tuple(n) for n in neighbours),
    )


KEY_BLOCK = 8192
"""Distinct sentences hashed, signed and banded per task."""

VERIFY_BLOCK = 25_000
"""Candidate pairs verified per task: bounds the token lists built for rapidfuzz, and gives
the workers several tasks even at 10^4 articles (about 100,000 pairs)."""

SKETCH_FLOOR = 0.1
"""Least share of equal sketch bytes for a candidate pair to be verified. On the generated
corpora every verified pair agrees on at least 0.156 (10^4 articles) and 0.133 (10^5) of its
MinHash rows, one in a thousand below 0.25; unrelated rows agree by chance 1/256 of the time.
Below 0.1 fall half the LSH candidates at 10^4 and a third at 10^5."""

Sketches = npt.NDArray[np.uint8]
"""The low byte of each MinHash row of each unit (b-bit MinHash): 128 bytes a unit."""


def _keys_of(
    shared: tuple[list[tuple[str, ...]], Config], blocks: Sequence[tuple[int, int]]
) -> list[tuple[npt.NDArray[np.uint64], Sketches]]:
    """LSH band keys and sketches of the units in each ``(start, end)`` block."""
    units, config = shared
    hasher = MinHasher(num_perm=config.num_perm, seed=config.seed)
    bands, rows = lsh_params(config.threshold, config.num_perm)
    found = []
    for start, end in blocks:
        token_hashes, offsets = hash_units(units[start:end])
        shingles, shingle_offsets = shingle_units(token_hashes, offsets, config.shingle_size)
        signatures = hasher.signatures(shingles, shingle_offsets)
        sketches = (signatures & np.uint32(0xFF)).astype(np.uint8)
        found.append((band_keys(signatures, bands, rows), sketches))
    return found


def _near_copies(
    units: list[tuple[str, ...]], config: Config, workers: int
) -> list[list[tuple[int, float]]]:
    """For each unit, the other units whose exact similarity reaches the sentence threshold."""
    neighbours: list[list[tuple[int, float]]] = [[] for _ in units]
    if len(units) < 2:
        return neighbours
    blocks = [
        (start, min(start + KEY_BLOCK, len(units))) for start in range(0, len(units), KEY_BLOCK)
    ]
    signed = map_shared(_keys_of, (units, config), blocks, workers=workers, chunk=1)
    keys = np.concatenate([block_keys for block_keys, _ in signed])
    sketches = np.concatenate([block_sketches for _, block_sketches in signed])
    del signed
    # units are numbered in order of first occurrence, which is source-preference order
    rank = np.arange(len(units), dtype=np.int64)
    pairs = candidate_pairs(keys, rank, fanout=config.max_candidates)
    del keys
    lengths = np.fromiter(map(len, units), dtype=np.int64, count=len(units))
    pairs = plausible_pairs(pairs, lengths, sketches, least=config.sentence_similarity)
    blocks = [(start, start + VERIFY_BLOCK) for start in range(0, len(pairs), VERIFY_BLOCK)]
    verified = map_shared(_verify, (units, pairs, config), blocks, workers=workers, chunk=1)
    for block in verified:  # in block order, so the lists are the same for any worker count
        for later, earlier, score in block:
            neighbours[later].append((earlier, score))
            neighbours[earlier].append((later, score))
    return neighbours


def plausible_pairs(
    pairs: npt.NDArray[np.int64],
    lengths: npt.NDArray[np.int64],
    sketches: Sketches,
    *,
    least: float,
    floor: float = SKETCH_FLOOR,
) -> npt.NDArray[np.int64]:
    """The candidate ``pairs`` worth an exact comparison: lengths that allow a similarity of
    ``least`` (it is at most ``2 * min(a, b) / (a + b)``), and sketches agreeing on ``floor``.

    >>> sketches = np.array([[1, 2, 3, 4], [1, 2, 3, 9], [7, 7, 7, 7]], dtype=np.uint8)
    >>> pairs = np.array([[1, 0], [2, 0]])
    >>> plausible_pairs(pairs, np.array([10, 10, 10]), sketches, least=0.7).tolist()
    [[1, 0]]
    >>> plausible_pairs(pairs, np.array([10, 3, 10]), sketches, least=0.7).tolist()
    []
    """
    first, second = lengths[pairs[:, 0]], lengths[pairs[:, 1]]
    pairs = pairs[2 * np.minimum(first, second) >= least * (first + second) - 1e-9]
    keep = np.zeros(len(pairs), dtype=bool)
    for start in range(0, len(pairs), VERIFY_BLOCK):
        block = pairs[start : start + VERIFY_BLOCK]
        agree = (sketches[block[:, 0]] == sketches[block[:, 1]]).mean(axis=1)
        keep[start : start + VERIFY_BLOCK] = agree >= floor
    return pairs[keep]


def _verify(
    shared: tuple[list[tuple[str, ...]], npt.NDArray[np.int64], Config],
    blocks: Sequence[tuple[int, int]],
) -> list[list[tuple[int, int, float]]]:
    """The candidate pairs of each block whose exact similarity reaches the threshold."""
    units, all_pairs, config = shared
    found = []
    for start, end in blocks:
        pairs = all_pairs[start:end]
        later, earlier = pairs[:, 0].tolist(), pairs[:, 1].tolist()
        sorted_of = {unit: sorted(units[unit]) for unit in {*later, *earlier}}  # once a unit
        scores = pairwise_similarity(
            [units[i] for i in later],
            [units[i] for i in earlier],
            min_shared=config.min_tokens,
            floor=config.sentence_similarity,
            sorted_tokens=([sorted_of[i] for i in later], [sorted_of[i] for i in earlier]),
        )
        kept = np.flatnonzero(scores >= config.sentence_similarity)
        found.append(
            [
                (unit, source, score)
                for (unit, source), score in zip(
                    pairs[kept].tolist(), scores[kept].tolist(), strict=True
                )
            ]
        )
    return found
