"""Chinese in pinyin order: the order a reader finds names and words in in a Chinese index (北京, 山西, 陕西,
上海, 浙江), where code-point order scatters them (上 U+4E0A comes before 北 U+5317). Readings come from pypinyin,
with the tone as a digit, so 山西 (shan1) sorts before 陕西 (shan3); a short text (a place, a name) is read as a
phrase (重庆 chong2), a long one (a concordance's context) character by character, each character's most common
reading, which is fast enough for hundreds of thousands of lines.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

#: between the syllables of a key: below every letter and digit, so a shorter reading sorts first (xi < xia)
_SEPARATOR = "\x01"
#: texts up to this many characters are read as phrases (a polyphonic character read in its word)
PHRASE_CHARACTERS = 16


def _is_han(character: str) -> bool:
    return "\u3400" <= character <= "\u9fff" or "\uf900" <= character <= "\ufaff"


@lru_cache(maxsize=65536)
def _syllable(character: str) -> str:
    if not _is_han(character):
        return character
    from pypinyin import Style, lazy_pinyin

    return lazy_pinyin(character, style=Style.TONE3, neutral_tone_with_five=True)[0] + _SEPARATOR


@lru_cache(maxsize=65536)
def _phrase(text: str) -> str:
    from pypinyin import Style, pinyin

    readings = pinyin(text, style=Style.TONE3, neutral_tone_with_five=True,
                      errors=lambda chunk: [[c] for c in chunk])  # type: ignore[arg-type,return-value]
    out = []
    for character, (reading, *_) in zip(text, readings, strict=False):
        out.append(reading + _SEPARATOR if _is_han(character) else character)
    return "".join(out) if len(readings) == len(text) else "".join(_syllable(c) for c in text)


def pinyin_key(text: object, length: int | None = None) -> str:
    """A sort key that puts Chinese text in pinyin order (tone by tone; characters of one reading by code point;
    other text as written, after the letters of pinyin). ``length``: only the first characters count (a
    concordance's context).

    >>> sorted(["浙江省", "上海市", "北京市", "山西省", "陕西省", "重庆市"], key=pinyin_key)
    ['北京市', '重庆市', '山西省', '陕西省', '上海市', '浙江省']
    """
    value = "" if text is None else str(text)
    shown = value if length is None else value[:length]
    read = _phrase(shown) if length is None and len(shown) <= PHRASE_CHARACTERS else "".join(_syllable(c) for c in shown)
    return read + "\x00" + shown


def pinyin_sorted(values: Iterable[object]) -> list[object]:
    """``values`` in pinyin order; numbers (years) first, in numeric order.

    >>> pinyin_sorted(["省", "国家", 2019, 2001])
    [2001, 2019, '国家', '省']
    """
    items = list(values)

    def is_number(value: object) -> bool:
        return isinstance(value, (int, float)) and not isinstance(value, bool)

    numbers = sorted((v for v in items if is_number(v)), key=lambda v: float(v))  # type: ignore[arg-type]
    return numbers + sorted((v for v in items if not is_number(v)), key=pinyin_key)
