"""Whole configurations for property tests: any set of lists, roles, layouts, fields and formats.

Hypothesis draws a project (one to six lists, each an allegation, reply or corroborating list,
with one name column or given/family columns, any subset of the optional fields, CSV or XLSX)
and its rows (names from several scripts and spelling habits, dates from the formats lists
really use, impossible ones among them, blanks). `write_project` puts it on disk and returns
how many data rows each file holds, so a test can check that every row was either read as a
record or set aside. All names are synthetic.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import openpyxl
from hypothesis import strategies as st

from reconcile.schema import FIELDS, NAME_FIELDS, RECORD_ID

GIVEN = ["Hossein", "Hosein", "Hussein", "Mohammad", "Mohammed", "Gholamreza", "Qolamreza", "Ali", "Reza"]
FAMILY = ["Ahmadi", "Pour Mohammadi", "Pourmohammadi", "Rezazadeh", "Rezazade", "Khosravi", "Xosravi"]
PERSIAN = ["حسین احمدی", "محمد رضایی", "غلامرضا خسروی", "علی پورمحمدی", "سید رضا زاده"]
ODD_NAMES = [
    "",
    "?",
    "???",
    "---",
    "AHMADI",
    "Seyed Ali",
    "Name withheld",
    "Ahmadi, Ali",
    "\u200f\u200e",
    "\u202eidamhA ilA",
    "Ali\u200bAhmadi",
    "=HYPERLINK(1)",
    "Ali Ahmadi\n(son of Reza)",
]
DATES = [
    "",
    "08/88",
    "8/1988",
    "13/1988",
    "1988-08",
    "August 1988",
    "Aug. 88",
    "mid-August 1988",
    "summer 1988",
    "04.08.1988",
    "1988-08-04",
    "4/8/88",
    "31/02/1988",
    "32.13.1988",
    "1367/05/10",
    "67/5/10",
    "۱۳۶۷/۰۵/۱۰",
    "10 Mordad 1367",
    "مرداد ۱۳۶۷",
    "تابستان ۱۳۶۷",
    "1367",
    "1988",
    "88",
    "0000-00-00",
    "1/1/1",
    "9999",
    "0001-01-01",
    "9999-12-31",
    "1/1/10000",
    "unknown",
    "1988-08-04 00:00:00",
]
AGES = ["", "25", "about 30", "۲۵", "24-26", "0", "999", "-3", "n/a"]
BIRTH_YEARS = ["", "1960", "1340", "۱۳۴۰", "60", "0", "3000", "?"]
PLACES = ["", "Tehran", "Evin", "Evin Prison, Tehran", "تهران", "Gohardasht", "Nowhere-in-particular"]
COMMENTS = ["", "alive", "The name cannot be recognized", "released in 1986", "martyred", "????"]
OPTIONAL_FIELDS = tuple(f for f in FIELDS if f not in (RECORD_ID, *NAME_FIELDS))
ROLES = ("allegation", "reply", "corroborating")
FIELD_VALUES = {
    "father_name": st.sampled_from(["", "Ali", "Reza", "علی", "?"]),
    "sex": st.sampled_from(["", "m", "F", "زن", "x"]),
    "age": st.sampled_from(AGES),
    "birth_year": st.sampled_from(BIRTH_YEARS),
    "city": st.sampled_from(PLACES),
    "prison": st.sampled_from(PLACES),
    "place": st.sampled_from(PLACES),
    "date": st.sampled_from(DATES),
    "affiliation": st.sampled_from(["", "PMOI", "Tudeh", "مجاهدین خلق", "none"]),
    "reply_comment": st.sampled_from(COMMENTS),
}


@dataclass(frozen=True)
class ListDraw:
    role: str
    claim: str  # a reply list without a comment column: what every row claims
    split_name: bool  # given and family name in their own columns
    fields: tuple[str, ...]
    file_format: str  # csv | xlsx
    calendar: str
    rows: tuple[dict[str, str], ...]
    blank_fields: tuple[str, ...]  # mapped, but every cell empty


latin = st.builds(lambda g, f: f"{g} {f}", st.sampled_from(GIVEN), st.sampled_from(FAMILY))
surname_first = st.builds(lambda f, g: f"{f.upper()} {g}", st.sampled_from(FAMILY), st.sampled_from(GIVEN))
# Ordinary names most of the time, so that most drawn projects run through every stage.
names = st.one_of(latin, surname_first, st.sampled_from(PERSIAN), latin, st.sampled_from(ODD_NAMES))
record_ids = st.sampled_from(["{n}", "R{n}", "{n}", "R{n}", "", "1"])


@st.composite
def list_draws(draw: st.DrawFn) -> ListDraw:
    role = draw(st.sampled_from(ROLES))
    fields = tuple(f for f in OPTIONAL_FIELDS if draw(st.booleans()))
    claim = ""
    if role == "reply" and "reply_comment" not in fields:  # a reply list says what it claims somehow
        claim = draw(st.sampled_from(["not_recognized", "alive"]))
    row_count = draw(st.integers(min_value=0, max_value=12) | st.integers(min_value=1, max_value=4))
    rows = []
    for number in range(row_count):
        name = draw(names)
        row = {"record_id": draw(record_ids).format(n=number + 1)}
        row["name"] = name
        given, _, family = name.partition(" ")
        row["given_name"], row["family_name"] = given, family
        for field_name in fields:
            row[field_name] = draw(FIELD_VALUES[field_name])
        rows.append(row)
    return ListDraw(
        role=role,
        claim=claim,
        split_name=draw(st.booleans()),
        fields=fields,
        file_format=draw(st.sampled_from(["csv", "xlsx"])),
        calendar=draw(st.sampled_from(["gregorian", "jalali"])),
        rows=tuple(rows),
        blank_fields=tuple(f for f in fields if draw(st.integers(0, 5)) == 0),
    )


projects = st.lists(list_draws(), min_size=1, max_size=6)


def write_project(folder: Path, lists: list[ListDraw]) -> dict[str, int]:
    """Write the settings file and every list; returns each list's number of data rows (up to the
    last row with any text)."""
    folder.mkdir(parents=True, exist_ok=True)
    settings = ['[project]\ntitle = "generated configuration (synthetic)"\n']
    rows_written = {}
    for number, drawn in enumerate(lists):
        list_id = f"list_{number}"
        name_fields = ("given_name", "family_name") if drawn.split_name else ("name",)
        mapped = ("record_id", *name_fields, *drawn.fields)
        headers = {f: f"{f.replace('_', ' ').title()} {number}" for f in mapped}
        table = [[headers[f] for f in mapped]]
        table += [["" if f in drawn.blank_fields else row[f] for f in mapped] for row in drawn.rows]
        path = folder / f"{list_id}.{drawn.file_format}"
        if drawn.file_format == "csv":
            with path.open("w", encoding="utf-8", newline="") as handle:
                csv.writer(handle).writerows(table)
        else:
            book = openpyxl.Workbook()
            for line in table:
                book.active.append(line)
            book.save(path)
        # Empty rows below the last filled one are formatting, not rows of the list.
        filled = [number for number, line in enumerate(table) if any(cell.strip() for cell in line)]
        rows_written[list_id] = max(filled, default=0)
        settings.append(
            f'[[lists]]\nid = "{list_id}"\nrole = "{drawn.role}"\npath = "{path.name}"\n'
            f'calendar = "{drawn.calendar}"\n'
            + (f'claim = "{drawn.claim}"\n' if drawn.claim else "")
            + "[lists.columns]\n"
            + "".join(f'{f} = "{headers[f]}"\n' for f in mapped)
        )
    (folder / "reconcile.toml").write_text("\n".join(settings), encoding="utf-8")
    return rows_written
