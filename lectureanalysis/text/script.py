"""Simplified or Traditional: the script of a text told, and Traditional converted with OpenCC."""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

import numpy as np

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
