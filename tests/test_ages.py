"""Ages compared across lists: through birth years where a year anchors them, else age with age."""

import pandas as pd

from reconcile.compare import compare
from reconcile.config import load_settings
from reconcile.levels import MISSING
from reconcile.load import load
from reconcile.normalize import normalize
from tests.conftest import settings_text

LISTS = """
[[lists]]
id = "dated"
role = "allegation"
path = "dated.csv"
[lists.columns]
record_id = "No"
name = "Name"
age = "Age"
birth_year = "Born"
date = "Date"

[[lists]]
id = "undated"
role = "corroborating"
path = "undated.csv"
[lists.columns]
record_id = "No"
name = "Name"
age = "Age"
"""

DATED = "No,Name,Age,Born,Date\n1,Ali Rezaei,23,,2026-01-09\n2,Reza Karimi,,1961,\n"
UNDATED = "No,Name,Age\n1,Ali Rezaei,23\n2,Reza Karimi,27\n3,Ali Rezaei,24\n"


def _age_levels(project, wanted: list[tuple[tuple[str, str], tuple[str, str]]]) -> list[int]:
    folder = project({"reconcile.toml": settings_text(LISTS), "dated.csv": DATED, "undated.csv": UNDATED})
    settings = load_settings(folder / "reconcile.toml")
    records = normalize(load(settings).records, settings).records
    position = {(r.list_id, r.record_id): i for i, r in enumerate(records.itertuples())}
    pairs = pd.MultiIndex.from_tuples([(position[a], position[b]) for a, b in wanted])
    return compare(records, pairs, settings.comparison)["level_age"].tolist()


def test_undated_ages_compare_with_ages_and_never_with_an_invented_year(project):
    levels = _age_levels(
        project,
        [
            (("dated", "1"), ("undated", "1")),  # 23 in 2026 and 23 on a list without dates
            (("undated", "1"), ("undated", "3")),  # 23 and 24, neither anchored
            (("undated", "1"), ("undated", "2")),  # 23 and 27
            (("dated", "2"), ("undated", "2")),  # born 1961 and aged 27 at an unknown year
        ],
    )
    assert levels == [0, 0, 2, MISSING]
