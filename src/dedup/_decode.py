"""Turn the bytes of a text file into ``str`` and name the codec, as ``open()`` would read it."""

from __future__ import annotations

import codecs

__all__ = ["decode_text", "translate_newlines"]

# Byte order marks, longest first: the UTF-32 LE mark begins with the UTF-16 LE mark.
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Tried in order after the byte order marks. latin-1 maps every byte, so it never fails.
_FALLBACKS = ("utf-8", "cp1252", "latin-1")


def translate_newlines(text: str) -> str:
    r"""Turn ``\r\n`` and lone ``\r`` into ``\n``, as universal-newlines mode does.

    >>> translate_newlines("a\r\nb\rc\n")
    'a\nb\nc\n'
    """
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_text(data: bytes, *, final: bool = True) -> tuple[str, str] | None:
    r"""Decode ``data`` and return ``(text, encoding)``, or ``None`` if it looks binary.

    A UTF-32 or UTF-16 byte order mark wins if the rest decodes; otherwise a NUL byte means
    binary. Then a UTF-8 byte order mark (``utf-8-sig``), strict UTF-8, strict cp1252 and
    finally latin-1 are tried. Newlines are translated as in universal-newlines mode, so
    ``Path(file).read_text(encoding=encoding) == text`` for the whole file. With
    ``final=False`` the data is a prefix of a longer file: an incomplete trailing character
    is dropped instead of counting as an error.

    >>> decode_text("caf\u00e9\r\n".encode())
    ('caf\xe9\n', 'utf-8')
    >>> decode_text(b"\x93quoted\x94")
    ('\u201cquoted\u201d', 'cp1252')
    >>> decode_text(b"\x00\x01") is None
    True
    """
    for bom, encoding in _WIDE_BOMS:
        if data.startswith(bom):
            text = _try_decode(data, encoding, final=final)
            if text is not None:
                return None if "\x00" in text else (translate_newlines(text), encoding)
    if b"\x00" in data:
        return None
    encodings = ("utf-8-sig", *_FALLBACKS) if data.startswith(codecs.BOM_UTF8) else _FALLBACKS
    for encoding in encodings:
        text = _try_decode(data, encoding, final=final)
        if text is not None:
            return translate_newlines(text), encoding
    raise AssertionError("latin-1 decodes every byte")  # pragma: no cover


def _try_decode(data: bytes, encoding: str, *, final: bool) -> str | None:
    """Return ``data`` strictly decoded with ``encoding``, or ``None`` if it is not valid."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    try:
        return decoder.decode(data, final=final)
    except UnicodeDecodeError:
        return None
