"""Turn the bytes of a text file into ``str`` and name the codec, as ``open()`` would read it."""

from __future__ import annotations

import codecs
import itertools
from collections.abc import Iterable

__all__ = ["decode_text", "detect_encoding", "translate_newlines"]

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


def detect_encoding(chunks: Iterable[bytes]) -> str | None:
    r"""Return the codec ``decode_text`` would choose for ``chunks`` joined, or ``None`` if binary.

    The chunks are read once and not kept, so a large file can be checked in constant memory
    before it is streamed with the codec returned.

    >>> detect_encoding([b"caf\xc3", b"\xa9"]), detect_encoding([b"\x93hi\x94"])
    ('utf-8', 'cp1252')
    >>> detect_encoding([codecs.BOM_UTF8, b"x"]), detect_encoding([b"a\x00"])
    ('utf-8-sig', None)
    """
    parts, head = iter(chunks), b""
    for chunk in parts:  # gather enough bytes to see the longest byte order mark
        head += chunk
        if len(head) >= len(codecs.BOM_UTF32):
            break
    wide = next((encoding for bom, encoding in _WIDE_BOMS if head.startswith(bom)), None)
    narrow = ("utf-8-sig", *_FALLBACKS) if head.startswith(codecs.BOM_UTF8) else _FALLBACKS
    names = (*((wide,) if wide else ()), *narrow[:-1])  # the last fallback, latin-1, never fails
    decoders = {name: codecs.getincrementaldecoder(name)(errors="strict") for name in names}
    nul = wide_nul = False
    for chunk in itertools.chain((head,), parts):
        nul = nul or b"\x00" in chunk
        for name, decoder in list(decoders.items()):
            try:
                text = decoder.decode(chunk)
            except UnicodeDecodeError:
                del decoders[name]
            else:
                wide_nul = wide_nul or (name == wide and "\x00" in text)
    valid = [name for name, decoder in decoders.items() if _try_decode(b"", decoder) is not None]
    if wide is not None and wide in valid:
        return None if wide_nul else wide
    if nul:
        return None
    return next((name for name in narrow if name in valid), narrow[-1])


def _try_decode(
    data: bytes, decoder: codecs.IncrementalDecoder | str, *, final: bool = True
) -> str | None:
    """Return ``data`` strictly decoded (by a codec name or a decoder), or ``None`` if invalid."""
    if isinstance(decoder, str):
        decoder = codecs.getincrementaldecoder(decoder)(errors="strict")
    try:
        return decoder.decode(data, final=final)
    except UnicodeDecodeError:
        return None
