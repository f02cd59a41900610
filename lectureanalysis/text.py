"""From bytes to normalised text: decoding, normalisation and boilerplate removal.

Nothing here drops text silently. Normalisation only removes invisible characters, changes whitespace and
maps full-width digits and Latin letters to half-width; boilerplate is *masked* (replaced by spaces of the
same length, so every offset stays valid) and handed back verbatim with the name of the pattern that
removed it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache, partial
from importlib import resources
from pathlib import Path
from typing import Literal

import numpy as np

from .errors import DecodingError, MarkupError, NotTextError, describe

# -- decoding -----------------------------------------------------------------------------------------

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


# -- normalisation -------------------------------------------------------------------------------------

#: invisible characters removed everywhere (zero-width space/joiners, word joiner, BOM, soft hyphen)
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"
#: what boilerplate is masked with: never in normalised text (NUL is removed there), never whitespace
MASK = "\x00"
_ZW_CLASS = f"[{ZERO_WIDTH}]"
# a line holding nothing but zero-width characters marks a page break of the scanned original when the
# line before stops mid-sentence: the two halves are one paragraph (人\n\u200b\n民满意 -> 人民满意)
_ZW_PAGE_BREAK = re.compile(rf"[ \t]*\n[ \t]*{_ZW_CLASS}+[ \t]*\n(?=[^\s\u3000])")
_NO_PAGE_BREAK_AFTER = set("。！？；：!?;:”’」』）)]")
_ZERO_WIDTH_OR_MASK = re.compile(f"[{ZERO_WIDTH}{MASK}]")

_HALF_WIDTH = {
    **{chr(0xFF10 + i): chr(0x30 + i) for i in range(10)},
    **{chr(0xFF21 + i): chr(0x41 + i) for i in range(26)},
    **{chr(0xFF41 + i): chr(0x61 + i) for i in range(26)},
    "％": "%", "\u00a0": " ", "\u2028": "\n", "\u2029": "\n",
}
# what each code point of the Basic Multilingual Plane asks of normalisation, as bits
_INVISIBLE, _FULL_WIDTH = 1, 2
_CHARACTER_KINDS = np.zeros(0x10000, dtype=np.uint8)
_CHARACTER_KINDS[[ord(c) for c in ZERO_WIDTH + MASK]] |= _INVISIBLE
_CHARACTER_KINDS[[ord(c) for c in _HALF_WIDTH]] |= _FULL_WIDTH
# every BMP code point mapped to itself, but for the half-width replacements
_HALF_WIDTH_POINTS = np.arange(0x10000, dtype=np.uint32)
_HALF_WIDTH_POINTS[[ord(c) for c in _HALF_WIDTH]] = [ord(c) for c in _HALF_WIDTH.values()]
_TO_HALF_WIDTH = re.compile(f"[{''.join(_HALF_WIDTH)}]+")
_FULLWIDTH_POINT = re.compile(r"(\d)．(?=\d)")
_SPACED_DIGITS = re.compile(r"(\d)[ \u00a0]+(?=[\d%\u4e00-\u9fff])")


def _join_page_break(text: str, match: re.Match[str]) -> str:
    """Join the two halves of a sentence split by a page-break line; keep the break after a full stop."""
    before = text[match.start() - 1] if match.start() else ""
    return match.group() if not before or before.isspace() or before in _NO_PAGE_BREAK_AFTER else ""


def _half_width(match: re.Match[str]) -> str:
    return "".join(_HALF_WIDTH[c] for c in match.group())


def normalise_text(text: str) -> str:
    """Normalise a decoded speech for analysis, keeping every visible character.

    - line breaks: ``\\r\\n``/``\\r``/U+2028/U+2029 become ``\\n``;
    - a page break of a scanned original (a line of zero-width characters between the two halves of a
      sentence) is joined; every other zero-width character is removed, and so is NUL;
    - full-width digits, Latin letters and ``％`` become half-width, ``．`` between digits becomes ``.``;
    - digits spaced out by typesetting are joined: ``1 9 9 3 年`` -> ``1993年``.

    Chinese punctuation (，。、：；（）《》“”) is kept as it is.

    >>> normalise_text("１９９３年增长１０．５％")
    '1993年增长10.5%'
    >>> normalise_text("1 9 9 7 年，交出一份人\\n\\u200b\\n民满意的答卷")
    '1997年，交出一份人民满意的答卷'
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # one vectorised look at the code points decides which of the (slower) rewrites are needed
    points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    kinds = np.bitwise_or.reduce(_CHARACTER_KINDS[np.minimum(points, 0xFFFF)]) if len(points) else 0
    if kinds & _INVISIBLE:
        text = _ZW_PAGE_BREAK.sub(partial(_join_page_break, text), text)
        text = _ZERO_WIDTH_OR_MASK.sub("", text)
    if kinds & _FULL_WIDTH:
        if kinds & _INVISIBLE:
            points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        text = _HALF_WIDTH_POINTS[np.minimum(points, 0xFFFF)].astype(np.uint32).tobytes().decode("utf-32-le") \
            if not (points > 0xFFFF).any() else _TO_HALF_WIDTH.sub(_half_width, text)
        if "．" in text:
            text = _FULLWIDTH_POINT.sub(r"\1.", text)
        return _SPACED_DIGITS.sub(r"\1", text)
    digits = (points >= 0x30) & (points <= 0x39)
    spaces = (points == 0x20) | (points == 0xA0)
    if (digits[:-1] & spaces[1:]).any():
        text = _SPACED_DIGITS.sub(r"\1", text)
    return text


# -- boilerplate ---------------------------------------------------------------------------------------

Scope = Literal["line", "span", "tail", "footer"]


@dataclass(frozen=True)
class BoilerplatePattern:
    """A named pattern for text that is not part of the speech.

    ``scope`` is ``"line"`` (the regex matches a whole line), ``"span"`` (every match, anywhere) or
    ``"tail"`` (from the matching line to the end of the text, when it stands in the second half) or
    ``"footer"`` (a block at the end of the text, found from its last line that matches — the trailing
    marker — and extended backwards over the lines above it; see :func:`_footer_blocks`).
    A named group ``url`` is kept as the speech's ``source_url``; a span pattern's other named groups are
    kept with the removed piece (``Removed.fields``: a dateline's ``place`` and ``date``).
    """

    name: str
    scope: Scope
    regex: re.Pattern[str]
    requires: tuple[str, ...] = ()  # run only on texts holding one of these strings (a fast pre-check)

    @classmethod
    def compile(cls, name: str, scope: str, pattern: str, requires: str | tuple[str, ...] = ()) -> BoilerplatePattern:
        if scope not in ("line", "span", "tail", "footer"):
            raise ValueError(
                f"boilerplate pattern {name!r}: scope must be line, span, tail or footer, got {scope!r}")
        try:
            flags = re.M if scope == "tail" else 0
            regex = re.compile(pattern, flags)
        except re.error as exc:
            raise ValueError(f"boilerplate pattern {name!r}: invalid regular expression: {exc}") from None
        needles = tuple(n for n in requires.split("|") if n) if isinstance(requires, str) else tuple(requires)
        return cls(name, scope, regex, needles)  # type: ignore[arg-type]

    def first_line(self, text: str, start: int = 0) -> int | None:
        """Where a search may begin: the start of the first line (from ``start``) holding a required
        string, ``start`` if nothing is required, ``None`` when the regex cannot match at all."""
        if not self.requires:
            return start
        found = [i for i in (text.find(needle, start) for needle in self.requires) if i >= 0]
        return text.rfind("\n", start, min(found)) + 1 or start if found else None


def parse_boilerplate_patterns(lines: str, *, origin: str = "<patterns>") -> list[BoilerplatePattern]:
    """Read patterns written one a line as ``NAME<TAB>SCOPE<TAB>REGEX[<TAB>REQUIRES]`` (``#`` starts a
    comment line); REQUIRES lists strings separated by ``|``, one of which a text must hold for the
    pattern to be tried."""
    patterns = []
    for number, line in enumerate(lines.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) not in (3, 4):
            raise ValueError(
                f"{origin}, line {number}: expected NAME<TAB>SCOPE<TAB>REGEX[<TAB>REQUIRES], got {line!r}")
        patterns.append(BoilerplatePattern.compile(*parts))
    return patterns


@lru_cache(maxsize=1)
def default_boilerplate_patterns() -> tuple[BoilerplatePattern, ...]:
    """The bundled patterns (``resources/boilerplate.txt``): template-site notices, Wikisource footers."""
    source = resources.files("lectureanalysis").joinpath("resources/boilerplate.txt").read_text("utf-8")
    return tuple(parse_boilerplate_patterns(source, origin="resources/boilerplate.txt"))


def resolve_boilerplate(
    extra: str | Path | dict[str, str] | list[BoilerplatePattern] | None = None, *, defaults: bool = True
) -> tuple[BoilerplatePattern, ...]:
    """The default patterns plus the user's: a pattern file path, a ``{name: regex}`` dict (line scope),
    or ready :class:`BoilerplatePattern` objects."""
    patterns = list(default_boilerplate_patterns()) if defaults else []
    if extra is None:
        return tuple(patterns)
    if isinstance(extra, (str, Path)):
        path = Path(extra)
        patterns += parse_boilerplate_patterns(path.read_text("utf-8"), origin=str(path))
    elif isinstance(extra, dict):
        patterns += [BoilerplatePattern.compile(name, "line", rx) for name, rx in extra.items()]
    else:
        patterns += list(extra)
    return tuple(patterns)


@dataclass
class Removed:
    """One piece of boilerplate: where it stood in the normalised text, what it said, which pattern."""

    start: int
    end: int
    text: str
    kind: str
    url: str | None = None
    fields: dict[str, str] = field(default_factory=dict)  # other named groups of a span pattern (place, date)


@dataclass
class Masked:
    """Normalised text with its boilerplate masked by :data:`MASK` (same length, same offsets)."""

    text: str
    removed: list[Removed] = field(default_factory=list)

    @property
    def source_url(self) -> str | None:
        return next((r.url for r in self.removed if r.url), None)


def mask_boilerplate(text: str, patterns: tuple[BoilerplatePattern, ...]) -> Masked:
    """Mask boilerplate in ``text`` and return the removed pieces with their offsets.

    >>> m = mask_boilerplate("讲稿\\n正文。\\n如若转载,请注明出处:https://x.cn/1.html",
    ...                      default_boilerplate_patterns())
    >>> m.removed[0].kind, m.source_url, m.text.replace(MASK, "").strip()
    ('repost_notice', 'https://x.cn/1.html', '讲稿\\n正文。')
    """
    spans: list[Removed] = []
    taken = bytearray(len(text))  # 1 where a character is already claimed by boilerplate

    def claim(start: int, end: int, kind: str, url: str | None = None, fields: dict[str, str] | None = None) -> None:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start >= end or any(taken[start:end]):
            return
        taken[start:end] = b"\x01" * (end - start)
        spans.append(Removed(start, end, text[start:end], kind, url, fields or {}))

    half = text.rfind("\n", 0, len(text) // 2) + 1
    cut = len(text)
    for pattern in patterns:
        begin = pattern.first_line(text, half) if pattern.scope == "tail" else None
        if begin is not None:
            match = pattern.regex.search(text, begin, cut)
            if match:
                cut = text.rfind("\n", 0, match.start()) + 1
                kind = pattern.name
    if cut < len(text):
        claim(cut, len(text), kind)
    lines = _combined(patterns, "line")
    for start, end, kind in _footer_blocks(text, patterns, half, lines[0] if lines else None):
        claim(start, end, kind)
    if lines is not None:
        regex, names = lines
        for line in _LINE.finditer(text):
            if line.end() - line.start() > 2 * MAX_BOILERPLATE_LINE:
                continue
            stripped = line.group().strip()
            if not stripped or len(stripped) > MAX_BOILERPLATE_LINE:
                continue
            match = regex.fullmatch(stripped)
            if match:
                index = int(match.lastgroup[1:])  # type: ignore[index]
                claim(line.start(), line.end(), names[index], match.group(f"url{index}"))
    for pattern in patterns:
        begin = pattern.first_line(text) if pattern.scope == "span" else None
        if begin is not None:
            for match in pattern.regex.finditer(text, begin):
                found = {k: v for k, v in match.groupdict().items() if v is not None}
                claim(match.start(), match.end(), pattern.name, found.pop("url", None), found)
    if not spans:
        return Masked(text)
    spans.sort(key=lambda r: r.start)
    pieces, previous = [], 0
    for r in spans:
        pieces += [text[previous:r.start], _NOT_NEWLINE.sub(MASK, r.text)]
        previous = r.end
    pieces.append(text[previous:])
    return Masked("".join(pieces), spans)


#: a footer block may hold this many lines in a row without a marker (注：…认为 / 不总是 / 具有…性质的文件。) …
FOOTER_GAP_LINES = 3
#: … each at most this long; lines this short are fragments of a template cut into pieces (法律 / 、 / false)
FOOTER_GAP_CHARS, FOOTER_FRAGMENT_CHARS = 80, 8


def _footer_blocks(text: str, patterns: tuple[BoilerplatePattern, ...], half: int,
                   other: re.Pattern[str] | None) -> list[tuple[int, int, str]]:
    """Footer blocks (licence and copyright templates) as ``(start, end, kind)``.

    Walking up from the end of the text: blank lines, fragments and lines of other boilerplate kinds are
    passed over; a line matching a footer pattern (the marker: 属于公有领域, Public domain, 版权所有 …) takes
    the block up to it; up to :data:`FOOTER_GAP_LINES` short lines without a marker are taken only if a
    marker line stands above them. The walk stops at the first line of speech text, and never goes above the
    middle of the text. A block must reach the end of the text (other boilerplate aside), so licence words
    inside the speech are never a footer.
    """
    chosen = [p for p in patterns if p.scope == "footer"]
    if not chosen:
        return []
    taken: list[tuple[int, int, str | None]] = []  # lines of the block, bottom up; kind None: marker-less
    pending: list[tuple[int, int, str | None]] = []  # lines passed over since the last marker line
    gap, end = 0, len(text)
    while end > half:
        start = max(text.rfind("\n", half, end) + 1, half)
        stripped = text[start:end].strip()
        line_end, end = end, start - 1
        if not stripped:
            continue
        if len(stripped) > MAX_BOILERPLATE_LINE:
            break
        marker = next((p.name for p in chosen if p.regex.search(stripped)), None)
        if marker is not None:
            taken += [*pending, (start, line_end, marker)]
            pending, gap = [], 0
        elif other is not None and other.fullmatch(stripped):
            pending.append((start, line_end, "-"))  # another kind's line: left to the line patterns
        elif len(stripped) <= FOOTER_FRAGMENT_CHARS:
            pending.append((start, line_end, None))
        elif taken and gap < FOOTER_GAP_LINES and len(stripped) <= FOOTER_GAP_CHARS:
            gap += 1
            pending.append((start, line_end, None))
        else:
            break
    blocks: list[tuple[int, int, str]] = []
    kind, open_block = "", False
    for start, end, line_kind in reversed(taken):  # top down: a line belongs to the marker above it
        if line_kind == "-":
            open_block = False
        elif open_block and line_kind in (None, kind):
            blocks[-1] = (blocks[-1][0], end, kind)
        else:
            kind, open_block = line_kind or kind, True
            blocks.append((start, end, kind))
    return blocks


_NOT_NEWLINE = re.compile(r"[^\n]")
_LINE = re.compile(r"[^\n]+")
_GLOBAL_FLAGS = re.compile(r"^\(\?([aiLmsux]+)\)")
#: lines longer than this are speech text, whatever they contain
MAX_BOILERPLATE_LINE = 300


@lru_cache(maxsize=64)
def _combined(patterns: tuple[BoilerplatePattern, ...], scope: str) -> tuple[re.Pattern[str], list[str]] | None:
    """The patterns of one scope as a single alternation, tried once per line (used for line scope).

    Alternative ``p<i>`` is the i-th pattern; its ``url`` group is renamed ``url<i>`` (and added, never
    matching, where a pattern has none) so that group names stay unique.
    """
    chosen = [p for p in patterns if p.scope == scope]
    if not chosen:
        return None
    alternatives = []
    for index, pattern in enumerate(chosen):
        source = _GLOBAL_FLAGS.sub(r"(?\1:", pattern.regex.pattern, count=1)
        if source != pattern.regex.pattern:
            source += ")"  # (?i)abc -> (?i:abc): inline flags are only allowed at the start of a regex
        if "(?P<url>" not in source:
            source += "(?P<url>(?!))?"
        alternatives.append(f"(?P<p{index}>{source.replace('(?P<url>', f'(?P<url{index}>')})")
    flags = re.M if scope == "tail" else 0
    return re.compile("|".join(alternatives), flags), [p.name for p in chosen]


# -- script --------------------------------------------------------------------------------------------

Script = Literal["Hans", "Hant", "mixed"]
_TRADITIONAL_ONLY, _SIMPLIFIED_ONLY = 1, 2


@lru_cache(maxsize=2)
def _opencc(config: str) -> object:
    import opencc  # imported lazily: importing the package does nothing

    return opencc.OpenCC(config)


def convert_script(text: str, config: str = "t2s") -> str:
    """Convert with OpenCC (``t2s``: Traditional to Simplified), character for character: the result has
    the length of ``text``, so every offset into it stays valid (a phrase conversion that would change the
    length is done character by character instead)."""
    converter = _opencc(config)
    converted = converter.convert(text)  # type: ignore[attr-defined]
    if len(converted) != len(text):
        singles = (converter.convert(c) for c in text)  # type: ignore[attr-defined]
        converted = "".join(s if len(s) == 1 else c for c, s in zip(text, singles, strict=True))
    return converted


@lru_cache(maxsize=1)
def _script_table() -> np.ndarray:
    """For each code point of the Basic Multilingual Plane: is it a character OpenCC's t2s changes
    (Traditional-only, bit 1) or one its s2t changes (Simplified-only, bit 2)? Built once per process by
    converting every CJK ideograph alone (about 20 ms)."""
    characters = [chr(c) for c in (*range(0x3400, 0x4DC0), *range(0x4E00, 0xA000), *range(0xF900, 0xFB00))]
    table = np.zeros(0x10000, dtype=np.uint8)
    for config, bit in (("t2s", _TRADITIONAL_ONLY), ("s2t", _SIMPLIFIED_ONLY)):
        converted = convert_script("\n".join(characters), config).split("\n")
        if len(converted) != len(characters):  # a conversion crossed a separator: one character at a time
            converted = [convert_script(c, config) for c in characters]
        changed = [ord(c) for c, new in zip(characters, converted, strict=True) if new != c]
        table[changed] |= bit
    return table


def detect_script(text: str) -> Script:
    """Tell Simplified (``Hans``) from Traditional (``Hant``) Chinese with OpenCC's character tables.

    Characters that OpenCC's t2s conversion changes are Traditional-only (們, 國, 經); those its s2t
    conversion changes are Simplified-only (们, 国, 经). A text whose distinctive characters are at least
    90 % of one kind is of that script; anything in between is ``mixed``; a text with fewer than three
    distinctive characters (it is written in characters both scripts share) counts as ``Hans``.

    >>> detect_script("我們國家的經濟建設"), detect_script("我们国家的经济建设"), detect_script("人民大会")
    ('Hant', 'Hans', 'Hans')
    """
    points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    kinds = _script_table()[points[points < 0x10000]]
    traditional = int(np.count_nonzero(kinds & _TRADITIONAL_ONLY))
    simplified = int(np.count_nonzero(kinds & _SIMPLIFIED_ONLY))
    if traditional + simplified < 3:
        return "Hans"
    share = traditional / (traditional + simplified)
    return "Hant" if share >= 0.9 else "Hans" if share <= 0.1 else "mixed"
