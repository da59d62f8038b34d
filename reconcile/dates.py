"""Free-text dates -> a Gregorian interval that keeps the precision the source gave.

"August 1988" is the whole month, "1367/05/10" one day, "summer 1988" a season. Comparing
intervals rather than points means a month neither confirms nor contradicts a day inside it.
Jalali dates are converted with jdatetime.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

import jdatetime

from reconcile.schema import Calendar

DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")


class Precision(StrEnum):
    DAY = "day"
    MONTH = "month"
    SEASON = "season"
    YEAR = "year"


@dataclass(frozen=True)
class DateSpan:
    start: dt.date
    end: dt.date
    precision: Precision


GREGORIAN_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan", "janvier", "januar"),
            ("february", "feb", "fevrier", "février", "februar"),
            ("march", "mar", "mars", "märz", "maerz", "marz"),
            ("april", "apr", "avril"),
            ("may", "mai"),
            ("june", "jun", "juin", "juni"),
            ("july", "jul", "juillet", "juli"),
            ("august", "aug", "aout", "août"),
            ("september", "sep", "sept", "septembre"),
            ("october", "oct", "octobre", "oktober", "okt"),
            ("november", "nov", "novembre"),
            ("december", "dec", "decembre", "décembre", "dezember", "dez"),
        ],
        start=1,
    )
    for name in names
}
JALALI_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("فروردین", "farvardin"),
            ("اردیبهشت", "ordibehesht"),
            ("خرداد", "khordad"),
            ("تیر", "tir"),
            ("مرداد", "mordad", "amordad"),
            ("شهریور", "shahrivar"),
            ("مهر", "mehr"),
            ("آبان", "aban"),
            ("آذر", "azar"),
            ("دی", "dey"),
            ("بهمن", "bahman"),
            ("اسفند", "esfand"),
        ],
        start=1,
    )
    for name in names
}
# Months of each season: Gregorian (March-May is spring) and Jalali (the year starts with spring).
SEASONS = {
    **dict.fromkeys(("spring", "printemps", "frühling", "fruhling"), (3, 5)),
    **dict.fromkeys(("summer", "été", "ete", "sommer"), (6, 8)),
    **dict.fromkeys(("autumn", "fall", "automne", "herbst"), (9, 11)),
    **dict.fromkeys(("winter", "hiver"), (12, 14)),
}
JALALI_SEASONS = {"بهار": (1, 3), "تابستان": (4, 6), "پاییز": (7, 9), "زمستان": (10, 12)}
PARTS_OF_MONTH = {"early": (1, 10), "mid": (11, 20), "late": (21, 31), "début": (1, 10), "fin": (21, 31)}

MAX_DAY = 31
EPOCH = dt.date(1970, 1, 1)
CLOCK_TIME = re.compile(r"[ t]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")
NUMERIC = re.compile(r"^(\d{1,4})[./\-](\d{1,4})(?:[./\-](\d{1,4}))?$")
MONTHS_IN_YEAR = 12
WORDS = re.compile(r"[^\W\d_]+|\d+")


def parse_date(text: str, calendar: Calendar = Calendar.GREGORIAN) -> DateSpan | None:
    """Parse a date as lists write it; None when it cannot be understood (the caller reports it)."""
    cleaned = unicodedata.normalize("NFC", text).translate(DIGITS).strip().lower()
    cleaned = cleaned.replace("ي", "ی").replace("ك", "ک")
    cleaned = CLOCK_TIME.sub("", cleaned).strip()  # 1988-08-04 00:00:00, as spreadsheets export dates
    if not cleaned:
        return None
    try:
        return _numeric(cleaned, calendar) or _worded(cleaned, calendar)
    except (ValueError, OverflowError):  # no such day, or beyond the calendars' range
        return None


def is_possible(span: DateSpan, earliest_year: int, today: dt.date) -> bool:
    """A date a list can mean: not before `earliest_year`, not after today."""
    return span.start.year >= earliest_year and span.start <= today


def day_number(day: dt.date) -> int:
    """Days since 1 January 1970: covers any year a list can write, unlike nanosecond timestamps."""
    return (day - EPOCH).days


def _numeric(text: str, calendar: Calendar) -> DateSpan | None:
    match = NUMERIC.match(text)
    if not match:
        if text.isdigit() and len(text) == 4:
            return _year(int(text), _calendar_of(int(text), calendar))
        return None
    first, second, third = match.groups()
    if third is not None and len(second) > 2:
        return None
    if third is None:  # year/month or month/year, the year maybe shortened: 08/88, 8/1988, 1367/5
        year_first = len(first) > 2 or (len(second) <= 2 and int(first) > MONTHS_IN_YEAR)
        year_text, month = (first, int(second)) if year_first else (second, int(first))
        year = _full_year(year_text, calendar)
        return _month(year, month, _calendar_of(year, calendar))
    if len(first) == 4 or int(first) > MAX_DAY:  # ISO or Jalali y/m/d, also 67/5/23 (1367)
        year_text, month, day = first, int(second), int(third)
    else:  # lists of this kind write day first: 04.08.1988
        day, month, year_text = int(first), int(second), third
    year = _full_year(year_text, calendar)
    return _day(year, month, day, _calendar_of(year, calendar))


def _worded(text: str, calendar: Calendar) -> DateSpan | None:
    tokens = WORDS.findall(text)
    years = [t for t in tokens if t.isdigit() and len(t) in (2, 4)]
    if not years:
        return None
    year = _full_year(years[-1], calendar)
    cal = _calendar_of(year, calendar)
    words = [t for t in tokens if not t.isdigit()]
    months = JALALI_MONTHS if cal is Calendar.JALALI else GREGORIAN_MONTHS
    month = next((months[w] for w in words if w in months), None)
    if month is None:
        seasons = JALALI_SEASONS if cal is Calendar.JALALI else SEASONS
        season = next((seasons[w] for w in words if w in seasons), None)
        if season:
            first, last = (
                _month(year, season[0], cal),
                _month(year + (season[1] - 1) // 12, (season[1] - 1) % 12 + 1, cal),
            )
            return DateSpan(first.start, last.end, Precision.SEASON)
        return _year(year, cal)
    days = [int(t) for t in tokens if t.isdigit() and len(t) <= 2 and t != years[-1]]
    if days and 1 <= days[0] <= MAX_DAY:
        return _day(year, month, days[0], cal)
    part = next((PARTS_OF_MONTH[w] for w in words if w in PARTS_OF_MONTH), None)
    span = _month(year, month, cal)
    if part and span:
        start = span.start + dt.timedelta(days=part[0] - 1)
        end = min(span.end, span.start + dt.timedelta(days=part[1] - 1))
        return DateSpan(start, end, Precision.MONTH)
    return span


def _full_year(written: str, calendar: Calendar) -> int:
    """A year as written: four digits as they are, two of the list's calendar century (67 is 1367
    on a Jalali list, 88 is 1988); one or three digits are no year a list means."""
    if len(written) == 2:
        return int(written) + (1300 if calendar is Calendar.JALALI else 1900)
    if len(written) != 4:
        raise ValueError(f"not a year: {written}")
    return int(written)


def _calendar_of(year: int, declared: Calendar) -> Calendar:
    # A year tells its calendar: 1367 can only be Jalali and 1988 only Gregorian.
    if 1200 <= year < 1500:
        return Calendar.JALALI
    if 1800 <= year < 2200:
        return Calendar.GREGORIAN
    return declared


def _day(year: int, month: int, day: int, cal: Calendar) -> DateSpan:
    if cal is Calendar.JALALI:
        date = jdatetime.date(year, month, day).togregorian()
    else:
        date = dt.date(year, month, day)
    return DateSpan(date, date, Precision.DAY)


def _month(year: int, month: int, cal: Calendar) -> DateSpan:
    if cal is Calendar.JALALI:
        start = jdatetime.date(year, month, 1).togregorian()
        following = jdatetime.date(year + month // 12, month % 12 + 1, 1).togregorian()
        return DateSpan(start, following - dt.timedelta(days=1), Precision.MONTH)
    return DateSpan(dt.date(year, month, 1), _month_end(year, month), Precision.MONTH)


def _year(year: int, cal: Calendar) -> DateSpan:
    if cal is Calendar.JALALI:
        start = jdatetime.date(year, 1, 1).togregorian()
        end = jdatetime.date(year + 1, 1, 1).togregorian() - dt.timedelta(days=1)
        return DateSpan(start, end, Precision.YEAR)
    return DateSpan(dt.date(year, 1, 1), dt.date(year, 12, 31), Precision.YEAR)


def _month_end(year: int, month: int) -> dt.date:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)
