"""Candidate sentence pairs: distinct sentences signed with MinHash, bucketed by LSH, verified.

Every sentence long enough to judge becomes a unit. Identical sentences (same tokens) are one
unit with several occurrences, so a story syndicated to a thousand outlets is signed once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from dedup.align import pairwise_similarity
from dedup.config import Config
from dedup.lsh import band_keys, candidate_pairs, lsh_params
from dedup.minhash import MinHasher
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


def build_graph(documents: Sequence[Document], config: Config) -> SentenceGraph:
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
    neighbours = _near_copies(list(units), config)
    return SentenceGraph(
        unit_of=unit_of,
        occurrences=tuple(tuple(o) for o in found),
        neighbours=tuple(tuple(n) for n in neighbours),
    )


def _near_copies(units: list[tuple[str, ...]], config: Config) -> list[list[tuple[int, float]]]:
    """For each unit, the other units whose exact similarity reaches the sentence threshold."""
    neighbours: list[list[tuple[int, float]]] = [[] for _ in units]
    if len(units) < 2:
        return neighbours
    token_hashes, offsets = hash_units(units)
    shingles, shingle_offsets = shingle_units(token_hashes, offsets, config.shingle_size)
    hasher = MinHasher(num_perm=config.num_perm, seed=config.seed)
    signatures = hasher.signatures(shingles, shingle_offsets)
    bands, rows = lsh_params(config.threshold, config.num_perm)
    keys = band_keys(signatures, bands, rows)
    # units are numbered in order of first occurrence, which is source-preference order
    rank = np.arange(len(units), dtype=np.int64)
    pairs = candidate_pairs(keys, rank, fanout=config.max_candidates)
    scores = pairwise_similarity(
        [units[i] for i in pairs[:, 0]],
        [units[i] for i in pairs[:, 1]],
        min_shared=config.min_tokens,
        floor=config.sentence_similarity,
    )
    kept = np.flatnonzero(scores >= config.sentence_similarity)
    for (later, earlier), score in zip(pairs[kept].tolist(), scores[kept].tolist(), strict=True):
        neighbours[later].append((earlier, score))
        neighbours[earlier].append((later, score))
    return neighbours
