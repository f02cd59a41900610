"""What discovery never offers as a term: numbers and dates, written in figures or in Chinese numerals."""

from __future__ import annotations

import re

import numpy as np

#: a token or candidate made only of numerals (Arabic, Chinese, full-width), number words, date and measure
#: units and signs: 2019年, 一九五四年, 三月五日, 百分之六, 5.2%, 十四五 — a number or a date, not a term
NUMBER_OR_DATE = re.compile(r"[\d０-９〇零一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾佰仟"
                            r"年月日号时分秒点个之第余多.．%％‰+\-—~～/／·,，]+")


def numbers_or_dates(words: list[str]) -> np.ndarray:
    """For each word: is it a number or a date (:data:`NUMBER_OR_DATE`, the whole word)?"""
    return np.fromiter((NUMBER_OR_DATE.fullmatch(w) is not None for w in words), dtype=bool, count=len(words))


#: a number or date written in figures (2019年, 5.2%, ２０２４) or a Chinese-numeral date or share (一九五四年,
#: 三月五日, 百分之六): never part of a term. A counted Chinese numeral (四个, 两个, 三大, 十四五) may open a
#: term — the genre's numbered formulations (四个现代化, 两个毫不动摇) start with one.
_DATE_OR_FIGURE = re.compile(r".*[\d０-９%％‰].*|.*[年月日号时秒]|.*之.*")


def dates_or_figures(words: list[str]) -> np.ndarray:
    """For each word: is it a number or date that never belongs in a term (see :data:`_DATE_OR_FIGURE`)?"""
    return np.fromiter((NUMBER_OR_DATE.fullmatch(w) is not None and _DATE_OR_FIGURE.fullmatch(w) is not None
                        for w in words), dtype=bool, count=len(words))
