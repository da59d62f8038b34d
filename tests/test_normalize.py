import datetime as dt

import numpy as np
import pytest

from reconcile.config import load_settings
from reconcile.dates import day_number
from reconcile.errors import ConfigError
from reconcile.load import load
from reconcile.normalize import _number, normalize
from tests.conftest import settings_text

LIST = """
[[lists]]
id = "mixed"
role = "corroborating"
path = "mixed.csv"
calendar = "jalali"
[lists.columns]
record_id = "No"
name = "Name"
age = "Age"
place = "Place"
date = "Date"
"""

CSV = (
    "No,Name,Age,Place,Date\n"
    "1,Ali Rezaei,about 25,Evin,۱۳۶۷/۰۵/۱۰\n"
    "2,Reza Karimi,۲۴,Teheran,04.08.1988\n"
    "3,Hasan Ahmadi,24-26,prison d'Evin,August 1988\n"
    "4,Zahra Moradi,old,Gohardasht,31.02.1988\n"
    "5,Mehdi Kazemi,,رشت,soon\n"
)


def _normalized(project, lists: str, csv: str):
    """The normalized records of one list file (indexed by record id) and the values reported."""
    folder = project({"reconcile.toml": settings_text(lists), "mixed.csv": csv})
    settings = load_settings(folder / "reconcile.toml")
    result = normalize(load(settings).records, settings)
    return result.records.set_index("record_id"), result


def test_dates_in_both_calendars_ages_and_places_are_parsed_and_the_rest_reported(project):
    records, result = _normalized(project, LIST, CSV)
    assert records.loc["1", "date_start"] == day_number(dt.date(1988, 8, 1))
    assert records.loc["2", "date_start"] == day_number(dt.date(1988, 8, 4))
    assert records.loc["3", "date_precision"] == "month"
    assert records.loc[["1", "2", "3"], "age"].tolist() == [25.0, 24.0, 25.0]
    assert records.loc["1", "prison_key"] == records.loc["3", "prison_key"] == "evin"
    assert records.loc["2", "city_key"] == "tehran"
    assert records.loc["5", "city_key"] == "rasht"
    problems = {(row.row, row.column): row.problem for row in result.warnings.itertuples()}
    assert set(problems) == {(5, "Date"), (6, "Date"), (5, "Age")}
    assert all(row.file == "mixed.csv" and row.action == "kept" for row in result.warnings.itertuples())
    assert "date not understood" in problems[(5, "Date")]


SHORT_AND_IMPOSSIBLE = (
    "No,Name,Age,Place,Date\n"
    "1,Ali Rezaei,,,08/88\n"
    "2,Reza Karimi,,,5/1367\n"
    "3,Hasan Ahmadi,,,9999-12-31\n"
    "4,Zahra Moradi,,,0001-01-01\n"
    "5,Mehdi Kazemi,,,1/1/1\n"
)


def test_a_shortened_month_year_is_of_its_century_and_impossible_dates_are_reported(project):
    """08/88 is August 1988, not the year 88 (which overflowed the date type and ended the run)."""
    gregorian = LIST.replace('calendar = "jalali"', 'calendar = "gregorian"')
    records, result = _normalized(project, gregorian, SHORT_AND_IMPOSSIBLE)
    assert records.loc["1", "date_start"] == day_number(dt.date(1988, 8, 1))
    assert records.loc["1", "date_end"] == day_number(dt.date(1988, 8, 31))
    assert records.loc["2", "date_start"] == day_number(dt.date(1988, 7, 23))  # 1367 can only be Jalali
    assert records.loc[["3", "4", "5"], "date_start"].isna().all()
    problems = {row.row: row.problem for row in result.warnings.itertuples()}
    assert set(problems) == {4, 5, 6}
    assert all("date not possible" in problems[row] for row in (4, 5))
    assert "date not understood" in problems[6]  # a one-digit year is no year


BIRTHS = """
[[lists]]
id = "{id}"
role = "corroborating"
path = "{id}.csv"
calendar = "{calendar}"
[lists.columns]
record_id = "No"
name = "Name"
birth_year = "Born"
"""


def test_two_digit_birth_years_are_of_the_lists_calendar_and_impossible_ones_reported(project):
    settings_file = settings_text(
        BIRTHS.format(id="memorial", calendar="jalali") + BIRTHS.format(id="ngo", calendar="gregorian")
    )
    folder = project(
        {
            "reconcile.toml": settings_file,
            "memorial.csv": "No,Name,Born\n1,علی رضایی,۳۳\n2,رضا کریمی,1340\n",
            "ngo.csv": "No,Name,Born\n1,Ali Rezaei,54\n2,Reza Karimi,1066\n",
        }
    )
    settings = load_settings(folder / "reconcile.toml")
    result = normalize(load(settings).records, settings)
    births = result.records.set_index(["list_id", "record_id"])["birth_year_estimate"]
    assert births[("memorial", "1")] == 1333 + 621
    assert births[("memorial", "2")] == 1340 + 621
    assert births[("ngo", "1")] == 1954
    assert births.isna()[("ngo", "2")]  # not a prisoner's birth year: left out, and said so
    reported = {(row.list_id, row.row, row.column) for row in result.warnings.itertuples()}
    assert reported == {("ngo", 3, "Born")}


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("24.5", 24.5),
        ("-5", None),
        ("1e308", None),
        ("24-26", 25.0),
        ("1,000", 1000.0),  # then over the oldest age, flagged, not read as 1
        ("24,5", 24.5),
        ("٢٤٫٥", 24.5),
        ("5 or 50", None),
        ("12/30", None),
        ("۱۳۴۰/۵/۱۲", 1340.0),
    ],
)
def test_ages_are_read_as_written_or_not_at_all(text, number):
    assert _number(text) == number


AGES = """
[[lists]]
id = "{id}"
role = "corroborating"
path = "{id}.csv"
{extra}
[lists.columns]
record_id = "No"
name = "Name"
age = "Age"
date = "Date"
"""


def _birth_years(project, lists: dict[str, tuple[str, str]]) -> dict[tuple[str, str], float]:
    """Birth-year estimates of lists given as {id: (extra settings lines, CSV rows)}."""
    settings_file = settings_text("".join(AGES.format(id=i, extra=extra) for i, (extra, _) in lists.items()))
    files = {f"{i}.csv": "No,Name,Age,Date\n" + rows for i, (_, rows) in lists.items()}
    folder = project({"reconcile.toml": settings_file, **files})
    settings = load_settings(folder / "reconcile.toml")
    records = normalize(load(settings).records, settings).records
    keys = zip(records["list_id"], records["record_id"], strict=True)
    return dict(zip(keys, records["birth_year_estimate"], strict=True))


def test_an_age_refers_to_its_records_date_else_to_its_lists_dates(project):
    """Two cards of a 2026 memorial saying "23" agree whether or not the card carries a date."""
    births = _birth_years(
        project,
        {"memorial": ("", "1,Ali Rezaei,23,2026-01-09\n2,Reza Karimi,23,\n3,Hasan Ahmadi,30,2026-02-01\n")},
    )
    assert births[("memorial", "1")] == births[("memorial", "2")] == 2003
    assert births[("memorial", "3")] == 1996


def test_a_lists_reference_year_anchors_its_undated_ages_and_without_one_they_stay_ages(project):
    births = _birth_years(
        project,
        {
            "annex": ("reference_year = 1988", "1,Ali Rezaei,23,\n2,Reza Karimi,30,1981\n"),
            "undated": ("", "1,Ali Rezaei,23,\n"),
        },
    )
    assert births[("annex", "1")] == 1965
    assert births[("annex", "2")] == 1951  # the record's own date comes first
    assert np.isnan(births[("undated", "1")])  # no year to refer to: compared as an age


def test_a_lists_reference_year_must_be_a_year(project):
    lists = AGES.format(id="annex", extra='reference_year = "1988"')
    folder = project({"reconcile.toml": settings_text(lists), "annex.csv": "No,Name,Age,Date\n1,Ali,1,\n"})
    with pytest.raises(ConfigError, match="lists.annex.reference_year"):
        load_settings(folder / "reconcile.toml")
