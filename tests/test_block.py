"""Tests of reconcile.block: which records become candidate pairs, and which do not."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reconcile.block import (
    PASSES,
    BlockingPass,
    LargestBlock,
    block,
    candidate_pairs,
    check_memory,
    pass_pairs,
)
from reconcile.config import Blocking, Limits
from reconcile.errors import ConfigError
from reconcile.names import name_key
from reconcile.names.parts import MIN_GIVEN_REST_LETTERS, key_without_glued_title
from reconcile.names.readings import latin_readings, one_sound_less, skeletons

# No sorted neighbourhood: in a list this small it would pair every record with every other.
KEYS_ONLY = Blocking(max_block_size=200, neighbourhood_window=0)

# A few unrelated people, so that a pair found is found by its names and not by the list's size.
OTHERS = [
    ("Hassan", "Karimi"),
    ("Zahra", "Tehrani"),
    ("Mehdi", "Bazargan"),
    ("Fatemeh", "Sadeghi"),
    ("Ali", "Rezaei"),
    ("علی", "رضایی"),
]


def _records(people: list[tuple[str, str]]) -> pd.DataFrame:
    """Records keyed as normalisation keys them: a (given, family) name per record."""
    return pd.DataFrame(
        {
            "given_key": [name_key(given) for given, _ in people],
            "family_key": [name_key(family) for _, family in people],
            "given_core_key": [key_without_glued_title(given, MIN_GIVEN_REST_LETTERS) for given, _ in people],
            "family_core_key": [key_without_glued_title(family) for _, family in people],
            "father_key": ["" for _ in people],
        },
        dtype=object,
    )


def _candidates(people: list[tuple[str, str]], settings: Blocking = KEYS_ONLY) -> set[tuple[int, int]]:
    pairs = block(_records(people), settings)
    return set(zip(pairs.get_level_values(0), pairs.get_level_values(1), strict=True))


def _meet(one: tuple[str, str], other: tuple[str, str]) -> bool:
    """True if the two names become a candidate pair among unrelated people."""
    return (len(OTHERS), len(OTHERS) + 1) in _candidates([*OTHERS, one, other])


@pytest.mark.parametrize(
    ("one", "other"),
    [
        # Typos in the first letters, where the prefix keys of a part cannot help.
        (("Abkar", "Bagherzadeh"), ("Akbar", "Baqerzadeh")),
        (("Erbahim", "Khodayar"), ("Ebrahim", "Khodayar")),
        # A dropped letter in a short given name.
        (("Haddi", "Rahmanzadeh"), ("Hai", "Rahmansadeh")),
        # Surname first, not recognised as such, and a different romanization of the other part.
        (("Karimi", "Kassem"), ("Qasam", "Karimi")),
        (("Samani", "Farhad"), ("فرهاد", "زمانی")),
        (("Tavakkoli", "Abdulrahim"), ("Abdolrabim", "Tavakkoli")),
        # Persian script against its noisy romanization. OCR: c for e and l for i, in both parts.
        (("Mortcza", "Alavl"), ("مرتضی", "علوی")),
        # German romanization: j for ی in both parts.
        (("Jussef", "Hosejni"), ("یوسف", "حسینی")),
        # An Arabic keyboard types پ as ب; the surname is written first here.
        (("Bagherpour", "Ahmad"), ("احمد", "باقربور")),
        # A title glued to the family name on one side and to the given name on the other.
        (("Mir Hadi", "Rostamnejad"), ("Mirhady", "Seyyedrostamnejad")),
        # A title glued to the family name, which the other list writes first and without it.
        (("Farhad", "Hajzamanvand"), ("Zamanvand", "Farhad")),
        # A family name that begins like a title, in both scripts: one name, whatever a title is.
        (("Javad", "Mirza-Nejad"), ("جواد", "میرزا\u200cنژاد")),
    ],
)
def test_noisy_spellings_of_one_person_still_meet(one: tuple[str, str], other: tuple[str, str]) -> None:
    assert _meet(one, other)


def test_a_name_split_into_other_words_meets_on_the_whole_name() -> None:
    assert _meet(("Jalal Pur", "Mohammadi"), ("Jalal", "Poormohammadi"))


@pytest.mark.parametrize("other", [("Abbas", "Zanjanian"), ("عباس", "زنجانیان"), ("Abas", "Zanjaniyan")])
def test_a_family_name_given_by_its_initial_meets_the_full_name(other: tuple[str, str]) -> None:
    assert _meet(("Abbas", "Z."), other)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (("Pur", "Zekakan"), ("", "Poorzekakan")),  # a list took "Pur" for the given name
        (("Mevu", "Doost"), ("", "Mevou Doust")),
    ],
)
def test_a_one_part_name_meets_a_two_part_name_written_as_one(
    one: tuple[str, str], other: tuple[str, str]
) -> None:
    assert _meet(one, other)


def test_unrelated_names_do_not_meet() -> None:
    assert not _meet(("Ali", "Rezaei"), ("Hassan", "Karimi"))
    # Mohammad (a given name) is not Mohammadi (a family name), even with "Ali" on both sides.
    assert not _meet(("Mohammad Ali", "Rezaei"), ("Ali", "Mohammadi"))


def test_a_one_part_name_meets_a_surname_too_common_for_an_ordinary_block() -> None:
    """A lone "Ahmadi" pairs with each of its 300 namesakes: 300 pairs, not 300 x 300."""
    given_names = ["Ali", "Reza", "Jafar", "Mahin", "Hossein", "Maryam"]
    people = [(given_names[n % len(given_names)] + f" {n}", "Ahmadi") for n in range(300)]
    found = _candidates([*people, ("", "احمدي")])
    assert {(n, 300) for n in range(300)} <= found


def test_one_part_names_too_common_to_pair_with_everyone_are_left_out() -> None:
    """300 lone "Ahmadi" records among 300 full ones would make 90,000 pairs for one key."""
    people = [(f"Reza {n}", "Ahmadi") for n in range(300)] + [("", "Ahmadi")] * 300
    found = _candidates(people)
    assert not any(left < 300 <= right for left, right in found)


@pytest.mark.parametrize(
    ("one_part", "other"),
    [
        (("", "Rezal"), ("عبد الله", "رضایی")),  # OCR l for a final i
        (("", "Mokbtari"), ("Lotfollah", "Mokhtari")),  # OCR b for the h of kh
        (("", "Babaji"), ("Jafar", "Babai")),  # German j for ی
        (("", "KAZEMPOUR"), ("حسن", "كاظم بور")),  # پ typed as ب on an Arabic keyboard
    ],
)
def test_a_one_part_name_with_a_typo_meets(one_part: tuple[str, str], other: tuple[str, str]) -> None:
    assert _meet(one_part, other)


def test_a_one_part_name_meets_a_word_of_a_longer_part() -> None:
    # The parser took "Hachemi Seyeed" (a surname and a misspelt title) for the given name.
    assert _meet(("", "Hashemi"), ("Hachemi Seyeed", "Mohammad"))
    assert _meet(("", "Pourmohamadi"), ("Pour-Mohammadi Mohammad", "Javad"))


def test_readings_of_a_latin_key_undo_its_habits() -> None:
    assert "hosein" in latin_readings("hosejn")  # German j
    assert "kazemi" in latin_readings("kasemi")  # German s
    assert "mohamad" in latin_readings("mohamakl")  # OCR cl for d
    assert "qolam" in latin_readings("qolarn")  # OCR rn for m
    assert latin_readings("حسین") == ("حسین",)  # Persian script has none of these habits
    assert latin_readings("") == ()


def test_skeletons_of_both_scripts_agree() -> None:
    assert set(skeletons(name_key("Mostafa"))) & set(skeletons(name_key("مصطفی")))  # final ی as alef
    assert set(skeletons(name_key("Hasanzada"))) & set(skeletons(name_key("حسن‌زاده")))  # final a or heh
    assert set(skeletons(name_key("Husayni"))) & set(skeletons(name_key("حسینی")))  # short u


@pytest.mark.parametrize(
    ("one", "other"),
    [("akbr", "abkr"), ("mhmd", "mhd"), ("ksm", "qsm"), ("rzi", "rzii")],
)
def test_skeletons_one_typo_apart_share_a_form(one: str, other: str) -> None:
    assert one_sound_less(one) & one_sound_less(other)


def test_skeletons_two_typos_apart_share_no_form() -> None:
    assert not one_sound_less("akbr") & one_sound_less("bkar")


def test_an_implausibly_long_skeleton_has_no_typo_forms() -> None:
    assert one_sound_less("ab" * 100) == {"ab" * 100}


@given(
    st.lists(st.lists(st.sampled_from("abcdefgh"), max_size=3), max_size=40),
    st.integers(min_value=1, max_value=6),
)
@settings(max_examples=60, deadline=None)
def test_pass_pairs_are_exactly_the_records_sharing_a_small_block(keys: list[list[str]], cap: int) -> None:
    records = pd.DataFrame({"given_key": ["x"] * len(keys), "family_key": ["y"] * len(keys)})
    blocking_pass = BlockingPass("test", lambda _: pd.Series(keys, dtype=object))
    found = pass_pairs(records, blocking_pass, Blocking(max_block_size=cap, neighbourhood_window=0))
    members: dict[str, set[int]] = {}
    for position, record_keys in enumerate(keys):
        for key in record_keys:
            members.setdefault(key, set()).add(position)
    expected = {
        pair for group in members.values() if len(group) <= cap for pair in combinations(sorted(group), 2)
    }
    assert set(map(tuple, found.tolist())) == expected
    assert found.dtype == np.int64 and found.shape[1] == 2


def test_empty_and_single_record_lists_have_no_candidates() -> None:
    assert _candidates([]) == set()
    assert _candidates([("Ali", "Rezaei")], Blocking(max_block_size=200, neighbourhood_window=3)) == set()


def test_a_name_of_thousands_of_words_makes_a_bounded_number_of_keys() -> None:
    # Keys that grew with the square of the words (or with the name's length) would let one
    # hostile row stall the run; the pass keys must stay a handful per record.
    records = _records([("Ali " * 5000, "Rezaei " * 5000), ("Ali", "Rezaei")])
    for blocking_pass in PASSES:
        assert max(len(keys) for keys in blocking_pass.keys(records)) <= 500, blocking_pass.name


def test_a_given_name_written_as_an_initial_meets_the_full_name_under_a_common_surname() -> None:
    """K. Hoseini shares no key of Karim's given name; a surname shared by 300 is no ordinary block."""
    people = [(f"Reza {n}", "Hoseini") for n in range(300)] + [("Karim", "Hosseini"), ("K.", "Hoseini")]
    assert (300, 301) in _candidates(people)


def test_the_largest_block_is_named_with_its_pass_and_key() -> None:
    hosseinis = [("Ali", "Hosseini")] * 6  # one common name: every pass puts them in one block
    found = candidate_pairs(_records([*OTHERS, *hosseinis]), KEYS_ONLY)
    assert found.largest is not None
    assert found.largest.records >= len(hosseinis)
    assert found.largest.pairs >= len(hosseinis) * (len(hosseinis) - 1) // 2


def test_pairs_beyond_the_memory_budget_stop_the_run_naming_the_key() -> None:
    largest = LargestBlock("family + start of given", "c:hsini|s:al", 900, 404_550)
    with pytest.raises(ConfigError) as stopped:
        check_memory(2_000_000, largest, _limits(memory_mb=1000.0), Path("reconcile.toml"))
    message = str(stopped.value)
    assert "limits.memory_mb" in message and "2,000,000 candidate pairs" in message
    assert "'c:hsini|s:al'" in message and "'family + start of given'" in message
    assert "blocking.max_block_size" in message


def test_pairs_within_the_memory_budget_go_on() -> None:
    check_memory(1000, None, _limits(memory_mb=1000.0), Path("reconcile.toml"))


def _limits(memory_mb: float) -> Limits:
    return Limits(
        max_file_mb=1.0, max_rows=10, max_xlsx_uncompressed_mb=1.0, max_columns=10, memory_mb=memory_mb
    )
