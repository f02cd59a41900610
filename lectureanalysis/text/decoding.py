"""Bytes to text: UTF-8, GB18030, Big5 and UTF-16 told apart, binary files and markup refused."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

import numpy as np

from lectureanalysis.errors import DecodingError, MarkupError, NotTextError, describe

#: byte signatures of formats that users drop into speech folders by mistake
BINARY_SIGNATURES: dict[bytes, str] = {
    b"\x89PNG\r\n\x1a\n": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF87a": "a GIF image",
    b"GIF89a": "a GIF image",
    b"%PDF-": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (or a .docx/.xlsx document)",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1": "a legacy Office document (.doc/.xls)",
    b"\x1f\x8b": "a gzip archive",
    b"Rar!": "a RAR archive",
    b"7z\xbc\xaf\x27\x1c": "a 7z archive",
    b"{\\rtf": "an RTF document",
}
_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
#: encodings accepted from the detector for Chinese text; anything else is taken for mojibake
CHINESE_ENCODINGS = frozenset(
    {"gb18030", "gbk", "gb2312", "hz", "big5", "big5hkscs", "cp950", "cp936", "utf_8", "utf-8", "ascii"}
)
EncodingChoice = Literal["auto"] | str


def decode_bytes(data: bytes, *, name: str | Path = "<bytes>", encoding: EncodingChoice = "auto") -> tuple[str, str]:
    """Decode ``data`` and return ``(text, encoding_used)``.

    With ``encoding="auto"``: a byte-order mark decides (UTF-8, UTF-16, UTF-32); else strict UTF-8; else
    the charset-normalizer detector, whose answer is accepted only when it is a Chinese encoding (GB18030
    and its subsets GBK/GB2312, Big5). Errors name the file and the first undecodable byte.

    >>> decode_bytes("讲话".encode("gbk"))
    ('讲话', 'gb18030')
    >>> decode_bytes(b"\\xef\\xbb\\xbf\\xe8\\xae\\xb2")
    ('讲', 'utf-8-sig')
    """
    for signature, what in BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise NotTextError(describe(name, f"not a text file: it is {what}"))
    if encoding != "auto":
        try:
            return data.decode(encoding), encoding
        except LookupError:
            raise DecodingError(describe(name, f"unknown encoding {encoding!r}")) from None
        except UnicodeDecodeError as exc:
            raise DecodingError(
                describe(name, f"cannot decode as {encoding} (first bad byte at {exc.start})")
            ) from None
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError as exc:
                raise DecodingError(
                    describe(name, f"starts with a {codec} byte-order mark but cannot be decoded "
                                   f"(first bad byte at {exc.start})")
                ) from None
    nul = data.find(b"\x00")
    if nul >= 0:
        guess = _utf16_without_bom(data)
        if guess is None:
            raise NotTextError(
                describe(name, f"contains NUL bytes (first at byte {nul}): a binary or corrupted file")
            )
        return guess
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    guess = _utf16_without_bom(data)  # Chinese UTF-16 without a BOM may hold no NUL byte at all
    if guess is not None:
        return guess
    if _korean(data):
        raise DecodingError(describe(name, "Korean text in EUC-KR, not Chinese (its bytes would also decode as "
                                           "GB18030, into nonsense); pass encoding='euc_kr' to read it anyway"))
    # GB18030 is the superset of GBK and GB2312 and what Chinese Windows writes; try it strictly first
    # because the detector, on short texts, sometimes prefers a single-byte code page.
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = None
    if text is not None and looks_chinese(text):
        return text, "gb18030"
    detected, guessed = _detect(data)
    if detected is not None:
        return detected
    mostly = _mostly_utf8(data)
    if mostly is not None:
        return mostly
    foreign = f"; the bytes look like {guessed}" if guessed and guessed not in CHINESE_ENCODINGS else ""
    raise DecodingError(
        describe(name, f"not Chinese text in any supported encoding: UTF-8 fails at byte {first_bad}, and "
                       f"GB18030, Big5 and UTF-16 give implausible characters{foreign}")
    )


#: the high byte of a UTF-16 code unit in Chinese text: ASCII (0x00), general punctuation “”—… (0x20),
#: CJK punctuation 、。《》 (0x30), CJK ideographs (0x34-0x4D extension A, 0x4E-0x9F) and full-width forms (0xFF)
_UTF16_HIGH_BYTES = np.zeros(256, dtype=bool)
_UTF16_HIGH_BYTES[[0x00, 0x20, 0x30, 0xFF, *range(0x34, 0xA0)]] = True


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 saved without a BOM: in Chinese text nearly every code unit's high byte is 0x00 (ASCII),
    0x20/0x30 (punctuation), 0x34-0x9F (ideographs) or 0xFF (full-width forms); accepted only when the
    decoded text also reads as Chinese."""
    if len(data) < 4 or len(data) % 2:
        return None
    units = np.frombuffer(data, dtype=np.uint8).reshape(-1, 2)
    for codec, high in (("utf-16-le", units[:, 1]), ("utf-16-be", units[:, 0])):
        if _UTF16_HIGH_BYTES[high].mean() < 0.97:
            continue
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text and _CJK.search(text) and looks_chinese(text):
            return text, codec
    return None


_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_IDEOGRAPH = re.compile(r"[\u4e00-\u9fff]")


@lru_cache(maxsize=1)
def common_hanzi() -> frozenset[str]:
    """The characters most Chinese text is written with: GB2312's level 1 (3,755 Simplified characters)
    and Big5's frequently used block (5,401 Traditional characters). In a real speech 98-100 % of the
    ideographs are among them; bytes of another language decoded as GB18030 give about 20 %."""
    found = set()
    for high in range(0xB0, 0xD8):
        found.update(_decode_pairs(high, range(0xA1, 0xFF), "gb2312"))
    for high in range(0xA4, 0xC7):
        found.update(_decode_pairs(high, [*range(0x40, 0x7F), *range(0xA1, 0xFF)], "big5"))
    return frozenset(found)


def _decode_pairs(high: int, lows: range | list[int], codec: str) -> list[str]:
    out = []
    for low in lows:
        try:
            out.append(bytes((high, low)).decode(codec))
        except UnicodeDecodeError:
            continue
    return out


#: a UTF-8 text with at most this many bad bytes (and at most one in 10,000) is read with them replaced
MAX_BAD_UTF8 = 64


def _mostly_utf8(data: bytes) -> tuple[str, str] | None:
    """UTF-8 text with a few bad bytes (a copy cut in the middle of a character, a stray byte): the text with
    each bad byte as U+FFFD, and an encoding that says so — ``"utf-8 (3 bad bytes replaced, first at byte
    1832)"`` — so the loader warns instead of dropping the speech. At most :data:`MAX_BAD_UTF8` bad bytes,
    and at most one in a hundred (eight in a short file)."""
    parts: list[str] = []
    bad: list[int] = []
    position = 0
    while True:
        try:
            parts.append(data[position:].decode("utf-8"))
            break
        except UnicodeDecodeError as error:
            parts.append(data[position:position + error.start].decode("utf-8"))
            bad.extend(range(position + error.start, position + error.end))
            parts.append("\ufffd" * (error.end - error.start))
            position += error.end
            if len(bad) > MAX_BAD_UTF8:
                return None
    text = "".join(parts)
    if not bad or len(bad) > max(8, len(data) / 100) or not looks_chinese(text.replace("\ufffd", "")):
        return None
    return text, f"utf-8 ({len(bad)} bad byte{'s' if len(bad) > 1 else ''} replaced, first at byte {bad[0]})"


_HANGUL = re.compile(r"[\uac00-\ud7a3]")


def _korean(data: bytes) -> bool:
    """Bytes that are Korean in EUC-KR: they decode strictly as EUC-KR into mostly Hangul syllables. (Chinese
    GBK text almost never decodes as EUC-KR: the lead byte 0xC9 of 上, 生, 社, 设 … is unassigned there.)"""
    try:
        text = data[:200_000].decode("euc_kr")
    except UnicodeDecodeError:
        return False
    hangul = len(_HANGUL.findall(text))
    return hangul >= 20 and hangul >= 0.5 * len(_NON_ASCII.findall(text))


def plausible_chinese(text: str) -> bool:
    """Text a converter returned is a Chinese document: :func:`looks_chinese`, and Chinese characters make at
    least half of its letters (junk bytes read as a document give Latin letters, symbols and rare glyphs)."""
    letters = [c for c in text[:200_000] if c.isalnum()]
    if not letters:
        return False
    return looks_chinese(text) and len(_CJK.findall("".join(letters))) >= 0.5 * len(letters)


def looks_chinese(text: str) -> bool:
    """Most non-ASCII characters of a Chinese speech are ideographs or CJK punctuation, and most of its
    ideographs are common ones (mojibake of Japanese or Korean bytes is made of rare ones)."""
    sample = text[:200_000]
    non_ascii = len(_NON_ASCII.findall(sample))
    if non_ascii == 0:
        return True
    common = len(re.findall(r"[\u4e00-\u9fa5\u3000-\u303f\uff00-\uffef“”‘’…—·]", sample))
    if common / non_ascii < 0.9:
        return False
    ideographs = _IDEOGRAPH.findall(sample)
    if len(ideographs) < 8:
        return True
    known = common_hanzi()
    return sum(c in known for c in ideographs) / len(ideographs) >= 0.8


def _detect(data: bytes) -> tuple[tuple[str, str] | None, str | None]:
    """The detector's answer when it is a Chinese encoding giving plausible Chinese, and its guess."""
    from charset_normalizer import from_bytes  # imported lazily: importing the package does nothing

    best = from_bytes(data[:200_000]).best()
    if best is None:
        return None, None
    codec = best.encoding.lower().replace("-", "_")
    if codec not in CHINESE_ENCODINGS:
        return None, codec
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None, codec
    return ((text, codec) if looks_chinese(text) else None), codec


_HTML_DOCUMENT = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])", re.I)
_HTML_TAGS = re.compile(r"</?(?:p|div|span|br|a|table|tr|td|li|ul|h[1-6]|script|style|meta|link)\b[^>]*>", re.I)


def check_not_markup(text: str, *, name: str | Path) -> None:
    """Raise :class:`MarkupError` when ``text`` is a saved web page rather than a speech.

    A speech that merely quotes a tag (``<script>`` in a paragraph) is text and passes; a document that
    opens with ``<!DOCTYPE html>``/``<html>`` or is mostly tags does not.
    """
    if _HTML_DOCUMENT.match(text[:2000]):
        raise MarkupError(describe(name, "an HTML page, not plain text: save the page as text first"))
    tags = _HTML_TAGS.findall(text[:200_000])
    if len(tags) >= 20 and sum(map(len, tags)) > 0.1 * min(len(text), 200_000):
        raise MarkupError(
            describe(name, f"mostly HTML markup ({len(tags)} tags): extract the page's text first")
        )


def gb18030_name(raw: bytes) -> str | None:
    """A file name's bytes read as GB18030 — what Chinese Windows and its zip tools write — when that
    decodes and gives Chinese; else ``None``.

    >>> gb18030_name("讲话稿.txt".encode("gbk")), gb18030_name(b"\\xff\\xfe.txt")
    ('讲话稿.txt', None)
    """
    try:
        name = raw.decode("gb18030")
    except UnicodeDecodeError:
        return None
    return name if _IDEOGRAPH.search(name) else None
