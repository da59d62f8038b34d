import datetime as dt

import pytest

from reconcile.dates import Precision, parse_date
from reconcile.schema import Calendar

D = dt.date


@pytest.mark.parametrize(
    ("text", "calendar", "start", "end", "precision"),
    [
        ("04.08.1988", Calendar.GREGORIAN, D(1988, 8, 4), D(1988, 8, 4), Precision.DAY),
        ("1988-08-04", Calendar.GREGORIAN, D(1988, 8, 4), D(1988, 8, 4), Precision.DAY),
        ("August 1988", Calendar.GREGORIAN, D(1988, 8, 1), D(1988, 8, 31), Precision.MONTH),
        ("août 1988", Calendar.GREGORIAN, D(1988, 8, 1), D(1988, 8, 31), Precision.MONTH),
        ("early September 1988", Calendar.GREGORIAN, D(1988, 9, 1), D(1988, 9, 10), Precision.MONTH),
        ("summer 1988", Calendar.GREGORIAN, D(1988, 6, 1), D(1988, 8, 31), Precision.SEASON),
        ("1988", Calendar.GREGORIAN, D(1988, 1, 1), D(1988, 12, 31), Precision.YEAR),
        # German month names and seasons.
        ("14. Dez. 1988", Calendar.GREGORIAN, D(1988, 12, 14), D(1988, 12, 14), Precision.DAY),
        ("Juli 1988", Calendar.GREGORIAN, D(1988, 7, 1), D(1988, 7, 31), Precision.MONTH),
        ("Sommer 1988", Calendar.GREGORIAN, D(1988, 6, 1), D(1988, 8, 31), Precision.SEASON),
        # Jalali, converted by jdatetime: 1367/05/10 is 1 August 1988.
        ("1367/05/10", Calendar.JALALI, D(1988, 8, 1), D(1988, 8, 1), Precision.DAY),
        ("۱۳۶۷/۰۵/۱۰", Calendar.JALALI, D(1988, 8, 1), D(1988, 8, 1), Precision.DAY),
        ("10 مرداد 1367", Calendar.JALALI, D(1988, 8, 1), D(1988, 8, 1), Precision.DAY),
        ("1367/06", Calendar.JALALI, D(1988, 8, 23), D(1988, 9, 22), Precision.MONTH),
        ("1367", Calendar.JALALI, D(1988, 3, 21), D(1989, 3, 20), Precision.YEAR),
        # A Jalali season is three Jalali months: summer is Tir to Shahrivar.
        ("تابستان ۱۳۶۷", Calendar.JALALI, D(1988, 6, 22), D(1988, 9, 22), Precision.SEASON),
        # Persian lists shorten the year and write it first: 67/5/10 is 1367/05/10.
        ("67/5/10", Calendar.JALALI, D(1988, 8, 1), D(1988, 8, 1), Precision.DAY),
        ("۶۷/۷/۱۸", Calendar.JALALI, D(1988, 10, 10), D(1988, 10, 10), Precision.DAY),
        # The year tells the calendar even when the list declares the other one.
        ("1367/05/10", Calendar.GREGORIAN, D(1988, 8, 1), D(1988, 8, 1), Precision.DAY),
        ("1367", Calendar.GREGORIAN, D(1988, 3, 21), D(1989, 3, 20), Precision.YEAR),
        ("1988", Calendar.JALALI, D(1988, 1, 1), D(1988, 12, 31), Precision.YEAR),
        # Spreadsheets export a date with a time of day.
        ("1988-08-04 00:00:00", Calendar.GREGORIAN, D(1988, 8, 4), D(1988, 8, 4), Precision.DAY),
    ],
)
def test_dates_keep_their_precision(text, calendar, start, end, precision):
    span = parse_date(text, calendar)
    assert span is not None
    assert (span.start, span.end, span.precision) == (start, end, precision)


@pytest.mark.parametrize("text", ["", "unknown", "31.02.1988", "1367/13/01", "soon"])
def test_dates_that_cannot_be_understood_are_none(text):
    assert parse_date(text, Calendar.GREGORIAN) is None


def test_a_month_contains_a_day_of_it_in_the_other_calendar():
    month = parse_date("August 1988")
    day = parse_date("۱۳۶۷/۰۵/۱۰", Calendar.JALALI)
    assert month is not None and day is not None
    assert month.start <= day.start <= month.end


@pytest.mark.parametrize("text", ["1/1/1", "13/1988", "4/8/988", "0/88", "31/02/1988"])
def test_no_such_month_or_year_is_not_understood(text):
    assert parse_date(text) is None


MONTH, DAY, YEAR = Precision.MONTH, Precision.DAY, Precision.YEAR


@pytest.mark.parametrize(
    ("text", "calendar", "start", "end", "precision"),
    [
        # A month and year with the year shortened or last (08/88 overflowed as the year 88).
        ("08/88", Calendar.GREGORIAN, dt.date(1988, 8, 1), dt.date(1988, 8, 31), MONTH),
        ("8/1988", Calendar.GREGORIAN, dt.date(1988, 8, 1), dt.date(1988, 8, 31), MONTH),
        ("1988/8", Calendar.GREGORIAN, dt.date(1988, 8, 1), dt.date(1988, 8, 31), MONTH),
        ("5/67", Calendar.JALALI, dt.date(1988, 7, 23), dt.date(1988, 8, 22), MONTH),
        ("67/5", Calendar.JALALI, dt.date(1988, 7, 23), dt.date(1988, 8, 22), MONTH),
        # Each of these read as a year around 1900-1931 before, from its last number.
        ("1367/05/10 ه.ش", Calendar.GREGORIAN, dt.date(1988, 8, 1), dt.date(1988, 8, 1), DAY),
        ("\u200f۱۳۶۷/۰۵/۱۰\u200f", Calendar.JALALI, dt.date(1988, 8, 1), dt.date(1988, 8, 1), DAY),
        ("1367 / 05 / 10", Calendar.JALALI, dt.date(1988, 8, 1), dt.date(1988, 8, 1), DAY),
        ("1988-08-04T00:00:00Z", Calendar.GREGORIAN, dt.date(1988, 8, 4), dt.date(1988, 8, 4), DAY),
        ("1988-08-04 (approx.)", Calendar.GREGORIAN, dt.date(1988, 8, 4), dt.date(1988, 8, 4), DAY),
        # A month's name says its calendar.
        ("Shahrivar 67", Calendar.GREGORIAN, dt.date(1988, 8, 23), dt.date(1988, 9, 22), MONTH),
        ("August 88", Calendar.JALALI, dt.date(1988, 8, 1), dt.date(1988, 8, 31), MONTH),
        # Ranges are the whole span.
        ("Aug 1988 - Sep 1988", Calendar.GREGORIAN, dt.date(1988, 8, 1), dt.date(1988, 9, 30), MONTH),
        ("July/August 1988", Calendar.GREGORIAN, dt.date(1988, 7, 1), dt.date(1988, 8, 31), MONTH),
        ("between 1367 and 1368", Calendar.JALALI, dt.date(1988, 3, 21), dt.date(1990, 3, 20), YEAR),
    ],
)
def test_dates_as_typed_shortened_with_eras_marks_times_and_ranges(text, calendar, start, end, precision):
    span = parse_date(text, calendar)
    assert span is not None and (span.start, span.end, span.precision) == (start, end, precision)


@pytest.mark.parametrize("text", ["10 Mordad", "1408 ه.ق"])
def test_a_day_without_its_year_or_a_lunar_hijri_date_is_not_understood(text):
    assert parse_date(text, Calendar.JALALI) is None


def test_a_two_digit_year_is_the_latest_so_written_not_after_this_year():
    # A 1988 list writes 88 for 1988; a list of last year's deaths writes last year's two digits.
    last_year = dt.date.today().year - 1
    assert parse_date("08/88").start == dt.date(1988, 8, 1)
    assert parse_date(f"05/{last_year % 100:02d}").start == dt.date(last_year, 5, 1)
    assert parse_date("Mordad 67", Calendar.JALALI).start == dt.date(1988, 7, 23)
