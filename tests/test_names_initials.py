"""An initial against the full given name on another list: weak agreement, not a different name."""

from __future__ import annotations

import pytest

from reconcile.names import initials_agree, name_key, parse_name


def _given_key(text: str) -> str:
    return name_key(parse_name(text).given)


@pytest.mark.parametrize(
    ("initial", "full"),
    [
        ("TALEBI, R.", "Reza Talebi"),
        ("N. Rahmani", "ناصر رحمانی"),
        ("G. Moradi", "Qavam Moradi"),  # Gh and Q romanize one letter
        ("Q. Moradi", "قوام مرادی"),
        ("K. Sadeghi", "Xosrow Sadeghi"),
        ("D. Karimi", "Jafar Karimi"),  # French Dj for J
        ("E. Ahmadi", "عباس احمدی"),  # ع opens a vowel however it is romanized
    ],
)
def test_an_initial_fits_the_name_it_stands_for(initial, full):
    assert initials_agree([_given_key(initial)], [_given_key(full)])[0]
    assert initials_agree([_given_key(full)], [_given_key(initial)])[0]


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("R. Talebi", "Ali Talebi"),
        ("N. Rahmani", "محمد رحمانی"),
        ("Reza Talebi", "Ali Talebi"),  # two full names are compared as names, not initials
        ("R. Talebi", "R. Talebi"),  # two initials: an exact agreement, not this one
    ],
)
def test_an_initial_does_not_fit_another_letter_or_a_full_name(left, right):
    assert not initials_agree([_given_key(left)], [_given_key(right)])[0]


@pytest.mark.parametrize(
    ("initial", "full", "fits"),
    [
        ("Abbas Z.", "Abbas Zanjanian", True),  # a list that keeps a family's privacy
        ("Abbas Z.", "عباس زنجانیان", True),
        ("Mehdi G.", "Mehdi Qorbani", True),
        ("Abbas Z.", "Abbas Karimi", False),
    ],
)
def test_a_family_name_initial_fits_the_name_it_stands_for(initial, full, fits):
    family = [name_key(parse_name(text).family) for text in (initial, full)]
    assert initials_agree([family[0]], [family[1]])[0] == fits
