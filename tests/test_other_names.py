"""Several names per record (`[lists.columns] other_names = [...]`): found and compared by any."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from reconcile.aliases import compare_records, name_variants, record_pairs
from reconcile.cli import main
from reconcile.config import load_settings
from reconcile.errors import ConfigError
from reconcile.schema import OTHER_NAMES, OTHER_NAMES_SEPARATOR, POSITIONS, SIM_WHOLE, raw
from tests.conftest import settings_text

CARDS_LIST = """
[[lists]]
id = "cards"
role = "corroborating"
path = "cards.csv"
[lists.columns]
record_id = "No"
name = "نام"
{other}
"""
ANNEX_LIST = """
[[lists]]
id = "annex"
role = "allegation"
path = "annex.csv"
[lists.columns]
record_id = "No"
name = "Name"
"""
# Card C1 names in Persian script and in Latin a person the annex knows only in Latin; its
# Persian name is misspelled (a dropped letter), so only the Latin one finds him for sure.
CARDS = "No,نام,Latin,Alias\nC1,خسرو کیانپو,Khosrow Kianpour,\nC2,زهرا کریمی,,\n"
ANNEX = "No,Name\nA1,KIANPOUR Khosrow\nA2,Bahram Nikpour\n"


def _table(other: str) -> str:
    return settings_text(CARDS_LIST.format(other=other) + ANNEX_LIST)


def test_other_names_are_a_list_of_headers_read_once(project):
    folder = project({"reconcile.toml": _table('other_names = ["Latin", "Alias"]')})
    assert load_settings(folder / "reconcile.toml").lists[0].other_names == ("Latin", "Alias")
    for wrong, message in (
        ('other_names = ["نام"]', "'نام' is already read"),
        ('other_names = ["Latin"]\nextra = ["Latin"]', "'Latin' is already read"),
        ("other_names = 3", "must be a list of column headers"),
    ):
        folder = project({"reconcile.toml": _table(wrong)})
        with pytest.raises(ConfigError, match=message):
            load_settings(folder / "reconcile.toml")


def _records(names: list[str], others: list[str]) -> pd.DataFrame:
    from reconcile.normalize import normalize_names

    frame = pd.DataFrame(
        {raw(f): "" for f in ("name", "given_name", "family_name", "father_name")}, index=range(len(names))
    )
    frame[raw("name")] = names
    frame[raw(OTHER_NAMES)] = others
    return normalize_names(frame)


def test_each_other_name_is_a_variant_of_its_record_and_pairs_are_of_records():
    records = _records(["Ali Rezaei", "Zahra Karimi"], [f"علی رضایی{OTHER_NAMES_SEPARATOR}Ali Rezai", ""])
    variants = name_variants(records)
    assert variants.owner.tolist() == [0, 1, 0, 0]
    assert variants.table[raw("name")].tolist() == ["Ali Rezaei", "Zahra Karimi", "علی رضایی", "Ali Rezai"]
    # Variant rows 1~2 and 0~3 (a record with itself) make the one record pair 0~1.
    found = pd.MultiIndex.from_arrays([[1, 0, 0], [2, 3, 1]], names=list(POSITIONS))
    assert record_pairs(found, variants).tolist() == [(0, 1)]


def test_a_pair_of_records_is_compared_under_the_names_that_agree_best():
    records = _records(["خسرو کیانپو", "Khosrow Kianpour"], ["Khosrow Kianpour", ""])
    variants = name_variants(records)
    pairs = pd.MultiIndex.from_arrays([[0], [1]], names=list(POSITIONS))

    def similarity(table: pd.DataFrame, compared: pd.MultiIndex) -> pd.DataFrame:
        left, right = (table[raw("name")].to_numpy()[compared.get_level_values(i)] for i in (0, 1))
        return pd.DataFrame({SIM_WHOLE: (left == right).astype(float)}, index=compared)

    features, left, right = compare_records(pairs, variants, similarity)
    assert features[SIM_WHOLE].tolist() == [1.0]
    assert (left.tolist(), right.tolist()) == ([2], [1])  # the card's Latin name against the annex
    assert features.index.equals(pairs)
    same = name_variants(_records(["Ali Rezaei", "Ali Rezaei"], ["", ""]))
    _, left, right = compare_records(pairs, same, similarity)
    assert np.array_equal(left, [0]) and np.array_equal(right, [1])


def _card_pair(project, other: str) -> pd.DataFrame:
    folder = project({"reconcile.toml": _table(other), "cards.csv": CARDS, "annex.csv": ANNEX})
    out = folder / "out"
    assert main(["run", "--config", str(folder / "reconcile.toml"), "--out", str(out), "--quiet"]) == 0
    pairs = pd.read_csv(out / "pairs.csv", dtype=str, keep_default_na=False)
    ends = {frozenset(ids) for ids in zip(pairs.record_id_l, pairs.record_id_r, strict=True)}
    assert len(ends) == len(pairs)
    return pairs[[{a, b} == {"A1", "C1"} for a, b in zip(pairs.record_id_l, pairs.record_id_r, strict=True)]]


def test_a_card_is_found_through_its_latin_name_and_the_reason_cites_it(project):
    # Four records teach the model little: the pair is asked, not linked, but far likelier.
    alone = _card_pair(project, "")
    found = _card_pair(project, 'other_names = ["Latin", "Alias"]')
    assert len(found) == 1 and found["status"].iloc[0] in ("match", "review")
    before = float(alone["match_probability"].iloc[0]) if len(alone) else 0.0
    assert float(found["match_probability"].iloc[0]) > max(before, 0.2)
    assert "khosrow" in found["reason"].iloc[0].lower()
