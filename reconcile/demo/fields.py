"""How each list writes the non-name fields: dates, places, ages, affiliations.

Date styles mirror the sources: the UN annex's "August 1988" and "04.08.1988", Jalali dates
copied from Persian sources, a memorial's Persian digits. Jalali conversion is jdatetime's.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from datetime import date, timedelta

import jdatetime

from reconcile.demo import pools
from reconcile.demo.persian import persian_digits
from reconcile.demo.spelling import Variants, pick

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# Share of records whose reported date is off by a few days (reporting error), per noise level.
DATE_SHIFT_DAYS = 10
AGE_OFF_BY_ONE = 0.15
USUAL_SPELLING = 0.7  # share of the first (usual) spelling of a place among its variants


def _part_of_month(day: date) -> str:
    return "early" if day.day <= 10 else ("mid" if day.day <= 20 else "late")


def _jalali(day: date) -> jdatetime.date:
    return jdatetime.date.fromgregorian(date=day)


DATE_FORMATS: Mapping[str, Callable[[date], str]] = {
    "month": lambda d: f"{MONTHS[d.month - 1]} {d.year}",
    "dmy_dot": lambda d: f"{d.day:02d}.{d.month:02d}.{d.year}",
    "part_month": lambda d: f"{_part_of_month(d)} {MONTHS[d.month - 1]} {d.year}",
    "day_month": lambda d: f"{d.day} {MONTHS[d.month - 1]} {d.year}",
    "year": lambda d: str(d.year),
    "jalali": lambda d: f"{_jalali(d).year}/{_jalali(d).month:02d}/{_jalali(d).day:02d}",
    "jalali_short": lambda d: f"{_jalali(d).year}/{_jalali(d).month}/{_jalali(d).day}",
    "jalali_month": lambda d: f"{_jalali(d).year}/{_jalali(d).month:02d}",
    "jalali_fa": lambda d: persian_digits(f"{_jalali(d).year}/{_jalali(d).month:02d}/{_jalali(d).day:02d}"),
    "jalali_month_fa": lambda d: persian_digits(f"{_jalali(d).year}/{_jalali(d).month:02d}"),
    "jalali_year_fa": lambda d: persian_digits(str(_jalali(d).year)),
}

# Which formats each list's date column mixes; a blank date is a missing field, not a format.
DATE_STYLES: Mapping[str, Variants] = {
    "un_annex": (("month", 0.45), ("dmy_dot", 0.4), ("part_month", 0.15)),
    "jalali_latin": (("jalali", 0.7), ("jalali_short", 0.15), ("jalali_month", 0.15)),
    "english": (("day_month", 0.5), ("month", 0.35), ("part_month", 0.1), ("year", 0.05)),
    "jalali_persian": (
        ("jalali_fa", 0.65),
        ("jalali_month_fa", 0.2),
        ("jalali_year_fa", 0.07),
        ("jalali_short", 0.08),
    ),
}


def render_date(day: date, style: str, rng: random.Random, shift_rate: float) -> str:
    """The date as the list writes it, sometimes a few days off the truth."""
    shift = rng.randint(-DATE_SHIFT_DAYS, DATE_SHIFT_DAYS) if rng.random() < shift_rate else 0
    return DATE_FORMATS[pick(rng, DATE_STYLES[style])](day + timedelta(days=shift))


def render_place(key: str, column: str, rng: random.Random) -> str:
    """A city or prison in the spelling column of the list's habit (fa, en, fr, de, gov)."""
    variants = pools.place(key).spellings[column]
    if len(variants) == 1 or rng.random() < USUAL_SPELLING:
        return variants[0]
    return variants[1 + rng.randrange(len(variants) - 1)]


def render_age(age: int, rng: random.Random) -> str:
    if rng.random() < AGE_OFF_BY_ONE:
        age += rng.choice((-1, 1))
    return str(age)


def render_affiliation(key: str, language: str, rng: random.Random) -> str:
    item = next(item for item in pools.affiliations() if item.key == key)
    variants = item.fa if language == "fa" else item.en
    return variants[rng.randrange(len(variants))]


def render_sex(sex: str) -> str:
    return {"m": "M", "f": "F"}[sex]
