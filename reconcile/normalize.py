"""Stage 2: canonical records -> comparable fields (name parts and keys, ages, places, affiliations,
dates, claims).

Raw columns stay untouched beside the parsed ones. A value that cannot be understood is kept
as text, left out of comparison, and reported in the data-quality table.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from reconcile import names
from reconcile.affiliations import resolve_affiliation
from reconcile.claims import classify_comments
from reconcile.config import Settings
from reconcile.dates import day_number, is_possible, parse_date
from reconcile.load import QUARANTINE_COLUMNS
from reconcile.names.parts import MIN_GIVEN_REST_LETTERS, MIN_REST_LETTERS, key_without_glued_title
from reconcile.places import PRISON, city_containing, city_of_qualifier, resolve_place
from reconcile.schema import (
    AFFILIATION_KEY,
    CITY_AREA_KEY,
    CITY_KEY,
    DATE_END,
    DATE_PRECISION,
    DATE_START,
    FAMILY_CORE_KEY,
    FAMILY_KEY,
    FATHER_KEY,
    FULL_KEY,
    GIVEN_CORE_KEY,
    GIVEN_KEY,
    LIST_ID,
    NAME_AS_WRITTEN,
    PRISON_KEY,
    RECORD_ID,
    SOURCE_ROW,
    WHOLE_NAME,
    Calendar,
    Role,
    raw,
)

DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
NUMBER = re.compile(r"\d{1,4}(?:\.\d+)?")
THOUSANDS = re.compile(r"(?<=\d)[,٬](?=\d{3}(?!\d))")  # 1,000 and 1٬000
DECIMAL_COMMA = re.compile(r"(?<=\d)[,٫](?=\d)")  # 24,5 and ۲۴٫۵
YEAR_FIRST_DATE = re.compile(r"\d{4}[/.\-]\d{1,2}[/.\-]\d{1,2}")  # a birth date where the year goes
EXPONENT = re.compile(r"\d[eE][+-]?\d")
JALALI_YEAR_OFFSET = (
    621  # Jalali year + 621 (or 622) = Gregorian year; the one-year doubt is in the tolerance
)
CENTURY = 100  # a birth year written with two digits is of the latest century not after the reference
MAX_AGE_YEARS = 120  # an older age, or a birth year further back, is a misreading


@dataclass(frozen=True)
class Normalized:
    records: pd.DataFrame
    warnings: pd.DataFrame  # values kept as text but not understood, same columns as quarantine


def normalize(records: pd.DataFrame, settings: Settings) -> Normalized:
    """Add parsed columns to the canonical record table."""
    out = records.copy()
    warnings: list[dict[str, object]] = []
    _add_names(out)
    _add_places(out)
    out[AFFILIATION_KEY] = unique_map(out[raw("affiliation")], resolve_affiliation)
    _add_dates(out, settings, warnings)
    _add_ages(out, settings, warnings)
    _add_claims(out, settings)
    return Normalized(out, pd.DataFrame(warnings, columns=QUARANTINE_COLUMNS))


def unique_map(values: pd.Series, function: Callable[[Any], object]) -> pd.Series:
    """Apply a pure function once per distinct value: lists repeat names and places a lot."""
    unique = values.unique()
    lookup = dict(zip(unique, map(function, unique), strict=True))
    return values.map(lookup)


def normalize_names(records: pd.DataFrame) -> pd.DataFrame:
    """The records with their name columns parsed again from the raw ones (for other names)."""
    out = records.copy()
    _add_names(out)
    return out


def _add_names(out: pd.DataFrame) -> None:
    # Names are matched as they show: invisible characters are dropped (the raw columns keep them).
    full, given, family, father = (
        unique_map(out[raw(f)], names.without_invisible)
        for f in ("name", "given_name", "family_name", "father_name")
    )
    written = pd.Series(list(zip(full, given, family, strict=True)), index=out.index)
    parsed = unique_map(written, _parse)
    out["given"] = parsed.map(lambda p: p.given)
    out["family"] = parsed.map(lambda p: p.family)
    out["titles"] = parsed.map(lambda p: " ".join(p.titles))
    out["is_placeholder"] = parsed.map(lambda p: p.is_placeholder)
    out["father"] = father.where(father != "", parsed.map(lambda p: p.father_name))
    out[WHOLE_NAME] = full.where(full != "", (given + " " + family).str.strip())
    written_apart = (out[raw("given_name")] + " " + out[raw("family_name")]).str.strip()
    out[NAME_AS_WRITTEN] = out[raw("name")].where(out[raw("name")] != "", written_apart)
    for part, key in (("given", GIVEN_KEY), ("family", FAMILY_KEY), ("father", FATHER_KEY)):
        out[key] = unique_map(out[part], names.name_key)
    for part, key, min_rest in (
        ("given", GIVEN_CORE_KEY, MIN_GIVEN_REST_LETTERS),
        ("family", FAMILY_CORE_KEY, MIN_REST_LETTERS),
    ):
        out[key] = unique_map(out[part], partial(key_without_glued_title, min_rest=min_rest))
    placeholder = out["is_placeholder"]
    for part in (GIVEN_KEY, FAMILY_KEY, GIVEN_CORE_KEY, FAMILY_CORE_KEY):
        out.loc[placeholder, part] = ""
    out[FULL_KEY] = (out[GIVEN_KEY] + " " + out[FAMILY_KEY]).str.strip()


def _parse(written: tuple[str, str, str]) -> names.ParsedName:
    full, given, family = written
    return names.parse_name(full) if full else names.parse_names(given, family)


def _add_places(out: pd.DataFrame) -> None:
    city = unique_map(out[raw("city")], resolve_place)
    prison = unique_map(out[raw("prison")], resolve_place)
    place = unique_map(out[raw("place")], resolve_place)
    out[CITY_KEY] = city.map(lambda kp: kp[1])
    out[PRISON_KEY] = prison.map(lambda kp: kp[1])
    place_kind = place.map(lambda kp: kp[0])
    place_key = place.map(lambda kp: kp[1])
    # A bare "Place" is a prison when the gazetteer says so, otherwise taken as a city.
    fill_prison = (out[PRISON_KEY] == "") & (place_kind == PRISON)
    fill_city = (out[CITY_KEY] == "") & (place_kind != PRISON) & (place_key != "")
    out.loc[fill_prison, PRISON_KEY] = place_key[fill_prison]
    out.loc[fill_city, CITY_KEY] = place_key[fill_city]
    # "Dizelabad Prison, Bakhtaran": the prison's qualifier is the city.
    for column in (raw("prison"), raw("place")):
        qualifier = unique_map(out[column], city_of_qualifier)
        fill = (out[CITY_KEY] == "") & (qualifier != "")
        out.loc[fill, CITY_KEY] = qualifier[fill]
    # The city a record's city lies in: Narmak's is Tehran, Tehran's Tehran. A prison alone says no
    # city: two records naming it already agree on the prison, and its city would count them twice.
    city_area = unique_map(out[CITY_KEY], city_containing)
    out[CITY_AREA_KEY] = city_area.where(city_area != "", out[CITY_KEY])


def _add_dates(out: pd.DataFrame, settings: Settings, warnings: list[dict[str, object]]) -> None:
    calendars = out[LIST_ID].map({spec.id: spec.calendar for spec in settings.lists})
    keyed = pd.Series(list(zip(out[raw("date")], calendars, strict=True)), index=out.index)
    parsed = unique_map(keyed, lambda date_and_calendar: parse_date(*date_and_calendar))
    today = dt.date.today()
    possible = parsed.map(
        lambda s: s is not None and is_possible(s, settings.comparison.earliest_year, today)
    ).astype(bool)
    spans = pd.Series([s if ok else None for s, ok in zip(parsed, possible, strict=True)], index=out.index)
    out[DATE_START] = spans.map(lambda s: day_number(s.start) if s else np.nan).astype(float)
    out[DATE_END] = spans.map(lambda s: day_number(s.end) if s else np.nan).astype(float)
    out["date_year"] = spans.map(lambda s: s.start.year if s else np.nan).astype(float)
    out[DATE_PRECISION] = spans.map(lambda s: s.precision.value if s else "")
    written = out[raw("date")] != ""
    _warn(
        out,
        written & parsed.isna(),
        settings,
        "date",
        "date not understood; kept as text, not compared",
        warnings,
    )
    _warn(
        out,
        written & parsed.notna() & ~possible,
        settings,
        "date",
        f"date not possible (before {settings.comparison.earliest_year} or after today); "
        "kept as text, not compared",
        warnings,
    )


def _add_ages(out: pd.DataFrame, settings: Settings, warnings: list[dict[str, object]]) -> None:
    ages = unique_map(out[raw("age")], _number)
    births = unique_map(out[raw("birth_year")], _number)
    reference_year = age_reference_years(out, settings)
    # A birth year is checked against the year its record refers to, or this year without one.
    latest_birth = reference_year.fillna(dt.date.today().year)
    jalali = out[LIST_ID].map({spec.id: spec.calendar is Calendar.JALALI for spec in settings.lists})
    birth = births.astype(float)
    # A year written with two digits is of the list's calendar and of the latest century that does
    # not put it after the reference year: ۳۳ on a Jalali list of 1988 is 1333, 05 in 2026 is 2005.
    latest_in_calendar = latest_birth - np.where(jalali, JALALI_YEAR_OFFSET, 0)
    birth = birth.where(~(birth < CENTURY), latest_in_calendar - (latest_in_calendar - birth) % CENTURY)
    birth = birth.where(~(birth < 1500), birth + JALALI_YEAR_OFFSET)
    unlikely = ~birth.between(latest_birth - MAX_AGE_YEARS, latest_birth) & birth.notna()
    birth = birth.where(~unlikely)
    out["age"] = ages.astype(float)
    bad_age = (out[raw("age")] != "") & (ages.isna() | ~ages.astype(float).between(1, MAX_AGE_YEARS))
    bad_birth = (out[raw("birth_year")] != "") & (births.isna() | unlikely)
    out.loc[bad_age, "age"] = np.nan
    # An age without a year to refer to stays an age: compare.py compares it with other ages.
    out["birth_year_estimate"] = birth.fillna(reference_year - out["age"])
    _warn(out, bad_age, settings, "age", "age not understood; kept as text, not compared", warnings)
    _warn(
        out,
        bad_birth,
        settings,
        "birth_year",
        "birth year not understood or not possible; kept as text",
        warnings,
    )


def age_reference_years(out: pd.DataFrame, settings: Settings) -> pd.Series:
    """The year each record's age refers to, NaN where nothing says.

    An age is the person's age at the event its record reports: the record's own date says the
    year. Without one, the list's `reference_year` setting (a statement about the list beats an
    inference), else the median year of the list's dated records (lists are compiled about one
    event or period); a list with neither leaves its undated ages unanchored, compared with other
    ages directly rather than through an invented year.
    """
    declared = pd.Series({spec.id: spec.reference_year for spec in settings.lists}, dtype=float)
    dated = out.groupby(LIST_ID)["date_year"].quantile(0.5, interpolation="lower")
    by_list = declared.fillna(dated.reindex(declared.index))
    return out["date_year"].fillna(out[LIST_ID].map(by_list))


def _number(text: str) -> float | None:
    """The number in texts such as '25', 'about 25', 'c. 25', '۲۵', '24.5', '24,5', '1,000',
    '24-26' (the midpoint); None for what no list means as an age or a year: a negative number, one
    in exponent form as a spreadsheet shows a huge value (1e308), or several that are no range
    ('5 or 50', '12/30'), where taking one would be a guess; a date with its year first
    ('1340/05/12') gives the year."""
    cleaned = unicodedata.normalize("NFC", text).translate(DIGITS).strip()
    if cleaned.startswith(("-", "−")) or EXPONENT.search(cleaned):
        return None
    cleaned = DECIMAL_COMMA.sub(".", THOUSANDS.sub("", cleaned))
    found = [float(n) for n in NUMBER.findall(cleaned)]
    if len(found) == 2 and "-" in cleaned:
        return sum(found) / 2
    return found[0] if len(found) == 1 or YEAR_FIRST_DATE.fullmatch(cleaned) else None


def _add_claims(out: pd.DataFrame, settings: Settings) -> None:
    roles = out[LIST_ID].map({spec.id: spec.role for spec in settings.lists})
    fixed = out[LIST_ID].map({spec.id: spec.claim or "" for spec in settings.lists})
    out["claim"] = classify_comments(out[raw("reply_comment")], settings.claims)
    out["claim"] = fixed.where(fixed != "", out["claim"]).where(roles == Role.REPLY, "")


def _warn(
    out: pd.DataFrame,
    mask: pd.Series,
    settings: Settings,
    field_name: str,
    problem: str,
    warnings: list[dict[str, object]],
) -> None:
    for row in out.loc[mask].itertuples():
        spec = settings.list_spec(getattr(row, LIST_ID))
        warnings.append(
            {
                LIST_ID: spec.id,
                "file": spec.path.name,
                "sheet": spec.sheet or "",
                "row": getattr(row, SOURCE_ROW),
                "column": spec.columns.get(field_name, field_name),
                "value": out.at[row.Index, raw(field_name)],
                "problem": f"{problem} (record {getattr(row, RECORD_ID)})",
                "action": "kept",
            }
        )
