"""dedup: find near-duplicate and syndicated news text, sentence by sentence."""

__version__ = "0.1.0"
__all__ = ["__version__"]
