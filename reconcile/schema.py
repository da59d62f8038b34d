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

# The record table: what normalize derives from a record's fields, for blocking and comparing.
GIVEN_KEY = "given_key"  # name parts reduced to one spelling every script and romanization shares
FAMILY_KEY = "family_key"
# The keys without a title written into the name (Seyyed Javadi, Hajzamanvand, Mirhadi): equal to
# the keys where there is none.
GIVEN_CORE_KEY = "given_core_key"
FAMILY_CORE_KEY = "family_core_key"
FATHER_KEY = "father_key"
FULL_KEY = "full_key"  # given and family key, space-separated
WHOLE_NAME = "whole_name"  # the name as one string, for comparing names split into words differently
NAME_AS_WRITTEN = "name_as_written"
CITY_KEY = "city_key"
CITY_AREA_KEY = "city_area_key"  # the city a district or prison lies in (Narmak, Evin: Tehran)
PRISON_KEY = "prison_key"
AFFILIATION_KEY = "affiliation_key"
DATE_START = "date_start"  # day numbers of the interval a date stands for
DATE_END = "date_end"
DATE_PRECISION = "date_precision"

# The pair table: the positions of the pair's two records in the record table (left < right).
LEFT_POSITION = "left"
RIGHT_POSITION = "right"
POSITIONS = (LEFT_POSITION, RIGHT_POSITION)
# Name similarities (0 to 1) that compare adds to the features and the pair table keeps.
SIM_GIVEN = "sim_given"
SIM_FAMILY = "sim_family"
SIM_FATHER = "sim_father"
SIM_WHOLE = "sim_whole"
SIMILARITIES = (SIM_GIVEN, SIM_FAMILY, SIM_FATHER, SIM_WHOLE)
# The other features compare adds, which its comparisons' levels read.
GIVEN_PART = "given_part_of_other"  # one given name is a part of the other's compound (Reza / Gholamreza)
INITIALS = "given_initial_fits"  # one given name is an initial that fits the other's first letter
FAMILY_INITIAL = "family_initial_fits"  # the same for family names (Abbas Z. / Abbas Zanjanian)
GIVEN_ABSENT = "given_absent_sides"  # how many of the two records have no given name (0, 1 or 2)
AGE_GAP = "age_gap"  # years between the two records' birth years, else between their ages
SIM_CITY = "sim_city"
IN_ONE_CITY = "places_in_one_city"  # a place named and the city it lies in (Narmak / Tehran)
SIM_PRISON = "sim_prison"
SAME_AFFILIATION = "same_affiliation"
DATE_GAP = "date_gap"  # days between the two records' dates, 0 where they overlap
DATE_SAME_DAY = "date_same_day"  # both dates known to the day, and the same day
DATE_COARSE = "date_coarse"  # either date known only to the season or year

PROBABILITY = "match_probability"
WEIGHT = "match_weight"
STATUS = "status"
REASON = "reason"
ASSIGNMENT_NOTE = "assignment_note"  # why the one-to-one assignment or clustering changed a status
NEAR_TIE = "near tie with another candidate on the other list"  # an assignment note (status.py)

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
OTHER_NAMES = "other_names"  # more full names of one record (another script, aliases)
OTHER_NAMES_SEPARATOR = "\x1f"  # between the other names of one record in its raw column
EXTRA = "extra"  # columns a list carries along, shown beside its records, never compared
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
