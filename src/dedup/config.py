"""Config: every tunable of a scan, validated, in one place (the single home of the defaults)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from dedup.errors import ConfigError


@dataclass(frozen=True, slots=True, kw_only=True)
class Config:
    """Knobs of a scan. Each field is also a ``dedup scan`` option of the same name.

    >>> Config(threshold=0.4).threshold
    0.4
    >>> Config(num_perm=0)
    Traceback (most recent call last):
    ...
    dedup.errors.ConfigError: num_perm must be between 16 and 1024, got 0
    """

    shingle_size: int = field(default=2, metadata={"help": "Words per shingle of a sentence."})
    num_perm: int = field(default=128, metadata={"help": "MinHash permutations per sentence."})
    threshold: float = field(
        default=0.3,
        metadata={
            "help": "Estimated shingle Jaccard at which LSH pairs two sentences as candidates."
        },
    )
    sentence_similarity: float = field(
        default=0.7,
        metadata={"help": "Least token similarity for two sentences to count as copied."},
    )
    min_tokens: int = field(
        default=5,
        metadata={
            "help": "Sentences with fewer words count only when their words are identical "
            "and they sit next to a copied sentence in both articles."
        },
    )
    max_gap: int = field(
        default=2,
        metadata={
            "help": "Runs of copied sentences separated by at most this many uncopied "
            "sentences (on either side) form one match."
        },
    )
    seed: int = field(default=1, metadata={"help": "Seed of the MinHash permutations."})
    keep_boilerplate: bool = field(
        default=False,
        metadata={"help": "Count boilerplate in copy statistics, clusters and the network."},
    )
    boilerplate_min_stories: int = field(
        default=3, metadata={"help": "Different stories that must hold a passage for boilerplate."}
    )
    boilerplate_outlet_articles: int = field(
        default=3,
        metadata={"help": "Articles of one outlet holding a passage for the outlet to repeat it."},
    )
    boilerplate_outlet_share: float = field(
        default=0.5,
        metadata={"help": "Share of a passage's articles in repeating outlets: site furniture."},
    )
    boilerplate_corpus_share: float = field(
        default=0.05,
        metadata={"help": "Share of all articles holding a passage for corpus boilerplate."},
    )
    boilerplate_corpus_articles: int = field(
        default=10, metadata={"help": "Least number of articles for corpus boilerplate."}
    )
    boilerplate_corpus_stories: int = field(
        default=5, metadata={"help": "Least number of different stories for corpus boilerplate."}
    )
    boilerplate_same_story: float = field(
        default=0.3,
        metadata={"help": "Share of sentences two articles must share to be one story."},
    )
    max_candidates: int = field(
        default=8,
        metadata={
            "help": "Fan-out cap: each sentence is compared with at most this many earliest "
            "members of an LSH bucket, and this many earliest copies of each similar sentence."
        },
    )

    def __post_init__(self) -> None:
        _check_range("shingle_size", self.shingle_size, 1, 8)
        _check_range("num_perm", self.num_perm, 16, 1024)
        _check_range("threshold", self.threshold, 0.05, 1.0)
        _check_range("sentence_similarity", self.sentence_similarity, 0.0, 1.0)
        _check_range("min_tokens", self.min_tokens, 1, 100)
        _check_range("max_gap", self.max_gap, 0, 100)
        _check_range("seed", self.seed, 0, 2**32 - 1)
        _check_range("max_candidates", self.max_candidates, 1, 1000)
        _check_range("boilerplate_min_stories", self.boilerplate_min_stories, 1, 10**6)
        _check_range("boilerplate_outlet_articles", self.boilerplate_outlet_articles, 2, 10**6)
        _check_range("boilerplate_outlet_share", self.boilerplate_outlet_share, 0.0, 1.0)
        _check_range("boilerplate_corpus_share", self.boilerplate_corpus_share, 0.0, 1.0)
        _check_range("boilerplate_corpus_articles", self.boilerplate_corpus_articles, 2, 10**9)
        _check_range("boilerplate_corpus_stories", self.boilerplate_corpus_stories, 1, 10**6)
        _check_range("boilerplate_same_story", self.boilerplate_same_story, 0.0, 1.0)
        if self.min_tokens < self.shingle_size:
            raise ConfigError(
                f"min_tokens ({self.min_tokens}) must be >= shingle_size ({self.shingle_size})"
            )

    def to_dict(self) -> dict[str, Any]:
        """Return the fields as a JSON-ready dict (embedded in every report)."""
        return asdict(self)


def config_fields() -> tuple[tuple[str, type, object, str], ...]:
    """Return ``(name, type, default, help)`` of every ``Config`` field, in declaration order.

    >>> config_fields()[0][:3]
    ('shingle_size', <class 'int'>, 2)
    """
    kinds = {"int": int, "float": float, "bool": bool}
    return tuple(
        (f.name, kinds[str(f.type)], f.default, str(f.metadata["help"])) for f in fields(Config)
    )


def _check_range(name: str, value: float, low: float, high: float) -> None:
    if isinstance(value, bool) or not low <= value <= high:
        raise ConfigError(f"{name} must be between {low} and {high}, got {value}")
