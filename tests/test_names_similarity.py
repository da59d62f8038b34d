"""Similarity behaviour of reconcile.names on real-world spelling habits and near-miss traps.

The labelled corpus ``tests/data/name_pairs.csv`` holds hand-written pairs by category (script,
romanization, order, titles, compound, affix, apostrophe, arabic_letters, father: same person;
near_miss, swapped, different_given, different_family, placeholder: different people).
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reconcile.names import name_key, part_similarity, similarity, similarity_many

CORPUS = Path(__file__).parent / "data" / "name_pairs.csv"

#: A same-person pair scoring at or above this counts as found; different people stay below.
THRESHOLD = 0.9


def _corpus() -> list[dict[str, str]]:
    with CORPUS.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _scores() -> tuple[list[dict[str, str]], np.ndarray]:
    rows = _corpus()
    return rows, similarity_many([r["name1"] for r in rows], [r["name2"] for r in rows])


def test_corpus_is_large_and_covers_categories() -> None:
    rows = _corpus()
    assert len(rows) >= 300
    categories = {r["category"] for r in rows}
    assert {
        "script",
        "romanization",
        "order",
        "titles",
        "compound",
        "affix",
        "apostrophe",
        "arabic_letters",
        "near_miss",
        "swapped",
        "placeholder",
    } <= categories


def _auc(scores: np.ndarray, labels: np.ndarray) -> float:
    pos, neg = scores[labels], scores[~labels]
    greater = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    return float(greater / (len(pos) * len(neg)))


def test_corpus_auc_and_recall_at_zero_false_pairs() -> None:
    rows, scores = _scores()
    labels = np.array([r["same"] == "1" for r in rows])
    assert _auc(scores, labels) >= 0.97
    assert (scores[labels] > scores[~labels].max()).mean() >= 0.8


@pytest.mark.parametrize(
    ("category", "min_share"),
    [
        ("script", 0.85),
        ("romanization", 0.8),
        ("order", 0.8),
        ("titles", 0.8),
        ("compound", 0.8),
        ("affix", 0.9),
        ("apostrophe", 1.0),
        ("arabic_letters", 1.0),
    ],
)
def test_same_person_categories_score_high(category: str, min_share: float) -> None:
    rows, scores = _scores()
    picked = np.array([r["category"] == category and r["same"] == "1" for r in rows])
    assert picked.any()
    assert (scores[picked] >= THRESHOLD).mean() >= min_share


@pytest.mark.parametrize(
    ("category", "max_share"),
    [
        ("near_miss", 0.05),  # known gap: Soheil / Soheila (a final -a) still scores 0.91
        ("near_miss_script", 0.0),
        ("swapped", 0.0),
        ("swapped_script", 0.0),
        ("different_given", 0.0),
        ("different_family", 0.0),
        ("placeholder", 0.0),
    ],
)
def test_different_person_categories_score_low(category: str, max_share: float) -> None:
    rows, scores = _scores()
    picked = np.array([r["category"] == category and r["same"] == "0" for r in rows])
    assert picked.any()
    assert (scores[picked] >= THRESHOLD).mean() <= max_share


@pytest.mark.parametrize(
    ("name", "variant", "other"),
    [
        ("Hossein", "Husayn", "Hassan"),
        ("Hossein", "حسین", "Hassan"),
        ("حسین", "Hossein", "حسن"),
        ("Hosseini", "Husseini", "Hasani"),
        ("Zahra", "زهرا", "Zohreh"),
        ("Mehdi Karimi", "Mahdi Karimi", "Mahdi Kazemi"),
        ("Kazem Ghasemi", "Kazim Qasemi", "Ghasem Kazemi"),
        ("Mohammad Hossein Rezaei", "REZAEI Mohammad Hossein", "Mohammad Hassan Rezaei"),
        ("Mohammad Hossein Rezaei", "Muhammad Husain Rezayi", "Mahmoud Hosseini Rezaei"),
        ("Mohammad Hossein Rezaei", "محمدحسین رضایی", "محمدحسن رضایی"),
        ("Gholamreza Karimi", "Gholam-Reza Karimi", "Gholam Karimi"),
        ("Ali Alipour", "Ali Ali Pour", "Ali Alavi"),
        # Typewriter and OCR: rn read for m, l for i.
        ("Mohammad Rahmanifar", "Moharnmad Rahrnanifar", "Mahmoud Rahmanifar"),
        ("Hossein Ansari", "Hosseln Ansarl", "Hassan Ansari"),
    ],
)
def test_variant_beats_near_miss(name: str, variant: str, other: str) -> None:
    assert similarity(name, variant) > similarity(name, other)


@pytest.mark.parametrize(
    "pair",
    [
        ("Mohammad Hossein Rezaei", "محمدحسین رضایی"),
        ("Mohammad Hossein Rezaei", "Mohammad-Hosein Rezaee"),
        ("Mohammad Hossein Rezaei", "REZAEI Mohammad Hossein"),
        ("Mohammad Hossein Rezaei", "Mohamad Hossein Rezai"),
        ("Mohammad Hossein Rezaei", "Rezaei, Mohammad Hossein"),
        ("Seyed Ali Hosseini", "سید علی حسینی"),
        ("Ja'far Sa'idi", "جعفر سعیدی"),
    ],
)
def test_issue_examples_are_the_same_person(pair: tuple[str, str]) -> None:
    assert similarity(*pair) >= THRESHOLD


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("Moharnmad", "Mohammad"),
        ("Hosseln", "Hossein"),
        ("Ansarl", "Ansari"),
        # Against Persian script too, where no skeleton can absorb them.
        ("Asgbarnejad", "اصغرنژاد"),  # b for the h of gh
        ("Heiclari", "حیدری"),  # cl for d
        ("Tagbavi", "تقوی"),
        ("Moharnmadi", "محمدی"),
        ("AIi", "علی"),  # a capital I for l inside a lower-case word
        ("SoItani", "Soltani"),
    ],
)
def test_ocr_confusions_read_as_the_letters_they_stand_for(typed: str, meant: str) -> None:
    score = part_similarity([name_key(typed)], [name_key(meant)])[0]
    assert score >= THRESHOLD


@pytest.mark.parametrize(
    ("written", "persian"),
    [
        ("Jussef", "یوسف"),  # German j for ی
        ("Bachtiyari", "بختیاری"),  # German ch for خ
        ("Muhammad", "محمد"),  # Arabic-habit u of a first syllable, unwritten in Persian
        ("Khusrawi", "خسروی"),
        ("Ghaffarzada", "غفارزاده"),  # Arabic-habit -zada for زاده
        ("Eshaq", "اسحاق"),  # s and h of two letters, not ش
        ("Es'hagh", "اسحاق"),
    ],
)
def test_other_romanization_habits_meet_persian_script(written: str, persian: str) -> None:
    assert part_similarity([name_key(written)], [name_key(persian)])[0] >= THRESHOLD


@pytest.mark.parametrize(
    ("name", "variant"),
    [
        ("Husayn", "Hoseyn"),
        ("Zaynab", "Zeynab"),
        ("Sulaymanzada", "Soleymanzadeh"),
        ("Fatima", "Fatemeh"),  # kasra i and ta marbuta -a of names with one Persian reading
        ("Muhsin", "Mohsen"),
        ("Qasimi", "Ghasemi"),
        ("Masuma", "معصومه"),
    ],
)
def test_arabic_and_persian_habits_of_latin_spelling_meet(name: str, variant: str) -> None:
    assert part_similarity([name_key(name)], [name_key(variant)])[0] >= THRESHOLD


@pytest.mark.parametrize(
    ("name", "variant"),
    [
        ("Nematollah", "نعمت الله"),  # الله written apart in Persian script
        ("Fathullah", "فتح‌الله"),
        ("Nemat-ollah", "Nematollah"),
        ("Abd Allah", "Abdollah"),
        ("Abdullahi", "عبداللهی"),
    ],
)
def test_allah_compounds_meet_however_joined_and_voweled(name: str, variant: str) -> None:
    assert part_similarity([name_key(name)], [name_key(variant)])[0] >= THRESHOLD


@pytest.mark.parametrize(("name", "other"), [("Nuri", "Nari"), ("Mahmud", "Mohammad"), ("Husayn", "Hassan")])
def test_reading_away_a_short_u_makes_no_new_name(name: str, other: str) -> None:
    assert part_similarity([name_key(name)], [name_key(other)])[0] < THRESHOLD


@pytest.mark.parametrize(("name", "other"), [("Jamil", "Jami"), ("Nabil", "Nabi"), ("Milad", "Miad")])
def test_reading_l_as_i_does_not_delete_an_l(name: str, other: str) -> None:
    # Different names: an l beside an i read as i must not vanish into a double.
    assert part_similarity([name_key(name)], [name_key(other)])[0] < THRESHOLD


def test_arabic_habit_is_not_read_into_a_name_it_would_merge() -> None:
    # Arabic habit writes both حمید and حامد as Hamid: the name is left as written.
    assert part_similarity([name_key("Hamid")], [name_key("Hamed")])[0] < THRESHOLD


def test_swapped_parts_are_not_equal() -> None:
    assert similarity("Kazem Ghasemi", "Ghasem Kazemi") < THRESHOLD
    assert similarity("کاظم قاسمی", "Ghasem Kazemi") < THRESHOLD


def test_placeholders_never_match() -> None:
    assert similarity("ناشناس", "ناشناس") == 0.0
    assert similarity("unknown", "Ali Rezaei") == 0.0
    assert similarity("N.N.", "N.N.") == 0.0


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40), st.text(max_size=40))
def test_similarity_total_symmetric_bounded(a: str, b: str) -> None:
    s = similarity(a, b)
    assert 0.0 <= s <= 1.0
    assert s == similarity(b, a)


persian_letters = st.text(alphabet="ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیيكة‌ـ ", max_size=20)
latin_name = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-' ,.", max_size=25)


@settings(max_examples=200, deadline=None)
@given(persian_letters | latin_name, persian_letters | latin_name)
def test_similarity_on_name_like_text(a: str, b: str) -> None:
    s = similarity(a, b)
    assert 0.0 <= s <= 1.0
    assert s == similarity(b, a)
    if a.strip() and similarity(a, a) > 0:
        assert similarity(a, a) == 1.0


@pytest.mark.parametrize(
    ("name", "variant", "extended"),
    [
        ("Hossein", "Hosein", "Hosseini"),
        ("Mohammad", "Mohamad", "Mohammadi"),
        ("Kazem", "Kazim", "Kazemi"),
        ("حسین", "Hosein", "Hosseini"),
        ("Mohammad", "Muhammad", "Mohammadreza"),
        ("Mohammad", "Mohamad", "Mohammad Reza"),
        ("Ali", "Aly", "Alireza"),
        ("Hasan", "Hassan", "Hasanzadeh"),
    ],
)
def test_a_name_and_its_extension_are_different_names(name, variant, extended):
    """Suffix -i and compounds make other names; string metrics alone reward the shared start."""
    key = name_key(name)
    extended_score = part_similarity([key], [name_key(extended)])[0]
    assert extended_score < 0.85
    assert extended_score < part_similarity([key], [name_key(variant)])[0]


def test_two_swapped_letters_are_one_typo() -> None:
    # Levenshtein counts Shairfi / Sharifi as two edits; a typist made one.
    assert part_similarity([name_key("Shairfi")], [name_key("شریفی")])[0] >= 0.85


@pytest.mark.parametrize(
    ("split_one_way", "split_another"),
    [
        ("AHMADI MOGHADDAM, Parvin", "Parvin Ahmadi Moghaddam"),  # surname of two words, one field
        ("Zahra Mohammad Karimi", "Zahra Mohammad-Karimi"),  # the middle word given or family?
        ("Parvin Ahmadi Moghadam", "Parvin Ahmadimoghadam"),  # a compound surname written joined
    ],
)
def test_a_name_split_into_words_differently_agrees_as_a_whole(split_one_way, split_another):
    """Its parts cannot be compared one to one; the whole name must vouch for them (at least the
    comparison's whole_name_floor, 0.95), where it stopped at 0.90."""
    assert similarity(split_one_way, split_another) >= 0.95


def test_the_whole_name_does_not_lift_a_near_miss_split_the_same_way():
    assert similarity("Hamid Rostami", "Hamed Rostami") < 0.95
