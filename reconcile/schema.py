"""Column names and closed vocabularies shared by every stage.

A record is `(list_id, record_id)` everywhere; a pair is two records in a fixed order
(left sorts before right). Stages import these names instead of spelling them as literals.
"""

from __future__ import annotations

from enum import StrEnum

LIST_ID = "list_id"
RECORD_ID = "record_id"
SOURCE_ROW = "source_row"
PERSON_ID = "person_id"
RECORD_KEY = (LIST_ID, RECORD_ID)

LEFT = "_l"
RIGHT = "_r"
LEFT_KEY = (LIST_ID + LEFT, RECORD_ID + LEFT)
RIGHT_KEY = (LIST_ID + RIGHT, RECORD_ID + RIGHT)
PAIR_KEY = LEFT_KEY + RIGHT_KEY

PROBABILITY = "match_probability"
WEIGHT = "match_weight"
STATUS = "status"
REASON = "reason"
ASSIGNMENT_NOTE = "assignment_note"  # why the one-to-one assignment or clustering changed a status
NEAR_TIE = "near tie with another candidate on the other list"  # an assignment note (assign.py)

# Fields a list may map, in the order reports show them.
NAME_FIELDS = ("name", "given_name", "family_name")
FIELDS = (
    RECORD_ID,
    *NAME_FIELDS,
    "father_name",
    "sex",
    "age",
    "birth_year",
    "city",
    "prison",
    "place",
    "date",
    "affiliation",
    "reply_comment",
)
RAW_PREFIX = "raw_"


def raw(field: str) -> str:
    """Column holding a field verbatim as the list wrote it."""
    return RAW_PREFIX + field


class Role(StrEnum):
    ALLEGATION = "allegation"
    REPLY = "reply"
    CORROBORATING = "corroborating"


class Calendar(StrEnum):
    GREGORIAN = "gregorian"
    JALALI = "jalali"


class Status(StrEnum):
    MATCH = "match"
    REVIEW = "review"
    NON_MATCH = "non-match"
