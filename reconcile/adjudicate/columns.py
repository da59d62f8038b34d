"""What each column of the review workbook's sheets shows, and where an analyst may write.

A column takes the pairs of a sheet and both records of each (A and B, row for row) and returns one
value per row. A column that `needs` a column of the pairs is shown only on a sheet whose pairs carry
it (the Review sheet's impact, question and group); one `score` is left out of a blind review.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from reconcile.adjudicate import layout
from reconcile.adjudicate.groups import GROUP, GROUP_NOTE, group_heads
from reconcile.adjudicate.impact import IMPACT, Impact
from reconcile.adjudicate.order import why_in_review
from reconcile.adjudicate.questions import ASKED, ASKED_ABOVE, QUESTION
from reconcile.schema import (
    EXTRA,
    FAMILY_KEY,
    FULL_KEY,
    GIVEN_KEY,
    LEFT,
    LIST_ID,
    NAME_AS_WRITTEN,
    PROBABILITY,
    REASON,
    RECORD_ID,
    RIGHT,
    SIM_FAMILY,
    SIM_FATHER,
    SIM_GIVEN,
    SIM_WHOLE,
    SOURCE_ROW,
    WEIGHT,
    raw,
)


@dataclass(frozen=True)
class Column:
    header: str
    values: Callable[[pd.DataFrame, pd.DataFrame, pd.DataFrame], pd.Series]
    width: float
    score: bool = False  # hidden in blind review
    number_format: str | None = None
    needs: str | None = None  # shown only on a sheet whose pairs carry this column
    open_on: Callable[[pd.DataFrame], np.ndarray] | None = None  # the rows where an editable column is open


def _side(field: str, side: str) -> Callable[[pd.DataFrame, pd.DataFrame, pd.DataFrame], pd.Series]:
    def values(pairs: pd.DataFrame, a: pd.DataFrame, b: pd.DataFrame) -> pd.Series:
        frame = a if side == LEFT else b
        return _field(frame, field)

    return values


def _field(records: pd.DataFrame, field: str) -> pd.Series:
    if field == "normalized":
        if FULL_KEY in records:
            return records[FULL_KEY]
        return as_text(records, GIVEN_KEY).str.cat(as_text(records, FAMILY_KEY), sep=" ").str.strip()
    if field == "age":  # as written; a birth year where no age was given
        age, born = as_text(records, raw("age")), as_text(records, raw("birth_year"))
        return age.where(age != "", ("born " + born).where(born != "", ""))
    if field == "city":
        city, place = as_text(records, raw("city")), as_text(records, raw("place"))
        return city.where(city != "", place)
    return as_text(records, field)


def as_text(frame: pd.DataFrame, name: str) -> pd.Series:
    if name not in frame:
        return pd.Series("", index=frame.index, dtype=object)
    return frame[name].map(lambda v: "" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v))


def _pair(name: str) -> Callable[[pd.DataFrame, pd.DataFrame, pd.DataFrame], pd.Series]:
    def values(pairs: pd.DataFrame, a: pd.DataFrame, b: pd.DataFrame) -> pd.Series:
        if name not in pairs:
            return pd.Series(np.nan, index=pairs.index)
        return pairs[name]

    return values


WHY_IN_REVIEW = "why in review"
HOW_LINKED = "how linked"
WHAT_IT_CHANGES = "what a decision changes"
ABOUT_THE_GROUP = "about the group"


def _why(pairs: pd.DataFrame, a: pd.DataFrame, b: pd.DataFrame) -> pd.Series:
    return why_in_review(pairs)


def _changes(pairs: pd.DataFrame, a: pd.DataFrame, b: pd.DataFrame) -> pd.Series:
    return pairs[IMPACT].map(lambda value: Impact(value).words)


ASKED_ABOVE_TEXT = (
    "asked above: a row higher up joins the same two persons; its decision settles this one on the next run"
)


def _question(pairs: pd.DataFrame, a: pd.DataFrame, b: pd.DataFrame) -> pd.Series:
    """A near tie's question on each of its rows: "3: which of these rows, if any, is annex:12?"."""
    text = pairs[QUESTION].astype(str) + ": which of these rows, if any, is " + as_text(pairs, ASKED) + "?"
    text = text.where(pairs[QUESTION] > 0, "")
    if ASKED_ABOVE in pairs:
        text = text.where(~pairs[ASKED_ABOVE].astype(bool), ASKED_ABOVE_TEXT)
    return text


def _group(pairs: pd.DataFrame, a: pd.DataFrame, b: pd.DataFrame) -> pd.Series:
    return pairs[GROUP].where(pairs[GROUP] > 0)


def _both(header: str, field: str, width: float) -> list[Column]:
    return [
        Column(f"A {header}", _side(field, LEFT), width),
        Column(f"B {header}", _side(field, RIGHT), width),
    ]


def _empty(pairs: pd.DataFrame, a: pd.DataFrame, b: pd.DataFrame) -> pd.Series:
    return pd.Series("", index=pairs.index, dtype=object)


COLUMNS: tuple[Column, ...] = (
    Column(layout.ROW, _empty, 8),  # filled with row ids; hidden
    Column(layout.DECISION, _empty, 12),
    Column(layout.REVIEWER, _empty, 12),
    Column(layout.NOTE, _empty, 30),
    Column(layout.GROUP_DECISION, _empty, 14, needs=GROUP, open_on=group_heads),
    Column(layout.GROUP, _group, 7, needs=GROUP),
    Column(ABOUT_THE_GROUP, _pair(GROUP_NOTE), 40, needs=GROUP),
    Column(WHY_IN_REVIEW, _why, 28),
    Column(WHAT_IT_CHANGES, _changes, 24, needs=IMPACT),
    Column(QUESTION, _question, 30, needs=QUESTION),  # the rows of one near tie share one question
    Column("probability", _pair(PROBABILITY), 11, score=True, number_format="0.0%"),
    Column("weight (bits)", _pair(WEIGHT), 10, score=True, number_format="0.0"),
    Column("reason", _pair(REASON), 50, score=True),
    Column(layout.A_LIST, _side(LIST_ID, LEFT), 14),
    Column(layout.A_ID, _side(RECORD_ID, LEFT), 10),
    Column(layout.B_LIST, _side(LIST_ID, RIGHT), 14),
    Column(layout.B_ID, _side(RECORD_ID, RIGHT), 10),
    *_both("name as written", NAME_AS_WRITTEN, 28),
    Column("name similarity", _pair(SIM_WHOLE), 10, score=True, number_format="0.00"),
    *_both("normalized name", "normalized", 24),
    Column("given name similarity", _pair(SIM_GIVEN), 10, score=True, number_format="0.00"),
    Column("family name similarity", _pair(SIM_FAMILY), 10, score=True, number_format="0.00"),
    *_both("father's name", raw("father_name"), 16),
    Column("father's name similarity", _pair(SIM_FATHER), 10, score=True, number_format="0.00"),
    *_both("age", "age", 8),
    *_both("city", "city", 14),
    *_both("prison", raw("prison"), 14),
    *_both("date", raw("date"), 14),
    *_both("affiliation", raw("affiliation"), 16),
    *_both("reply comment", raw("reply_comment"), 24),
    *_both("carried along", raw(EXTRA), 30),
    *_both("source row", SOURCE_ROW, 8),
)


REVIEW_ONLY = [c.needs for c in COLUMNS if c.needs]  # columns the Review sheet's pairs carry
