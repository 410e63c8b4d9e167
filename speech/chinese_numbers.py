"""Arabic numbers in Chinese text, rewritten as the Chinese numerals a speaker would say.

espeak-ng's Mandarin voice is given pinyin, so "p 值是 0.03" must first become "p 值是零点零三":
a digit left in pinyin text is read by its English name. Values are read the way Mandarin says
them ("105" 一百零五, "20000" 两万, "30%" 百分之三十, "3.14" 三点一四); a four-digit year before 年
and a number with a leading zero ("007") are read digit by digit, as people do.
"""

from __future__ import annotations

import re

_DIGITS = "零一二三四五六七八九"
_GROUP_UNITS = ("千", "百", "十", "")
_MYRIAD_UNITS = ("", "万", "亿", "万亿")
_MAX_VALUE = 10**16  # past 万亿 a number is read digit by digit
_NUMBER = re.compile(
    r"(?P<sign>(?<![\dA-Za-z.])-)?"
    r"(?P<int>\d{1,3}(?:,\d{3})+|\d+)"
    r"(?:\.(?P<frac>\d+))?"
    r"(?P<percent>%)?"
    r"(?P<year>(?=年))?"
)
_RANGE = re.compile(r"(?<=\d)\s*[-~～]\s*(?=\d)")


def digit_by_digit(digits: str) -> str:
    """ "2020" -> 二零二零."""
    return "".join(_DIGITS[int(d)] for d in digits)


def integer_reading(value: int) -> str:
    """Mandarin reading of a non-negative integer: 10 十, 105 一百零五, 10010 一万零一十."""
    if value == 0:
        return _DIGITS[0]
    if value >= _MAX_VALUE:
        return digit_by_digit(str(value))
    groups = []
    while value:
        value, group = divmod(value, 10_000)
        groups.append(group)
    reading, zero_pending = "", False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            zero_pending = bool(reading)
            continue
        if reading and (zero_pending or group < 1000):
            reading += _DIGITS[0]
        reading += _group_reading(group) + _MYRIAD_UNITS[index]
        zero_pending = False
    if reading.startswith("一十"):
        reading = reading[1:]  # 十五, not 一十五
    if reading[0] == "二" and len(reading) > 1 and reading[1] in "千万亿":
        reading = "两" + reading[1:]  # 两千, 两万
    return reading


def _group_reading(group: int) -> str:
    """One group of four digits (1-9999), zeros inside it read once as 零."""
    reading, zero_pending = "", False
    for digit, unit in zip(f"{group:04d}", _GROUP_UNITS, strict=True):
        if digit == "0":
            zero_pending = bool(reading)
            continue
        if zero_pending:
            reading += _DIGITS[0]
            zero_pending = False
        reading += _DIGITS[int(digit)] + unit
    return reading


def number_reading(match: re.Match[str]) -> str:
    """The reading of one `_NUMBER` match."""
    integer = match["int"].replace(",", "")
    if (match["year"] is not None and len(integer) == 4 and not match["frac"]) or (
        len(integer) > 1 and integer.startswith("0")
    ):
        reading = digit_by_digit(integer)
    else:
        reading = integer_reading(int(integer))
    if match["frac"]:
        reading += "点" + digit_by_digit(match["frac"])
    if match["percent"]:
        reading = "百分之" + reading
    if match["sign"]:
        reading = "负" + reading
    return reading


def numbers_to_chinese(text: str) -> str:
    """Rewrite every number in `text` (no Latin letters expected around it) in Chinese numerals.

    A range "3-5" is read 三到五; thousands separators are dropped.
    """
    return _NUMBER.sub(number_reading, _RANGE.sub("到", text))
