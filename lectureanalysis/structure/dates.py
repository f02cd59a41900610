"""Dates and Chinese numerals as the genre writes them (二〇一九年三月五日, 2019-03-05, 十二, 二十一)."""

from __future__ import annotations

import re

import pandas as pd

_DATE = re.compile(
    r"(?P<y>\d{4}|[一二三四五六七八九〇零○]{4})\s*年\s*(?P<m>\d{1,2}|[一二三四五六七八九十]{1,2})\s*月"
    r"(?:\s*(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})\s*日)?"
)
#: an ISO or dotted date (2023-01-01, 2023/1/5, 2023.1.5), as dated headers of bulletins write it
_ISO_DATE = re.compile(r"(?<![\d.])(?P<y>(?:19|20)\d{2})(?P<sep>[-./])(?P<m>0?[1-9]|1[0-2])(?P=sep)(?P<d>0?[1-9]|[12]\d|3[01])(?![\d.])")


def cn_number(text: str) -> int | None:
    """Parse ``一``…``九十九`` and Arabic digits; ``None`` if not a number.

    >>> cn_number("十二"), cn_number("二十"), cn_number("两"), cn_number("7")
    (12, 20, 2, 7)
    """
    if text.isdigit():
        return int(text)
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2, "○": 0}
    if text == "十":
        return 10
    if "十" in text:
        tens, _, ones = text.partition("十")
        t = digits.get(tens, None) if tens else 1
        o = digits.get(ones, None) if ones else 0
        return None if t is None or o is None else t * 10 + o
    if len(text) == 1 and text in digits:
        return digits[text]
    if text and all(c in digits for c in text):  # 一九五七
        return int("".join(str(digits[c]) for c in text))
    return None


def cn_number_text(n: int) -> str:
    """Write ``n`` in Chinese numerals as a count is read (the inverse of :func:`cn_number` for 0-99):
    二十一, not 二一; larger numbers digit by digit.

    >>> cn_number_text(1), cn_number_text(10), cn_number_text(21), cn_number_text(2019)
    ('一', '十', '二十一', '二〇一九')
    """
    digits = "〇一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")
    return "".join(digits[int(d)] for d in str(n))


def parse_date(text: str) -> pd.Timestamp | None:
    """The first date written in ``text`` (Arabic or Chinese numerals), or ``None``.

    >>> parse_date("——2019年3月5日在第十三届全国人民代表大会第二次会议上")
    Timestamp('2019-03-05 00:00:00')
    >>> parse_date("一九五七年六月二十六日")
    Timestamp('1957-06-26 00:00:00')
    >>> parse_date("新闻联播 2023-01-01"), parse_date("2023.1.5 政府公报")
    (Timestamp('2023-01-01 00:00:00'), Timestamp('2023-01-05 00:00:00'))
    """
    match = _DATE.search(text)
    iso = _ISO_DATE.search(text)
    if iso and (not match or iso.start() < match.start()):
        try:
            return pd.Timestamp(year=int(iso["y"]), month=int(iso["m"]), day=int(iso["d"]))
        except ValueError:
            return None
    if not match:
        return None
    year, month = cn_number(match["y"]), cn_number(match["m"])
    day = cn_number(match["d"]) if match["d"] else 1
    try:
        return pd.Timestamp(year=year, month=month, day=day)
    except (TypeError, ValueError):
        return None
