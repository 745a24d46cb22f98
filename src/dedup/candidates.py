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

VERIFY_BLOCK = 100_000
"""Candidate pairs verified at once: bounds the token lists built for rapidfuzz."""


def _keys_of(
    shared: tuple[list[tuple[str, ...]], Config], blocks: Sequence[tuple[int, int]]
) -> list[npt.NDArray[np.uint64]]:
    """LSH band keys of the units in each ``(start, end)`` block."""
    units, config = shared
    hasher = MinHasher(num_perm=config.num_perm, seed=config.seed)
    bands, rows = lsh_params(config.threshold, config.num_perm)
    found = []
    for start, end in blocks:
        token_hashes, offsets = hash_units(units[start:end])
        shingles, shingle_offsets = shingle_units(token_hashes, offsets, config.shingle_size)
        found.append(band_keys(hasher.signatures(shingles, shingle_offsets), bands, rows))
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
    keys = np.concatenate(map_shared(_keys_of, (units, config), blocks, workers=workers, chunk=1))
    # units are numbered in order of first occurrence, which is source-preference order
    rank = np.arange(len(units), dtype=np.int64)
    pairs = candidate_pairs(keys, rank, fanout=config.max_candidates)
    blocks = [(start, start + VERIFY_BLOCK) for start in range(0, len(pairs), VERIFY_BLOCK)]
    verified = map_shared(_verify, (units, pairs, config), blocks, workers=workers, chunk=1)
    for block in verified:  # in block order, so the lists are the same for any worker count
        for later, earlier, score in block:
            neighbours[later].append((earlier, score))
            neighbours[earlier].append((later, score))
    return neighbours


def _verify(
    shared: tuple[list[tuple[str, ...]], npt.NDArray[np.int64], Config],
    blocks: Sequence[tuple[int, int]],
) -> list[list[tuple[int, int, float]]]:
    """The candidate pairs of each block whose exact similarity reaches the threshold."""
    units, all_pairs, config = shared
    found = []
    for start, end in blocks:
        pairs = all_pairs[start:end]
        scores = pairwise_similarity(
            [units[i] for i in pairs[:, 0]],
            [units[i] for i in pairs[:, 1]],
            min_shared=config.min_tokens,
            floor=config.sentence_similarity,
        )
        kept = np.flatnonzero(scores >= config.sentence_similarity)
        found.append(
            [
                (later, earlier, score)
                for (later, earlier), score in zip(
                    pairs[kept].tolist(), scores[kept].tolist(), strict=True
                )
            ]
        )
    return found
