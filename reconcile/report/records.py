"""The records as the sheets show them: one row per record with its person, role and source, the
name as written, each field beyond the name in a column of its own and all of them in one cell.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from reconcile.arrays import per_distinct
from reconcile.cells import kept_in_order, labelled_cell
from reconcile.config import ListSpec
from reconcile.pipeline import RunResult
from reconcile.schema import (
    EXTRA,
    LIST_ID,
    NAME_AS_WRITTEN,
    OTHER_NAMES,
    OTHER_NAMES_SEPARATOR,
    PERSON_ID,
    RECORD_ID,
    RECORD_KEY,
    Role,
    raw,
)

SHOWN_FIELDS = ("father_name", "sex", "age", "birth_year", "city", "prison", "place", "date", "affiliation")
ALSO_NAMED = "also_named"  # the column of a record's other names (`other_names` in the settings)
NO_COMMENT = "no_comment"
ROLE, SOURCE, NAME, DETAILS, CLAIM, COMMENT = "role", "source", "name", "details", "claim", "reply_comment"
SOURCES = "independent_sources"
SOURCES_MEANING = (
    "the number of distinct sources among the allegation and corroborating lists that name the person; "
    "lists of one origin (`source` in the settings, such as several UN reports) count once, reply lists "
    "never. The same number on every sheet that has the column."
)


@dataclass(frozen=True)
class Fields:
    """The fields beyond the name that the sheets show one per column (filterable), by list role.

    Taken from the settings, not the data: a sheet has a column for every field a list of that role
    maps, so its columns do not come and go with the values of one run.
    """

    by_role: dict[Role, tuple[str, ...]]

    @classmethod
    def of_lists(cls, lists: Sequence[ListSpec]) -> Fields:
        by_role = {}
        for role in Role:
            mine = [spec for spec in lists if spec.role is role]
            mapped = {f for spec in mine for f in spec.fields}
            others = [ALSO_NAMED] if any(spec.other_names for spec in mine) else []
            by_role[role] = (*others, *(f for f in SHOWN_FIELDS if f in mapped))
        return cls(by_role)

    def of(self, *roles: Role) -> list[str]:
        """The fields of any list of these roles, in the order of SHOWN_FIELDS."""
        wanted = {f for role in roles for f in self.by_role.get(role, ())}
        return [f for f in (ALSO_NAMED, *SHOWN_FIELDS) if f in wanted]

    def every(self) -> list[str]:
        return self.of(*Role)


def record_view(result: RunResult, fields: Fields) -> pd.DataFrame:
    """Records in input order with their person, role, source, name as written, each field of
    `fields` in a column of its own, as the list wrote it, and all of them in one `details` cell."""
    settings = result.settings
    view = result.records[[LIST_ID, RECORD_ID, NAME_AS_WRITTEN, raw("reply_comment"), CLAIM]].merge(
        result.persons[[LIST_ID, RECORD_ID, PERSON_ID]], on=list(RECORD_KEY), how="left"
    )
    view[ROLE] = view[LIST_ID].map({s.id: s.role.value for s in settings.lists})
    view[SOURCE] = view[LIST_ID].map({s.id: s.source or s.id for s in settings.lists})
    for name, values in _field_values(result.records, fields.every()):
        view[name] = values.fillna("").astype(str).str.strip().to_numpy()
    view[DETAILS] = details(result.records).to_numpy()
    view[CLAIM] = view[CLAIM].fillna("").replace("", NO_COMMENT).where(view[ROLE] == Role.REPLY.value, "")
    return view.rename(columns={NAME_AS_WRITTEN: NAME, raw("reply_comment"): COMMENT})


def _field_values(records: pd.DataFrame, fields: Sequence[str]) -> list[tuple[str, pd.Series]]:
    """Each field's values as the lists wrote them (other names joined by " / ")."""
    values = []
    for field in fields:
        if field == ALSO_NAMED and raw(OTHER_NAMES) in records:
            values.append((field, records[raw(OTHER_NAMES)].str.replace(OTHER_NAMES_SEPARATOR, " / ")))
        elif raw(field) in records:
            values.append((field, records[raw(field)]))
    return values


def details(records: pd.DataFrame) -> pd.Series:
    """The fields a list gave beyond the name, and the columns it carries along, as one readable
    cell ("father name: Ali; city: Tabriz; Notes: …"), for scripts that read the packed cell and
    for the carried-along columns, which have no column of their own."""
    shown = [
        (f.replace("_", " "), per_distinct(v.fillna("").astype(str), lambda d: d.map(kept_in_order)))
        for f, v in _field_values(records, (ALSO_NAMED, *SHOWN_FIELDS))
    ]
    if raw(EXTRA) in records:
        shown.append(("", records[raw(EXTRA)]))
    return labelled_cell(shown, records.index)


def independent_sources(view: pd.DataFrame) -> pd.Series:
    """Per person, the number of distinct sources among the allegation and corroborating lists
    that name it: lists of one `source` (several UN reports) count once, reply lists never. The
    one meaning of `independent_sources` on every sheet (see SOURCES_MEANING)."""
    named = view[view[ROLE] != Role.REPLY.value]
    return named.groupby(PERSON_ID)[SOURCE].nunique()
