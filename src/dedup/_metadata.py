"""Article metadata: field aliases, date normalisation, front matter and a leading date token."""

from __future__ import annotations

import email.utils
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

__all__ = ["FIELD_ALIASES", "Header", "normalize_date", "pick", "read_header"]

# Optional metadata fields and the keys accepted for each, the canonical name first.
# The first key present with a non-null value wins.
FIELD_ALIASES: Mapping[str, tuple[str, ...]] = {
    "date": ("date", "published", "published_at", "publish_date", "scrape_time"),
    "outlet": ("outlet", "publisher", "source"),
    "title": ("title", "headline"),
    "url": ("url", "link"),
}

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_DATETIME = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?", re.IGNORECASE
)
_FRONT_MATTER_KEY = re.compile(r"([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*)")
_DATE_TOKEN = re.compile(r"\s*date\s+(\d{4}-\d{2}-\d{2})(?:\s+|\Z)")


@dataclass(frozen=True, slots=True)
class Header:
    """Metadata found at the start of a text file, and where the body begins."""

    fields: Mapping[str, str] = field(default_factory=dict)
    body_start: int = 0


def pick(record: Mapping[str, object], name: str) -> object:
    """Return the value of metadata field ``name`` from ``record`` under any alias, or ``None``.

    >>> pick({"publisher": "AP"}, "outlet")
    'AP'
    """
    for key in FIELD_ALIASES[name]:
        value = record.get(key)
        if value is not None:
            return value
    return None


def normalize_date(value: object) -> str | None:
    """Return ``value`` as ``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM:SS``, or ``None`` if not a date.

    Accepts ISO 8601 dates and date-times (``T`` or space, optional ``Z`` or offset), RFC 2822
    dates as in RSS feeds, and Unix timestamps (numbers). An aware time is converted to UTC
    and its offset dropped; fractions of a second are dropped.

    >>> normalize_date("2025-01-29T10:30:00+01:00")
    '2025-01-29T09:30:00'
    >>> normalize_date("Wed, 29 Jan 2025 10:30:00 GMT")
    '2025-01-29T10:30:00'
    >>> normalize_date("next Tuesday") is None
    True
    """
    try:
        moment = _parse_moment(value)
    except (ValueError, TypeError, OverflowError, OSError):
        return None
    if isinstance(moment, datetime):
        if moment.tzinfo is not None:
            moment = moment.astimezone(UTC).replace(tzinfo=None)
        return moment.replace(microsecond=0).isoformat()
    return None if moment is None else moment.isoformat()


def _parse_moment(value: object) -> date | datetime | None:
    """Parse ``value`` into a date or date-time; raise or return ``None`` if it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value, UTC)
    if not isinstance(value, str):
        return None
    text = value.strip()
    if _ISO_DATE.fullmatch(text):
        return date.fromisoformat(text)
    if _ISO_DATETIME.fullmatch(text):
        return datetime.fromisoformat(text.upper())
    return email.utils.parsedate_to_datetime(text)


def read_header(text: str) -> Header:
    r"""Return the front matter fields or leading date token of ``text``, and the body start.

    Front matter is a block at the very start between two ``---`` lines, each other line a
    ``key: value`` pair (quotes stripped; indented, ``-`` and ``#`` lines ignored). Without
    it, a leading ``date YYYY-MM-DD`` token and the whitespace after it are the header.

    >>> read_header("---\ntitle: 'Hi'\n---\nBody")
    Header(fields={'title': 'Hi'}, body_start=20)
    >>> read_header(" date 2025-01-29 An Illinois city")
    Header(fields={'date': '2025-01-29'}, body_start=17)
    """
    front = _front_matter(text)
    if front is not None:
        return front
    token = _DATE_TOKEN.match(text)
    if token is not None:
        return Header({"date": token.group(1)}, token.end())
    return Header()


def _front_matter(text: str) -> Header | None:
    """Return the front matter of ``text``, or ``None`` if it does not start with one."""
    if not text.startswith("---\n"):
        return None
    close = text.find("\n---\n", 3)
    if close >= 0:
        body_start = close + len("\n---\n")
    elif text.endswith("\n---"):
        close, body_start = len(text) - len("\n---"), len(text)
    else:
        return None
    values: dict[str, str] = {}
    for line in text[4:close].split("\n"):
        if not line.strip() or line[0] in " \t-#":
            continue
        match = _FRONT_MATTER_KEY.fullmatch(line)
        if match is None:
            return None  # a plain line: this is a horizontal rule, not front matter
        values.setdefault(match.group(1).lower(), _unquote(match.group(2).strip()))
    fields = {name: value for name in FIELD_ALIASES if isinstance(value := pick(values, name), str)}
    return Header({name: value for name, value in fields.items() if value}, body_start)


def _unquote(value: str) -> str:
    """Strip one pair of matching single or double quotes around ``value``."""
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value
