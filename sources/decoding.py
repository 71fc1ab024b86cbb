"""Bytes to text: the declared encoding when there is one, else a detected one; binary refused.

Pure functions, no Django. Raises ValueError subclasses the services turn into IngestError."""
from __future__ import annotations

import codecs
import re

# File signatures of formats that are not articles (images, PDFs, archives, office files, media).
_MAGIC = (
    b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"%PDF", b"PK\x03\x04", b"\x1f\x8b", b"BZh", b"7z\xbc\xaf",
    b"\xd0\xcf\x11\xe0", b"RIFF", b"OggS", b"ID3", b"fLaC", b"\x00\x00\x00", b"\x7fELF", b"MZ",
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)""", re.IGNORECASE)


class BinaryInput(ValueError):
    pass


def charset_from_content_type(content_type: str) -> str:
    match = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type or "", re.IGNORECASE)
    return match.group(1) if match else ""


def decode_bytes(data: bytes, *, declared: str = "") -> tuple[str, str]:
    """The text and the encoding it was read with. `declared` is the HTTP header's charset."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    head = data[:65536]
    if head.startswith(_MAGIC) or b"\x00" in head:
        raise BinaryInput("the input is binary (an image, PDF, archive or other non-text file), not text or HTML")
    candidates = [declared]
    for pattern in (_META_CHARSET, _XML_ENCODING):
        match = pattern.search(head[:4096])
        if match:
            candidates.append(match.group(1).decode("ascii", "replace"))
    # UTF-8 first whatever is declared: a valid UTF-8 text is almost never meant as anything else,
    # and pages often declare latin-1 while serving UTF-8.
    for encoding in ["utf-8-sig", *candidates]:
        encoding = _known(encoding)
        if not encoding:
            continue
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError):
            continue
    if len(data) >= 64:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            raise BinaryInput("the input is not text in any encoding that could be detected")
        return str(best), best.encoding
    # Too short to detect reliably: Windows-1252, the usual encoding of undeclared Western text.
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _known(encoding: str) -> str:
    if not encoding:
        return ""
    try:
        name = codecs.lookup(encoding.strip()).name
    except LookupError:
        return ""
    # Browsers read "latin-1" and "ascii" as Windows-1252 (WHATWG encoding standard).
    return "cp1252" if name in ("latin-1", "iso8859-1", "ascii") else name
