"""Candidate sentence pairs: distinct sentences signed with MinHash, bucketed by LSH, verified.

Every sentence long enough to judge becomes a unit. Identical sentences (same tokens) are one
unit with several occurrences, so a story syndicated to a thousand outlets is signed once.
"""

from __future__ import annotations

import functools
import itertools
import operator
from array import array
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from dedup import _ragged, prepare
from dedup._jit import compiled
from dedup.align import pairwise_similarity
from dedup.config import Config
from dedup.lsh import (
    band_major_keys,
    candidate_pairs,
    lsh_params,
    repeated_keys,
    run_start_at,
    run_starts,
)
from dedup.minhash import MinHasher
from dedup.parallel import Progress, iter_shared, shared_zeros
from dedup.prepare import Document, line_lengths
from dedup.shingle import I64, U32, hash_lines, shingle_units

Numbers = Sequence[int] | npt.NDArray[np.int32] | npt.NDArray[np.int64]
"""A token count or a key for each line: a list, an ``array.array`` or a numpy array."""

Occurrence = tuple[int, int]
"""``(document, sentence)``: a document's index in source-preference order and a sentence index."""


Candidate = tuple[int, int, float]
"""``(document, sentence, similarity)``: an earlier copy of a sentence, or of a near copy of it."""


@dataclass(frozen=True, slots=True)
class SentenceGraph:
    """Sentences that have a copy: where each distinct sentence occurs (in source-preference
    order), and which other distinct sentences are near copies of it.

    Only linked units are kept, numbered ``0 .. units_count - 1``: those that occur more than
    once or have a near copy. A sentence found nowhere else (most of a corpus) costs nothing
    here. All is held in arrays, none as a Python object a sentence: the workers that settle
    sources read the graph all over, and reading Python objects writes their reference counts,
    which copies every page they lie in (at 10^6 articles, a dict of occurrences took the
    memory in use from 4.2 to 6.0 GiB). A place is ``document * PLACE + sentence``.
    """

    places: npt.NDArray[np.int64]
    """Every sentence of a linked unit, in document order."""
    units: npt.NDArray[np.int64]
    """The unit of each of ``places``."""
    grouped: npt.NDArray[np.int64]
    """The same places grouped by unit, each unit's in document order: unit ``u``'s are
    ``grouped[starts[u] : starts[u + 1]]``."""
    starts: npt.NDArray[np.int64]
    near: npt.NDArray[np.int64]
    """The near copies of each unit: unit ``u``'s are ``near[near_starts[u] :
    near_starts[u + 1]]``, with their similarities in ``scores``."""
    near_starts: npt.NDArray[np.int64]
    scores: npt.NDArray[np.float64]

    @classmethod
    def of(
        cls,
        occurrences: Sequence[Sequence[Occurrence]],
        neighbours: Mapping[int, Sequence[tuple[int, float]]],
    ) -> SentenceGraph:
        """The graph of units ``0 .. len(occurrences) - 1``: the places of each, in document
        order (a place in one unit only), and the near copies of some, with their similarity.

        >>> graph = SentenceGraph.of([[(0, 1), (3, 0)], [(0, 2)]], {1: [(0, 0.9)], 0: [(1, 0.9)]})
        >>> graph.occurrences(0), graph.neighbours(1), graph.units_count
        ([(0, 1), (3, 0)], [(0, 0.9)], 2)
        """
        count = len(occurrences)
        grouped = np.array([c * PLACE + t for found in occurrences for c, t in found], np.int64)
        sizes = np.array([len(found) for found in occurrences], dtype=np.int64)
        owner = np.repeat(np.arange(count, dtype=np.int64), sizes)
        in_order = np.argsort(grouped, kind="stable")
        near = [
            (other, score) for unit in range(count) for other, score in neighbours.get(unit, ())
        ]
        return cls._of_places(
            grouped[in_order],
            owner[in_order],
            count,
            np.array([len(neighbours.get(unit, ())) for unit in range(count)], dtype=np.int64),
            np.array([other for other, _ in near], dtype=np.int64),
            np.array([score for _, score in near], dtype=np.float64),
        )

    @classmethod
    def _of_places(
        cls,
        places: npt.NDArray[np.int64],
        units: npt.NDArray[np.int64],
        count: int,
        near_sizes: npt.NDArray[np.int64],
        near: npt.NDArray[np.int64],
        scores: npt.NDArray[np.float64],
    ) -> SentenceGraph:
        """The graph of units ``0 .. count - 1`` from its ``places`` in document order and
        each one's unit; ``near_sizes``: how many of ``near`` and ``scores`` go with each unit,
        one unit after another."""
        return cls(
            places=places,
            units=units,
            grouped=places[np.argsort(units, kind="stable")],  # stable: in document order
            starts=_ragged.offsets(np.bincount(units, minlength=count)),
            near=near,
            near_starts=_ragged.offsets(near_sizes),
            scores=scores,
        )

    @property
    def units_count(self) -> int:
        """How many units are linked."""
        return len(self.starts) - 1

    def occurrences(self, unit: int) -> list[Occurrence]:
        """The ``(document, sentence)`` places of ``unit``, in document order."""
        found = self.grouped[self.starts[unit] : self.starts[unit + 1]]
        return [divmod(place, PLACE) for place in found.tolist()]

    def neighbours(self, unit: int) -> list[tuple[int, float]]:
        """The near copies of ``unit`` and their similarity."""
        at = slice(self.near_starts[unit], self.near_starts[unit + 1])
        return list(zip(self.near[at].tolist(), self.scores[at].tolist(), strict=True))

    def earlier_copies(
        self, first: int, end: int, *, limit: int
    ) -> list[tuple[int, list[tuple[int, list[Candidate]]]]]:
        """``(document, [(sentence, candidates), ...])`` for each document numbered ``first``
        to ``end - 1`` that has a sentence with a copy in an earlier document: its copies,
        then those of each of its near copies (of each unit, the first ``limit`` places
        that are in earlier documents), as ``(document, sentence, similarity)``. Found for all
        the documents' sentences at once, in arrays.

        >>> near = {0: [(1, 0.9)], 1: [(0, 0.9)]}
        >>> graph = SentenceGraph.of([[(0, 1), (2, 0), (3, 0)], [(1, 4)]], near)
        >>> graph.earlier_copies(2, 4, limit=1)
        [(2, [(0, [(0, 1, 1.0), (1, 4, 0.9)])]), (3, [(0, [(0, 1, 1.0), (1, 4, 0.9)])])]
        """
        lo, hi = np.searchsorted(self.places, [first * PLACE, end * PLACE]).tolist()
        places, units = self.places[lo:hi], self.units[lo:hi]
        # each sentence looks up its own unit, then each of its unit's near copies
        looks = 1 + self.near_starts[units + 1] - self.near_starts[units]
        asker = np.repeat(np.arange(len(units), dtype=np.int64), looks)
        rank = _ragged.ranks(looks)
        looked, similarity = units[asker], np.ones(len(asker), dtype=np.float64)
        near = np.flatnonzero(rank)
        at = self.near_starts[looked[near]] + rank[near] - 1
        looked[near], similarity[near] = self.near[at], self.scores[at]
        # the first ``limit`` places of each unit looked up, kept where in an earlier document
        take = np.minimum(self.starts[looked + 1] - self.starts[looked], limit)
        look = np.repeat(np.arange(len(looked), dtype=np.int64), take)
        found = self.grouped[_ragged.ranges(self.starts[looked], take)]
        earlier = found // PLACE < places[asker[look]] // PLACE
        look, found = look[earlier], found[earlier]
        copies: dict[int, list[Candidate]] = {}
        rows = zip(asker[look].tolist(), found.tolist(), similarity[look].tolist(), strict=True)
        for asking, place, score in rows:  # asking: the index in ``places`` of who asks
            copies.setdefault(asking, []).append((*divmod(place, PLACE), score))
        settled: list[tuple[int, list[tuple[int, list[Candidate]]]]] = []
        for number, place in zip(copies, places[list(copies)].tolist(), strict=True):
            document, sentence = divmod(place, PLACE)
            if not settled or settled[-1][0] != document:
                settled.append((document, []))
            settled[-1][1].append((sentence, copies[number]))
        return settled


def build_graph(
    documents: Sequence[Document],
    config: Config,
    *,
    workers: int = 1,
    progress: Progress | None = None,
    token_counts: Numbers | None = None,
    line_keys: Numbers | None = None,
) -> SentenceGraph:
    """Group identical sentences and link near-identical ones found by MinHash-LSH.

    ``documents`` must be in source-preference order (see ``prepare.order_key``); they may be
    held without their token lines (``Document.without_lines``). ``token_counts`` and
    ``line_keys``, when given, hold the token count and the key of every sentence of
    ``documents``, end to end (``prepare.line_lengths`` and ``prepare.line_keys`` of their
    lines, as ``prepare.prepare_packed`` hands them over): made here when not.
    """
    unit_at, place, unit_places, lengths = _distinct_sentences(
        documents, config.min_tokens, token_counts, line_keys
    )
    units = _Lines(documents, unit_places)
    near = _near_copies(units, lengths, config, workers, progress or _silent)
    linked = np.bincount(unit_at, minlength=len(unit_places)) >= 2
    linked[list(near)] = True
    del units, unit_places, lengths
    keep = np.flatnonzero(linked[unit_at])
    number = np.cumsum(linked, dtype=np.int64) - 1  # each linked unit's number among them
    places, place_units = place[keep], number[unit_at[keep]]  # in document order
    del keep
    count = int(linked.sum())
    near_units = sorted(near)  # in the order of their numbers
    near_sizes = np.zeros(count, dtype=np.int64)
    near_sizes[number[near_units]] = [len(near[unit]) for unit in near_units]
    others = [other for unit in near_units for other, _ in near[unit]]
    return SentenceGraph._of_places(
        places,
        place_units,
        count,
        near_sizes,
        number[np.array(others, dtype=np.int64)],
        np.array([score for unit in near_units for _, score in near[unit]], np.float64),
    )


def _distinct_sentences(
    documents: Sequence[Document],
    least: int,
    token_counts: Numbers | None = None,
    line_keys: Numbers | None = None,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64], I64]:
    """The units: each distinct line of at least ``least`` tokens, numbered in order of first
    occurrence. Returns, for each such sentence in document order, its unit and its place
    (``document * PLACE + sentence``), and each unit's first place and token count.

    Lines are grouped by their keys (``prepare.line_keys``) in numpy, and every group checked
    to hold one line: exact, whatever the keys (a collision falls back to a dict).
    ``token_counts`` and ``line_keys``: as ``build_graph`` takes them.

    >>> from dedup.prepare import prepare
    >>> from dedup.article import Article
    >>> docs = [prepare(Article(id=i, text="One two three. Four five six.")) for i in "ab"]
    >>> unit_at, place, unit_places, lengths = _distinct_sentences(docs, 3)
    >>> unit_at.tolist(), unit_places.tolist(), lengths.tolist()
    ([0, 1, 0, 1], [0, 1], [3, 3])
    """
    counts = np.fromiter((len(d.sentences) for d in documents), np.int64, len(documents))
    if token_counts is None or line_keys is None:
        lines = list(itertools.chain.from_iterable(d.lines for d in documents))
        token_counts, line_keys = line_lengths(lines), prepare.line_keys(lines)
        del lines
    line_tokens = np.asarray(token_counts, dtype=np.int64)
    keys = np.asarray(line_keys, dtype=np.int64)
    total = int(counts.sum())
    if len(line_tokens) != total or len(keys) != total:
        raise ValueError(
            f"{len(line_tokens)} token counts and {len(keys)} keys for {total} sentences"
        )
    long_enough = np.flatnonzero(line_tokens >= least)
    kept_tokens, keys = line_tokens[long_enough], keys[long_enough]
    del line_tokens
    # each line's place: its document's first place less its first line's number, plus its own
    first_line = _ragged.offsets(counts)[:-1]
    place = np.repeat(np.arange(len(documents), dtype=np.int64) * PLACE - first_line, counts)
    place += np.arange(total, dtype=np.int64)
    place = place[long_enough]
    del long_enough
    unit_at, firsts = _number_groups(keys)
    del keys
    lines_at = _Lines(documents, place).lines
    if not _one_line_each(lines_at, unit_at):  # two lines share a key: number exactly
        numbered: dict[str, int] = {}
        every = lines_at(slice(None))
        unit_at = np.fromiter(
            (numbered.setdefault(line, len(numbered)) for line in every), np.int64
        )
        firsts = np.unique(unit_at, return_index=True)[1]  # units go in order of first line
    return unit_at, place, place[firsts], kept_tokens[firsts]


def _one_line_each(lines_at: Callable[[I64], list[str]], unit_at: I64) -> bool:
    """Whether the sentences of each unit that holds several have one line (``lines_at`` makes
    the lines of sentences, by index): each line made once, in order, a block at a time; the
    first line of each such unit is kept until the end."""
    repeated = np.flatnonzero(np.bincount(unit_at)[unit_at] >= 2)
    first_line: dict[int, str] = {}  # a unit's first sentence comes before its others
    for start in range(0, len(repeated), CHECK_BLOCK):
        block = repeated[start : start + CHECK_BLOCK]
        checked = zip(unit_at[block].tolist(), lines_at(block), strict=True)
        if any(first_line.setdefault(unit, line) != line for unit, line in checked):
            return False
    return True


CHECK_BLOCK = 1 << 16
"""Repeated sentences ``_one_line_each`` compares per step."""


def _number_groups(values: npt.NDArray[np.int64]) -> tuple[npt.NDArray[np.int64], I64]:
    """Number equal ``values`` as one group, groups in order of first occurrence: each
    value's group, and the index of each group's first value (``np.unique`` with index and
    inverse, and its temporaries, took about 1 GB at 10^6 articles).

    Most values occur once, each its own group: only the repeated ones are sorted with their
    indices (``repeated_keys``), not all (a stable argsort of every value took 21 s of the
    parent's time at 10^6 articles).

    >>> at, firsts = _number_groups(np.array([7, 3, 7, 9, 3]))
    >>> at.tolist(), firsts.tolist()
    ([0, 1, 0, 2, 1], [0, 1, 3])
    """
    members, keys = repeated_keys(values.view(np.uint64))  # grouped, by index within
    starts = run_starts(keys)
    del keys
    # the first member of each member's group: the member at the group's start
    first_of = members[run_start_at(starts)]
    is_first = np.ones(len(values), dtype=bool)
    is_first[members[~starts]] = False
    del starts
    group_at = np.cumsum(is_first, dtype=np.int64) - 1  # a first value's group: firsts before it
    group_at[members] = group_at[first_of]
    return group_at, np.flatnonzero(is_first)


PLACE = 1 << 32
"""Sentences of a document are numbered below this: ``place = document * PLACE + sentence``."""


KEY_BLOCK = 8192
"""Distinct sentences hashed, signed and banded per task."""

VERIFY_BLOCK = 25_000
"""Most candidate pairs checked per task: bounds the token lists built for rapidfuzz. Smaller
corpora get smaller tasks, four a worker, so that the workers finish together."""

TOKEN_BUCKETS = 64
"""Buckets a unit's tokens are counted in (by their hash's top 6 bits) for ``plausible_pairs``."""

Buckets = npt.NDArray[np.uint8]
"""Each unit's tokens counted per bucket (``token_buckets``): 64 bytes a unit."""


@dataclass(frozen=True, slots=True)
class _Lines:
    """The token lines of the sentences at ``places``, split (or made) from their documents a
    block at a time, so that no list of every line is ever held (for the units: the places
    where each first occurs)."""

    documents: Sequence[Document]
    places: I64
    """``document * PLACE + sentence`` of each sentence, ascending."""

    def __len__(self) -> int:
        return len(self.places)

    def lines(self, sentences: npt.NDArray[np.int64] | slice) -> list[str]:
        """The token lines of ``sentences`` (indices of ``places``, or a slice), in that order.

        >>> from dedup.prepare import prepare
        >>> from dedup.article import Article
        >>> docs = [prepare(Article(id=i, text="One two. Three.")).without_lines() for i in "ab"]
        >>> _Lines(docs, np.array([0, 1, PLACE])).lines(np.array([2, 1]))
        ['one two', 'three']
        """
        documents, within = np.divmod(self.places[sentences], PLACE)
        found: list[str] = []
        pairs = zip(documents.tolist(), within.tolist(), strict=True)
        for document, group in itertools.groupby(pairs, key=operator.itemgetter(0)):
            found += self.documents[document].lines_at([s for _, s in group])
        return found

    def utf8_bound(self, sentences: npt.NDArray[np.int64]) -> int:
        """At least as many bytes as the lines of ``sentences`` take in UTF-8, without making
        them: the sum of their documents' ``Document.lines_size_bound``.

        >>> from dedup.prepare import prepare
        >>> from dedup.article import Article
        >>> docs = [prepare(Article(id=i, text=t)) for i, t in [("a", "Ça va. Oui."), ("b", "No.")]]
        >>> _Lines(docs, np.array([0, 1, PLACE])).utf8_bound(np.array([1, 2]))  # 4 x 9 + 2
        38
        """
        documents = _present(self.places[sentences] // PLACE, len(self.documents)).tolist()
        return sum(self.documents[document].lines_size_bound() for document in documents)


def _sign_into(
    shared: tuple[_Lines, Config, npt.NDArray[np.uint64], Buckets, U32, I64],
    blocks: Sequence[tuple[int, int]],
) -> list[int]:
    """Write the LSH band keys (band-major), the token buckets and the token features of the
    units of each ``(start, end)`` block into the shared arrays; returns the units signed per
    block."""
    units, config, keys, buckets, features, token_offsets = shared
    bands, rows = lsh_params(config.threshold, config.num_perm)
    hasher = MinHasher(num_perm=config.num_perm, seed=config.seed).head(bands * rows)
    for start, end in blocks:
        token_hashes, offsets = hash_lines(units.lines(slice(start, end)))
        first, last = token_offsets[start], token_offsets[end]
        features[first:last] = token_features(token_hashes, offsets)
        buckets[start:end] = token_buckets(token_hashes, offsets)
        shingles, shingle_offsets = shingle_units(token_hashes, offsets, config.shingle_size)
        keys[:, start:end] = band_major_keys(hasher.minima(shingles, shingle_offsets), bands, rows)
    return [end - start for start, end in blocks]


def _silent(stage: str, done: int, total: int) -> None:
    """A progress callback that shows nothing."""


def _near_copies(
    units: _Lines, lengths: I64, config: Config, workers: int, progress: Progress
) -> dict[int, list[tuple[int, float]]]:
    """For each unit (a sentence's line of tokens, ``lengths`` tokens long) that has any, the
    other units whose exact similarity reaches the sentence threshold."""
    neighbours: dict[int, list[tuple[int, float]]] = {}
    if len(units) < 2:
        return neighbours
    blocks = [
        (start, min(start + KEY_BLOCK, len(units))) for start in range(0, len(units), KEY_BLOCK)
    ]
    bands, _ = lsh_params(config.threshold, config.num_perm)
    keys = shared_zeros((bands, len(units)), np.uint64)  # band-major: each band contiguous
    buckets = shared_zeros((len(units), TOKEN_BUCKETS), np.uint8)
    offsets = _ragged.offsets(lengths)
    features = shared_zeros((int(offsets[-1]),), np.uint32)
    signing = (units, config, keys, buckets, features, offsets)
    signed = 0
    for count in iter_shared(_sign_into, signing, blocks, workers=workers, chunk=1):
        signed += count
        progress("sign", signed, len(units))
    del signing  # it holds the keys and buckets, which go once the join has them
    # units are numbered in order of first occurrence, which is source-preference order
    pairs = candidate_pairs(
        keys.T,
        None,
        fanout=config.max_candidates,
        workers=workers,
        keep=functools.partial(
            plausible,
            lengths=lengths,
            buckets=buckets,
            least=config.sentence_similarity,
            min_shared=config.min_tokens,
        ),
        progress=lambda done, bands: progress("join", done * len(units), bands * len(units)),
    )
    del keys, buckets
    size = min(VERIFY_BLOCK, max(1, -(-len(pairs) // (4 * workers))))  # 4 tasks a worker
    blocks = [(start, start + size) for start in range(0, len(pairs), size)]
    members = _present(pairs, len(units))
    features, offsets = features_of(members, features, offsets)  # the rest go (2 GB at 10^6)
    checking = _Checking(pairs, config, features, offsets, members, *shared_lines(units, members))
    verified = iter_shared(_verify, checking, blocks, workers=workers, chunk=1)
    for (_, end), block in zip(blocks, verified, strict=True):  # in block order, as with one
        progress("verify", min(end, len(pairs)), len(pairs))
        for later, earlier, score in block:
            neighbours.setdefault(later, []).append((earlier, score))
            neighbours.setdefault(earlier, []).append((later, score))
    return neighbours


def _present(values: npt.NDArray[np.int64], bound: int) -> I64:
    """The distinct ``values`` (each in ``0 .. bound-1``), ascending: ``np.unique`` without its
    sort (at 10^6 articles it took 5 s of the main process to sort the candidate pairs).

    >>> _present(np.array([[4, 1], [1, 0]]), 6).tolist()
    [0, 1, 4]
    """
    seen = np.zeros(bound, dtype=bool)
    seen[values.ravel()] = True
    return np.flatnonzero(seen)


def features_of(members: I64, features: U32, offsets: I64) -> tuple[U32, I64]:
    """The token features of units ``members`` (ascending) only, one unit after another in
    shared memory, and where each unit's start (one more: where the last ends): index them by
    a unit's place in ``members``.

    >>> hashes, offsets = hash_lines(["a b", "c d e", "f"])
    >>> features = token_features(hashes, offsets)
    >>> kept, kept_offsets = features_of(np.array([1, 2]), features, offsets)
    >>> kept.tolist() == features[2:].tolist(), kept_offsets.tolist()
    (True, [0, 3, 4])
    """
    lengths = offsets[members + 1] - offsets[members]
    kept_offsets = _ragged.offsets(lengths)
    kept = shared_zeros((int(kept_offsets[-1]),), np.uint32)
    for first in range(0, len(members), GATHER_BLOCK):
        last = min(first + GATHER_BLOCK, len(members))
        block = slice(first, last)
        at = _ragged.ranges(offsets[members[block]], lengths[block])
        kept[kept_offsets[first] : kept_offsets[last]] = features[at]
    return kept, kept_offsets


GATHER_BLOCK = 1 << 16
"""Units whose features ``features_of`` gathers per step: a step's index arrays take about
40 bytes a token of its units (tens of MB), not those of every paired unit at once (GBs at
10^6)."""


def token_buckets(token_hashes: U32, offsets: I64) -> Buckets:
    """Each unit's tokens counted by bucket (the top 6 bits of their hash), at most 255 a bucket.

    >>> hashes, offsets = hash_lines(["b a b", "c"])
    >>> buckets = token_buckets(hashes, offsets)
    >>> buckets.shape, buckets.sum(axis=1).tolist()
    ((2, 64), [3, 1])
    """
    buckets = np.zeros((len(offsets) - 1, TOKEN_BUCKETS), dtype=np.uint8)
    _count_buckets(token_hashes, np.asarray(offsets, np.int64), buckets)
    return buckets


@compiled
def _count_buckets(token_hashes: U32, offsets: I64, buckets: Buckets) -> None:
    """``token_buckets`` into ``buckets`` (zeros), each count stopping at 255."""
    for unit in range(len(offsets) - 1):
        for i in range(offsets[unit], offsets[unit + 1]):
            bucket = token_hashes[i] >> 26
            if buckets[unit, bucket] < 0xFF:
                buckets[unit, bucket] += 1


def plausible_pairs(
    pairs: npt.NDArray[np.int64],
    lengths: npt.NDArray[np.int64],
    buckets: Buckets,
    *,
    least: float,
    min_shared: int,
) -> npt.NDArray[np.int64]:
    """The candidate ``pairs`` worth an exact comparison: those that may share ``min_shared``
    tokens and reach a Dice coefficient of ``least`` on their token multisets (which bounds
    their similarity). The tokens two units share are at most, bucket by bucket, the fewer of
    their counts: an exact bound, so no pair that reaches the threshold is ever dropped.

    >>> hashes, offsets = hash_lines(["a b c d e", "a b c d f", "v w x y z"])
    >>> buckets, lengths = token_buckets(hashes, offsets), np.diff(offsets)
    >>> pairs = np.array([[1, 0], [2, 0]])
    >>> plausible_pairs(pairs, lengths, buckets, least=0.7, min_shared=3).tolist()
    [[1, 0]]
    """
    units = np.arange(len(lengths), dtype=np.int64)
    return pairs[_fits(units, pairs[:, 0], pairs[:, 1], lengths, buckets, least, min_shared)]


def plausible(
    members: npt.NDArray[np.int64],
    later: npt.NDArray[np.int64],
    earlier: npt.NDArray[np.int64],
    *,
    lengths: npt.NDArray[np.int64],
    buckets: Buckets,
    least: float,
    min_shared: int,
) -> npt.NDArray[np.bool_]:
    """``plausible_pairs`` as an ``lsh.Judge``: which pairs of units ``members[later]`` and
    ``members[earlier]`` are worth an exact comparison."""
    return _fits(members, later, earlier, lengths, buckets, least, min_shared)


@compiled
def _fits(
    members: npt.NDArray[np.int64],
    first: npt.NDArray[np.int64],
    second: npt.NDArray[np.int64],
    lengths: npt.NDArray[np.int64],
    buckets: Buckets,
    least: float,
    min_shared: int,
) -> npt.NDArray[np.bool_]:
    """Whether each pair of units ``members[first[i]]``, ``members[second[i]]`` passes the
    bound of ``plausible_pairs``, pair by pair (their ``lengths`` and ``buckets`` read in
    place: a band's pairs lie in its buckets, whose first members stay in the cache while
    their pairs are judged; copying every member's buckets first wrote 64 bytes a member to
    fresh memory)."""
    keep = np.empty(len(first), dtype=np.bool_)
    for i in range(len(first)):
        one, other = members[first[i]], members[second[i]]
        one_length, other_length = lengths[one], lengths[other]
        shorter = min(one_length, other_length)
        # counts stop at 255: a bucket may hold more only when both units are that long
        bound = shorter
        if shorter < 255:
            bound = 0
            for bucket in range(buckets.shape[1]):
                bound += int(min(buckets[one, bucket], buckets[other, bucket]))
        fits = 2 * bound >= least * (one_length + other_length) - 1e-9
        keep[i] = fits and bound >= min_shared
    return keep


def token_features(token_hashes: U32, offsets: I64) -> U32:
    """Each unit's tokens as sorted 32-bit features: the top 24 bits of a token's hash and, in
    the low byte, which repeat of it this is (so that sets of features count repeats).

    >>> hashes, offsets = hash_lines(["b a b"])
    >>> features = token_features(hashes, offsets)
    >>> sorted(features.tolist()) == features.tolist(), sorted((features & 0xFF).tolist())
    (True, [0, 0, 1])
    """
    featured = np.empty(len(token_hashes), dtype=np.uint32)
    _fill_features(token_hashes, np.asarray(offsets, np.int64), featured)
    return featured


@compiled
def _fill_features(token_hashes: U32, offsets: I64, out: U32) -> None:
    """``token_features`` into ``out``: each unit's top 24 bits sorted, then each repeat of a
    value numbered in its low byte. The many short units are sorted by insertion, in place."""
    for unit in range(len(offsets) - 1):
        start, end = offsets[unit], offsets[unit + 1]
        if end - start > SHORT_UNIT:
            out[start:end] = np.sort(token_hashes[start:end] & 0xFFFFFF00)
        else:
            for i in range(start, end):
                top = token_hashes[i] & 0xFFFFFF00
                j = i
                while j > start and out[j - 1] > top:
                    out[j] = out[j - 1]
                    j -= 1
                out[j] = top
        repeat = 0
        for i in range(start + 1, end):
            repeat = repeat + 1 if out[i] == out[i - 1] & 0xFFFFFF00 else 0
            out[i] |= min(repeat, 0xFF)


SHORT_UNIT = 32
"""Most tokens of a unit whose features are sorted by insertion (quadratic, but fastest for
the sentences of news text; longer units are sorted by numpy)."""


def shared_tokens(features: U32, offsets: I64, pairs: npt.NDArray[np.int64]) -> I64:
    """For each pair of units, how many tokens they have in common, repeats counted: the size of
    the multiset intersection of their tokens, or more when hashes collide, never less.

    ``features`` are from ``token_features``, with the same ``offsets``; ``pairs`` index units.

    >>> hashes, offsets = hash_lines(["a b b c", "b b a", "d"])
    >>> features = token_features(hashes, offsets)
    >>> shared_tokens(features, offsets, np.array([[0, 1], [0, 2], [1, 1]])).tolist()
    [3, 0, 3]
    """

    def keyed(side: npt.NDArray[np.int64]) -> tuple[npt.NDArray[np.uint64], I64]:
        # each pair's features of one side, tagged with the pair: sorted, as pairs are in order
        counts = offsets[side + 1] - offsets[side]
        pair_of = np.repeat(np.arange(len(side)), counts)
        at = _ragged.ranges(offsets[side], counts)
        return (pair_of.astype(np.uint64) << np.uint64(32)) | features[at], pair_of

    first_keys, pair_of = keyed(pairs[:, 0])
    second_keys, _ = keyed(pairs[:, 1])
    if len(second_keys) == 0:
        return np.zeros(len(pairs), dtype=np.int64)
    found = np.minimum(np.searchsorted(second_keys, first_keys), len(second_keys) - 1)
    hit = second_keys[found] == first_keys
    return np.bincount(pair_of[hit], minlength=len(pairs)).astype(np.int64)


def shared_lines(units: _Lines, members: I64) -> tuple[npt.NDArray[np.uint8], I64]:
    """The lines of units ``members`` (ascending) in UTF-8, one after another in shared
    memory, and where each starts (one more offset: where the last ends).

    Workers read a line from these bytes, not from the documents: touching a document's
    objects would copy the memory pages holding them into the worker (their reference counts
    are written), and at 10^6 articles the two verification workers copied 3.8 GB so.

    >>> from dedup.prepare import prepare
    >>> from dedup.article import Article
    >>> docs = [prepare(Article(id="a", text="A b. Ça va. C."))]
    >>> text, starts = shared_lines(_Lines(docs, np.array([0, 1, 2])), np.array([0, 1]))
    >>> [text[s:e].tobytes().decode() for s, e in zip(starts[:-1], starts[1:])]
    ['a b', 'ça va']
    """
    # room for the most the lines can take, written block by block: only the pages written
    # take memory (a list of the encoded blocks beside the array took as much again)
    text = shared_zeros((units.utf8_bound(members),), np.uint8)
    sizes, at = array("q", [0]), 0
    for first in range(0, len(members), LINES_BLOCK):
        encoded = [line.encode() for line in units.lines(members[first : first + LINES_BLOCK])]
        sizes.extend(map(len, encoded))
        block = b"".join(encoded)
        text[at : at + len(block)] = np.frombuffer(block, np.uint8)
        at += len(block)
    return text[:at], np.cumsum(np.asarray(sizes, dtype=np.int64))


LINES_BLOCK = 65_536
"""Lines encoded per step by ``shared_lines``."""


@dataclass(frozen=True, slots=True)
class _Checking:
    """What the verification workers share: the candidate pairs (all plausible), and of the
    units in a pair (``members``, ascending) the token features as ``features_of`` gathers them
    and the lines as ``shared_lines`` packs them."""

    pairs: npt.NDArray[np.int64]
    config: Config
    features: U32
    offsets: I64
    members: I64
    text: npt.NDArray[np.uint8]
    starts: I64

    def tokens(self, units: list[int]) -> dict[int, list[str]]:
        """The tokens of each of ``units`` (members all)."""
        at = np.searchsorted(self.members, units)
        text, starts = self.text, self.starts
        return {
            unit: text[start:end].tobytes().decode().split(" ")
            for unit, start, end in zip(
                units, starts[at].tolist(), starts[at + 1].tolist(), strict=True
            )
        }


def _verify(
    shared: _Checking, blocks: Sequence[tuple[int, int]]
) -> list[list[tuple[int, int, float]]]:
    """The candidate pairs of each block whose exact similarity reaches the threshold.

    A pair's similarity is at most the Dice coefficient of its token multisets, which numpy
    computes for the whole block from the units' token features; only the pairs that it does
    not rule out are scored exactly.
    """
    features, offsets = shared.features, shared.offsets
    least, min_shared = shared.config.sentence_similarity, shared.config.min_tokens
    found = []
    for start, end in blocks:
        pairs = shared.pairs[start:end]
        places = np.searchsorted(shared.members, pairs)  # in the members' features
        common = shared_tokens(features, offsets, places)
        total = (offsets[places + 1] - offsets[places]).sum(axis=1)
        possible = np.flatnonzero((2 * common >= least * total - 1e-9) & (common >= min_shared))
        tokens = shared.tokens(np.unique(pairs[possible]).tolist())
        firsts = [tokens[i] for i in pairs[possible, 0].tolist()]
        seconds = [tokens[i] for i in pairs[possible, 1].tolist()]
        scores = pairwise_similarity(firsts, seconds, min_shared=min_shared, floor=least)
        kept = possible[scores >= least]
        found.append(
            [
                (unit, source, score)
                for (unit, source), score in zip(
                    pairs[kept].tolist(), scores[scores >= least].tolist(), strict=True
                )
            ]
        )
    return found
