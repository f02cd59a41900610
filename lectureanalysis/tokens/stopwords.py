"""Stop-word layers (punctuation, numbers, function, discourse, official) and what counts as punctuation or a
number.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

#: the stop-word layers, each a resource file ``resources/stopwords/<layer>.txt``
STOPWORD_LAYERS = ("punctuation", "numbers", "function", "discourse", "official")
#: the layers used by ``stopwords="default"``; ``official`` (坚持, 加强, 推进 …) is off by default
DEFAULT_STOPWORD_LAYERS = ("punctuation", "numbers", "function", "discourse")


@cache
def stopword_layer(layer: str) -> frozenset[str]:
    """The words of one bundled layer (the punctuation and numbers layers also match by rule, see
    :func:`is_punctuation` and :func:`is_number`)."""
    if layer not in STOPWORD_LAYERS:
        raise ValueError(f"stopwords: unknown layer {layer!r}; layers are {', '.join(STOPWORD_LAYERS)}")
    text = resources.files("lectureanalysis").joinpath(f"resources/stopwords/{layer}.txt").read_text("utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


_WORD_CHARACTER = re.compile(r"[^\W_]")


@lru_cache(maxsize=1 << 20)  # asked once per type by every statistic: a dict lookup after the first time
def is_punctuation(token: str) -> bool:
    """True for a token holding no letter and no digit: punctuation, symbols, separators, control
    characters (and stray combining marks) only.

    >>> is_punctuation("，"), is_punctuation("——"), is_punctuation(" "), is_punctuation("5%"), is_punctuation("二")
    (True, True, True, False, False)
    """
    return _WORD_CHARACTER.search(token) is None


#: a number written in digits: Arabic or full-width, with decimal points, separators, signs, ranges, % and ‰
_DIGITS = re.compile(r"[+\-−±]?\d[\d.．,，:：/\-−~～]*[%％‰]?")
#: a number written in Chinese numerals (and their financial forms), Roman numerals, circled numbers
_NUMERALS = re.compile(r"[零〇一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾佰仟]+|[\u2160-\u2188]+|[\u2460-\u24ff\u2776-\u2793]+")


@lru_cache(maxsize=1 << 20)
def is_number(token: str) -> bool:
    """True for a token that is a number, not a word: digits (2022, 5.2%, １２, 1,000), Chinese numerals alone
    (一, 十四, 两), Roman or circled numerals — the ``numbers`` stop-word layer's rule.

    >>> [is_number(t) for t in ["2022", "5.2%", "１２", "二", "十四", "①", "一带一路", "十九大", "第一", "G20"]]
    [True, True, True, True, True, True, False, False, False, False]
    """
    return _DIGITS.fullmatch(token) is not None or _NUMERALS.fullmatch(token) is not None


@dataclass(frozen=True)
class Stopwords:
    """Resolved stop words: the layers in use, with the punctuation rule, plus the user's own words."""

    layers: tuple[str, ...]
    extra: frozenset[str]

    @property
    def words(self) -> frozenset[str]:
        out = set(self.extra)
        for layer in self.layers:
            out |= stopword_layer(layer)
        return frozenset(out)

    def flags(self, types: Sequence[str]) -> np.ndarray:
        """Stop word or not, for each of ``types`` (computed once per type, then broadcast by code)."""
        words = self.words
        rule = "punctuation" in self.layers
        numbers = "numbers" in self.layers
        return np.fromiter((t in words or (rule and is_punctuation(t)) or (numbers and is_number(t)) for t in types),
                           dtype=np.bool_, count=len(types))


def resolve_stopwords(stopwords: str | Path | Iterable[str] | None) -> Stopwords:
    """``"default"`` (punctuation, numbers, function, discourse), ``"none"``/``None``, a path to a word list (added
    to the default layers), or an iterable mixing layer names and words (layers named are the ones used).

    >>> resolve_stopwords(["punctuation", "official", "会议"]).layers
    ('punctuation', 'official')
    """
    if stopwords is None or (isinstance(stopwords, str) and stopwords == "none"):
        return Stopwords((), frozenset())
    if isinstance(stopwords, str) and stopwords == "default":
        return Stopwords(DEFAULT_STOPWORD_LAYERS, frozenset())
    if isinstance(stopwords, (str, Path)):
        path = Path(stopwords)
        if not path.is_file():
            raise FileNotFoundError(
                f"stopwords: expected 'default', 'none', layer names, words or a word-list file; {path} is not a file")
        words = {w.strip() for w in path.read_text("utf-8-sig").splitlines() if w.strip() and not w.startswith("#")}
        return Stopwords(DEFAULT_STOPWORD_LAYERS, frozenset(words))
    items = list(stopwords)
    layers = tuple(i for i in items if i in STOPWORD_LAYERS)
    return Stopwords(layers, frozenset(i for i in items if i not in STOPWORD_LAYERS))
