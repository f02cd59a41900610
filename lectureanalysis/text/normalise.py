"""Normalisation: invisible characters removed, whitespace and page breaks tidied, full-width digits and
Latin letters made half-width — nothing else changed.
"""

from __future__ import annotations

import re
from functools import partial

import numpy as np

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

    Parameters
    ----------
    text : str
        Decoded text.

    Returns
    -------
    str
        The text with the same visible characters, normalised as above.

    See Also
    --------
    count_chars : How 字 are counted after this.

    Examples
    --------
    >>> la.normalise_text("１９９３年增长１０．５％")
    '1993年增长10.5%'
    >>> la.normalise_text("1 9 9 7 年，交出一份人\\n\\u200b\\n民满意的答卷")
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
