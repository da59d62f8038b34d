"""The seven synthetic lists, declared as data: file, role, columns, habits, field presence.

Column layouts differ on purpose (header names, order, language, extra unmapped columns),
as they do between a UN annex, a government reply and a memorial spreadsheet.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from reconcile.demo.spelling import Variants
from reconcile.schema import FIELDS

# Keys a column can carry; those in MAPPED go into [lists.columns], the rest are extras.
MAPPED = frozenset(FIELDS)


@dataclass(frozen=True)
class ListSpec:
    id: str
    title: str
    role: str  # allegation | reply | corroborating
    suffix: str  # .csv or .xlsx
    columns: tuple[tuple[str, str], ...]  # (header, key) in file order
    habits: Variants  # romanization habits and weights; () for a Persian-script list
    id_format: str  # record id from the row number n
    order: str  # row order: name | place | date | shuffle | fa_name | annex
    calendar: str = "gregorian"
    source: str = ""  # lists of one origin (the Special Representative's reports) count as one source
    date_style: str = "english"
    sheet: str | None = None
    claim: str | None = None
    presence: Mapping[str, float] = field(default_factory=dict)  # field -> share of rows that have it
    extras: Mapping[str, Variants] = field(default_factory=dict)  # values of unmapped columns

    @property
    def path(self) -> str:
        return f"demo/{self.id}.synthetic{self.suffix}"

    @property
    def persian(self) -> bool:
        return not self.habits

    def has(self, key: str) -> bool:
        return any(column_key == key for _, column_key in self.columns)


SPECS: tuple[ListSpec, ...] = (
    ListSpec(
        id="un_annex_1989",
        source="un_special_representative",
        title="UN Special Representative, annex of January 1989 (synthetic)",
        role="allegation",
        suffix=".csv",
        columns=(
            ("No", "record_id"),
            ("Name", "name"),
            ("Place", "place"),
            ("Date", "date"),
            ("Remarks", "remarks"),
        ),
        habits=(("french", 0.6), ("english", 0.3), ("german", 0.1)),
        id_format="{n}",
        order="name",
        date_style="un_annex",
        presence={"given_name": 0.97, "place": 0.7, "date": 0.75},
        extras={
            "remarks": (("", 0.9), ("Mojahedin", 0.04), ("sympathizer", 0.03), ("former prisoner", 0.03))
        },
    ),
    ListSpec(
        id="un_sr_1989_interim",
        source="un_special_representative",
        title="UN Special Representative, interim report of November 1989 (synthetic)",
        role="allegation",
        suffix=".csv",
        columns=(
            ("Ref.", "record_id"),
            ("Surname", "family_name"),
            ("First name", "given_name"),
            ("Father's name", "father_name"),
            ("City", "city"),
            ("Prison", "prison"),
            ("Date (solar)", "date"),
            ("Source", "source"),
        ),
        habits=(("english", 0.6), ("french", 0.2), ("arabic", 0.1), ("german", 0.1)),
        id_format="A/44/620/{n:04d}",
        order="place",
        calendar="jalali",
        date_style="jalali_latin",
        presence={"given_name": 0.97, "father_name": 0.5, "city": 0.8, "prison": 0.45, "date": 0.7},
        extras={"source": (("letter from relatives", 0.4), ("opposition list", 0.4), ("press report", 0.2))},
    ),
    ListSpec(
        id="un_sr_1990_report",
        source="un_special_representative",
        title="UN Special Representative, report of January 1990 (synthetic)",
        role="allegation",
        suffix=".csv",
        columns=(
            ("Case", "record_id"),
            ("Full name", "name"),
            ("Age", "age"),
            ("Place of execution", "place"),
            ("Date", "date"),
            ("Affiliation", "affiliation"),
        ),
        habits=(("english", 0.5), ("bgn", 0.2), ("arabic", 0.15), ("french", 0.15)),
        id_format="90-{n:04d}",
        order="shuffle",
        presence={"given_name": 0.97, "age": 0.5, "place": 0.75, "date": 0.6, "affiliation": 0.55},
    ),
    ListSpec(
        id="gov_reply_1990",
        source="government_of_iran",
        title="Government reply of October 1990 on 3,620 names (synthetic)",
        role="reply",
        suffix=".csv",
        columns=(
            ("No.", "record_id"),
            ("Family name", "family_name"),
            ("First name", "given_name"),
            ("Father's name", "father_name"),
            ("Comments", "reply_comment"),
        ),
        habits=(("government", 0.85), ("arabic", 0.15)),
        id_format="{n}",
        order="name",
        presence={"given_name": 0.96, "father_name": 0.35},
    ),
    ListSpec(
        id="gov_forged_1989",
        source="government_of_iran",
        title="Government letter of June 1989: 140 'forged' names (synthetic)",
        role="reply",
        suffix=".csv",
        columns=(("No", "record_id"), ("Name", "name"), ("Father", "father_name")),
        habits=(("government", 1.0),),
        id_format="{n}",
        order="annex",
        claim="forged",
        presence={"given_name": 0.97, "father_name": 0.4},
    ),
    ListSpec(
        id="amnesty_1988",
        title="Amnesty International list of December 1988 (synthetic)",
        role="corroborating",
        suffix=".csv",
        columns=(
            ("Ref", "record_id"),
            ("Name", "name"),
            ("Sex", "sex"),
            ("Age", "age"),
            ("City", "city"),
            ("Prison", "prison"),
            ("Date of execution", "date"),
            ("Affiliation", "affiliation"),
            ("Notes", "remarks"),
        ),
        habits=(("english", 0.7), ("bgn", 0.3)),
        id_format="AI-{n:03d}",
        order="date",
        presence={
            "given_name": 0.98,
            "sex": 0.95,
            "age": 0.6,
            "city": 0.9,
            "prison": 0.5,
            "date": 0.85,
            "affiliation": 0.6,
        },
        extras={
            "remarks": (
                ("", 0.8),
                ("buried in unmarked grave", 0.08),
                ("family informed", 0.07),
                ("belongings returned to family", 0.05),
            )
        },
    ),
    ListSpec(
        id="memorial_fa",
        title="Memorial list in Persian (synthetic)",
        role="corroborating",
        suffix=".xlsx",
        sheet="قربانیان",
        columns=(
            ("ردیف", "record_id"),
            ("نام خانوادگی", "family_name"),
            ("نام", "given_name"),
            ("نام پدر", "father_name"),
            ("سن", "age"),
            ("شهر", "city"),
            ("زندان", "prison"),
            ("تاریخ اعدام", "date"),
            ("وابستگی", "affiliation"),
            ("منبع", "source"),
        ),
        habits=(),
        id_format="{n}",
        order="fa_name",
        calendar="jalali",
        date_style="jalali_persian",
        presence={
            "given_name": 0.985,
            "father_name": 0.75,
            "age": 0.7,
            "city": 0.92,
            "prison": 0.6,
            "date": 0.85,
            "affiliation": 0.8,
        },
        extras={"source": (("خانواده", 0.45), ("هم‌بند", 0.25), ("فهرست سازمان", 0.2), ("گزارش رسانه", 0.1))},
    ),
)

BY_ID: Mapping[str, ListSpec] = MappingProxyType({spec.id: spec for spec in SPECS})
