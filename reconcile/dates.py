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


PRECISION_ORDER = (Precision.DAY, Precision.MONTH, Precision.SEASON, Precision.YEAR)


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
CLOCK_TIME = re.compile(r"[ t]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*(am|pm|z|[+-]\d{2}:?\d{2})?$")
PARENTHESES = re.compile(r"\([^)]*\)|\[[^\]]*\]")
# An era after the date: Hijri solar (ه.ش, ش, AP, SH), Gregorian (AD, CE, م), or Hijri lunar (ه.ق).
ERA = re.compile(
    r"\s*(?:(?P<solar>ه\s*\.?\s*ش\.?|هـ\s*\.?\s*ش\.?|(?<=\d)\s*ش\.?|\bap\b|\bsh\b|شمسی)"
    r"|(?P<lunar>ه\s*\.?\s*ق\.?|هـ\s*\.?\s*ق\.?|\bah\b|قمری)"
    r"|(?P<gregorian>\bad\b|\bce\b|(?<=\d)\s*م\.?|میلادی))\s*$"
)
RANGE = re.compile(r"\s+(?:-|–|—|to|until|till|تا)\s+|\s*[–—]\s*")
BETWEEN = re.compile(r"(?:between|from|بین|از)\s+(.+?)\s+(?:and|to|until|و|تا)\s+(.+)")
SPACED_SEPARATOR = re.compile(r"\s*([./\-])\s*")
NUMERIC = re.compile(r"^(\d{1,4})[./\-](\d{1,4})(?:[./\-](\d{1,4}))?$")
MONTHS_IN_YEAR = 12
WORDS = re.compile(r"[^\W\d_]+|\d+")


def parse_date(text: str, calendar: Calendar = Calendar.GREGORIAN) -> DateSpan | None:
    """Parse a date as lists write it; None when it cannot be understood (the caller reports it).

    A range (Aug 1988 - Sep 1988, between 1367 and 1368) is the span from its first date to its
    last; an era written after the date (1367/05/10 ه.ش, 1988 AD) says its calendar."""
    cleaned = unicodedata.normalize("NFC", text).translate(DIGITS).lower()
    cleaned = "".join(ch for ch in cleaned if unicodedata.category(ch) != "Cf")  # direction marks
    cleaned = cleaned.replace("ي", "ی").replace("ك", "ک")
    cleaned = PARENTHESES.sub(" ", cleaned)  # 1988-08-04 (approx.)
    cleaned = CLOCK_TIME.sub("", cleaned).strip()  # 1988-08-04 00:00:00, as spreadsheets export dates
    era = ERA.search(cleaned)
    if era:
        if era.group("lunar"):
            return None  # lunar Hijri years are no calendar this reads
        calendar = Calendar.JALALI if era.group("solar") else Calendar.GREGORIAN
        cleaned = ERA.sub("", cleaned).strip()
    if not cleaned:
        return None
    between = BETWEEN.fullmatch(cleaned)
    parts = between.groups() if between else RANGE.split(cleaned, maxsplit=1)
    try:
        spans = [_one_date(part.strip(), calendar) for part in parts]
    except (ValueError, OverflowError):  # no such day, or beyond the calendars' range
        return None
    if any(span is None for span in spans) or not spans:
        return None
    first, last = spans[0], spans[-1]
    assert first is not None and last is not None
    if len(spans) == 1 or last.end < first.start:
        return first if len(spans) == 1 else None
    coarsest = max((first.precision, last.precision), key=PRECISION_ORDER.index)
    return DateSpan(first.start, last.end, Precision.MONTH if coarsest is Precision.DAY else coarsest)


def _one_date(text: str, calendar: Calendar) -> DateSpan | None:
    text = SPACED_SEPARATOR.sub(r"\1", text)  # 1367 / 05 / 10
    return _numeric(text, calendar) or _worded(text, calendar)


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
    words = [t for t in tokens if not t.isdigit()]
    # A month's name says its calendar: Shahrivar 67 is Jalali on any list, August 88 Gregorian.
    if any(w in JALALI_MONTHS or w in JALALI_SEASONS for w in words):
        calendar = Calendar.JALALI
    elif any(w in GREGORIAN_MONTHS or w in SEASONS for w in words):
        calendar = Calendar.GREGORIAN
    years = [t for t in tokens if t.isdigit() and len(t) == 4] or _short_years(tokens)
    if not years:
        return None
    year = _full_year(years[-1], calendar)
    cal = _calendar_of(year, calendar)
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
    named = [months[w] for w in words if w in months]
    if len(named) > 1 and named[-1] > named[0]:  # July/August 1988, Tir-Mordad 1367: both months
        return DateSpan(_month(year, named[0], cal).start, _month(year, named[-1], cal).end, Precision.MONTH)
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


def _short_years(tokens: list[str]) -> list[str]:
    """Two-digit years: one that follows a month's name (Mordad 67), or a number standing alone
    (88); a number before the month's name is its day (10 Mordad: no year given)."""
    named = [i for i, t in enumerate(tokens) if t in GREGORIAN_MONTHS or t in JALALI_MONTHS]
    numbers = [i for i, t in enumerate(tokens) if t.isdigit() and len(t) == 2]
    if named:
        return [tokens[i] for i in numbers if i > named[0]]
    return [tokens[i] for i in numbers] if len(numbers) == 1 else []


def _full_year(written: str, calendar: Calendar) -> int:
    """A year as written: four digits as they are; two, the latest year in the list's calendar
    that ends so and is not after this year (no list reports the future): 67 is 1367 on a Jalali
    list, 88 is 1988, 26 is 2026 (in 2026); one or three digits are no year a list means."""
    if len(written) == 2:
        this_year = jdatetime.date.today().year if calendar is Calendar.JALALI else dt.date.today().year
        year = this_year - (this_year - int(written)) % 100
        return year
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
