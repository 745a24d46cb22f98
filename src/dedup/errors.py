"""Errors that ``dedup`` reports to the user as one line, without a traceback."""


class DedupError(Exception):
    """Base class for errors ``dedup`` reports to the user."""


class ConfigError(DedupError, ValueError):
    """A configuration value is out of range."""


class CorpusError(DedupError):
    """The input folder or file cannot be scanned at all (missing, not a folder, ...)."""


class SpillError(DedupError):
    """The scan's temporary file cannot be made or written (no room, no such folder)."""
