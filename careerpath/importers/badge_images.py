"""Take the badge baked into a PNG or SVG image out of it, with no third-party parser and no network.

Baking (Open Badges 2.0 "Baking", 3.0 "Credential Baking"): a PNG carries the badge in an ``iTXt`` chunk
(``tEXt``/``zTXt`` are read too) whose keyword is ``openbadges`` (2.0) or ``openbadgescredential`` (3.0); an SVG
carries it in an ``<openbadges:assertion>`` (2.0) or ``<openbadges:credential>`` (3.0) element, as text or CDATA,
or only as the URL in its ``verify`` attribute. The text baked in is badge JSON, a compact JWS, or a URL.
"""

from __future__ import annotations

import re
import struct
import xml.etree.ElementTree as ET
import zlib
from dataclasses import dataclass

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_KEYWORDS = ("openbadges", "openbadgescredential")
#: A text chunk (or what it decompresses to) larger than this is refused: a badge is a few kilobytes.
MAX_TEXT_CHUNK = 4 * 1024 * 1024
_MAX_PNG_CHUNK = 2**31 - 1  # the PNG specification's own limit on a chunk's length
_TEXT_CHUNKS = (b"iTXt", b"tEXt", b"zTXt")

SVG_ELEMENTS = {
    "{http://openbadges.org}assertion",
    "{https://openbadges.org}assertion",
    "{https://purl.imsglobal.org/ob/v3p0}credential",
}
# Any DOCTYPE or ENTITY declaration is refused before parsing, so no entity can ever be expanded. The one
# exception: the plain external SVG DOCTYPE that many editors write (no internal subset, so it declares
# nothing), which is cut out before parsing rather than refused; the parser never sees a DOCTYPE at all.
_DECLARATION = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_PLAIN_SVG_DOCTYPE = re.compile(
    rb'<!DOCTYPE\s+svg(?:\s+PUBLIC\s+"[^"<>\[\]]*"\s+"[^"<>\[\]]*"|\s+SYSTEM\s+"[^"<>\[\]]*")?\s*>',
    re.IGNORECASE,
)


class BakeError(Exception):
    """The image is broken, or carries no badge; ``field`` says where, ``message`` what."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"field '{field}' {message}")


@dataclass(frozen=True)
class Baked:
    """What an image carries: ``text`` (badge JSON, a compact JWS or a URL), or only ``verify_url``."""

    field: str  # where it was found, for messages: e.g. "PNG iTXt chunk 'openbadges'"
    text: str
    verify_url: str | None = None
    notes: tuple[str, ...] = ()


def is_png(data: bytes) -> bool:
    return data.startswith(PNG_SIGNATURE)


def unbake_png(data: bytes) -> Baked:
    """The badge text from a PNG's chunks; every chunk's CRC is checked and the file must end with IEND."""
    if not is_png(data):
        raise BakeError("PNG signature", "missing: not a PNG image")
    found: list[Baked] = []
    pos = len(PNG_SIGNATURE)
    saw_end = False
    while pos < len(data):
        if len(data) - pos < 12:
            raise BakeError(f"PNG chunk at byte {pos}", "truncated: fewer than 12 bytes left for a chunk")
        length, ctype = struct.unpack(">I4s", data[pos:pos + 8])
        name = ctype.decode("latin-1")
        where = f"PNG chunk '{name}' at byte {pos}"
        if not ctype.isalpha():
            raise BakeError(where, "has a chunk type that is not 4 letters: the file is corrupt")
        if length > _MAX_PNG_CHUNK:
            raise BakeError(where, f"declares {length} bytes, more than PNG allows ({_MAX_PNG_CHUNK})")
        end = pos + 8 + length
        if end + 4 > len(data):
            raise BakeError(where, f"truncated: declares {length} bytes but the file ends at byte {len(data)}")
        body = data[pos + 8:end]
        (crc,) = struct.unpack(">I", data[end:end + 4])
        if zlib.crc32(ctype + body) != crc:
            raise BakeError(where, "has a bad CRC: the file is corrupt")
        if ctype in _TEXT_CHUNKS:
            baked = _text_chunk(ctype, body, where)
            if baked is not None:
                found.append(baked)
        pos = end + 4
        if ctype == b"IEND":
            saw_end = True
            break
    if not saw_end:
        raise BakeError("PNG chunk 'IEND'", "missing: the file is truncated")
    if not found:
        raise BakeError(
            "PNG chunk 'openbadges'",
            "missing: no iTXt/tEXt/zTXt chunk with keyword 'openbadges' or 'openbadgescredential' (not a baked badge)",
        )
    if len(found) > 1:
        return Baked(found[0].field, found[0].text, notes=(f"{len(found)} badge chunks; the first one was read",))
    return found[0]


def _text_chunk(ctype: bytes, body: bytes, where: str) -> Baked | None:
    keyword, sep, rest = body.partition(b"\x00")
    if not sep or keyword.decode("latin-1") not in PNG_KEYWORDS:
        return None
    if len(body) > MAX_TEXT_CHUNK:
        raise BakeError(where, f"holds {len(body)} bytes, more than the {MAX_TEXT_CHUNK} a badge may take")
    field = f"PNG {ctype.decode()} chunk '{keyword.decode('latin-1')}'"
    if ctype == b"tEXt":
        return Baked(field, rest.decode("latin-1"))
    if ctype == b"zTXt":
        if not rest or rest[0] != 0:
            raise BakeError(field, "uses an unknown compression method")
        return Baked(field, _inflate(rest[1:], field).decode("latin-1"))
    # iTXt: compression flag, compression method, language tag NUL, translated keyword NUL, UTF-8 text
    if len(rest) < 2:
        raise BakeError(field, "is truncated before its compression flag")
    flag, method = rest[0], rest[1]
    parts = rest[2:].split(b"\x00", 2)
    if len(parts) != 3:
        raise BakeError(field, "lacks its language tag or translated keyword")
    raw = parts[2]
    if flag == 1:
        if method != 0:
            raise BakeError(field, f"uses an unknown compression method {method}")
        raw = _inflate(raw, field)
    elif flag != 0:
        raise BakeError(field, f"has an invalid compression flag {flag}")
    try:
        return Baked(field, raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise BakeError(field, f"is not UTF-8 text (byte {exc.start})") from None


def _inflate(raw: bytes, field: str) -> bytes:
    inflater = zlib.decompressobj()
    try:
        out = inflater.decompress(raw, MAX_TEXT_CHUNK + 1)
    except zlib.error as exc:
        raise BakeError(field, f"does not decompress: {exc}") from None
    # A small chunk that inflates to gigabytes (a decompression bomb) stops at the cap instead.
    if len(out) > MAX_TEXT_CHUNK or inflater.unconsumed_tail:
        raise BakeError(field, f"decompresses to more than {MAX_TEXT_CHUNK} bytes")
    return out


def looks_like_xml(data: bytes) -> bool:
    head = _xml_text(data[:512]).lstrip()
    return head.startswith("<")


def _xml_text(data: bytes) -> str:
    """The document as text, for the declaration check only: expat does the real decoding."""
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(codec, errors="replace")
    # latin-1 never fails and keeps every ASCII byte where it is: enough to find "<!DOCTYPE".
    return data.decode("latin-1")


def unbake_svg(data: bytes) -> Baked:
    """The badge text (or verify URL) from an SVG's ``<openbadges:assertion>``/``<openbadges:credential>``."""
    data = _PLAIN_SVG_DOCTYPE.sub(b"", data, count=1)
    declaration = _DECLARATION.search(_xml_text(data))
    if declaration:
        raise BakeError(
            f"<!{declaration.group(1).upper()}>",
            "refused: an SVG badge must not declare a DOCTYPE or entities (they could expand without limit)",
        )
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        line, column = exc.position
        raise BakeError("xml", f"is not well-formed XML: line {line}, column {column + 1}") from None
    element = next((el for el in root.iter() if el.tag in SVG_ELEMENTS), None)
    if element is None:
        raise BakeError("openbadges:assertion", "missing: the SVG carries no baked badge")
    tag = "openbadges:" + element.tag.rsplit("}", 1)[1]
    verify = element.get("verify") or next((v for k, v in element.attrib.items() if k.endswith("}verify")), None)
    text = "".join(element.itertext()).strip()
    if not text and not verify:
        raise BakeError(tag, "is empty and has no 'verify' URL")
    return Baked(f"SVG <{tag}>", text, verify_url=verify.strip() if verify else None)
