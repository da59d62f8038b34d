"""Initials: a given name written as its first letter ("R. Talebi", "TALEBI, R.") against the full
name on another list.

An initial that fits the other name's first letter is weak agreement: one letter of fifteen or so
that a given name can start with, not the strong disagreement a different name would be. It
fits when the letters are one, or are letters that romanizations write for one sound (G/Q,
K/X, D/J as the French Dj), or when the other name is in Persian script and the
letter is one a romanization of its first letter starts with.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .script import has_arabic_script, normalize_persian

# Latin initials that stand for one sound as the lists romanize it.
LATIN_ALIKE = (
    frozenset("gq"),
    frozenset("kx"),
    frozenset("kc"),
    frozenset("jd"),
    frozenset("jz"),
    frozenset("vw"),
    frozenset("yie"),
    frozenset("aeo"),
    frozenset("ou"),
)
# The Latin letters a romanization of a name starting with each Persian letter starts with.
PERSIAN_INITIALS = {
    **dict.fromkeys("اآعئأإ", "aeoiu"),
    "ب": "b",
    "پ": "p",
    **dict.fromkeys("تط", "t"),
    **dict.fromkeys("ثسص", "s"),
    "ج": "jd",
    "چ": "ct",
    **dict.fromkeys("حه", "h"),
    "خ": "kx",
    "د": "d",
    **dict.fromkeys("ذزضظ", "z"),
    "ر": "r",
    "ژ": "jz",
    "ش": "sc",
    **dict.fromkeys("غق", "gq"),
    "ف": "f",
    "ک": "kc",
    "گ": "g",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "و": "vwou",
    "ی": "yie",
}


def is_initial(key: str) -> bool:
    """A key whose first word is one Latin letter: an initial."""
    first = key.split(" ", 1)[0]
    return len(first) == 1 and first.isascii() and first.isalpha()


def initial_letters(key: str) -> str:
    """The Latin letters an initial of this name may be written with: its own first letter and the
    letters romanizations write for the same sound; for a name in Persian script, the letters a
    romanization of its first letter starts with."""
    if not key:
        return ""
    if has_arabic_script(key):
        return PERSIAN_INITIALS.get(normalize_persian(key)[0], "")
    first = key[0].lower()
    return "".join(sorted({first}.union(*(alike for alike in LATIN_ALIKE if first in alike))))


def initials_agree(left: Sequence[str] | np.ndarray, right: Sequence[str] | np.ndarray) -> np.ndarray:
    """Per pair of given-name keys, whether one is an initial that fits the other's first letter
    (the other written out, with at least two letters)."""
    left, right = np.asarray(left, dtype=object), np.asarray(right, dtype=object)
    codes, keys = pd.factorize(np.concatenate([left, right]))  # a list repeats its names: test each once
    initial = np.array([is_initial(str(key)) for key in keys], dtype=bool)[codes]
    either = np.flatnonzero(initial[: len(left)] | initial[len(left) :])
    agree = np.zeros(len(left), dtype=bool)
    agree[either] = [_fits(a, b) or _fits(b, a) for a, b in zip(left[either], right[either], strict=True)]
    return agree


def _fits(initial_key: str, other: str) -> bool:
    if not is_initial(initial_key) or not other or is_initial(other):
        return False
    letter = initial_key[0].lower()
    if has_arabic_script(other):
        return letter in PERSIAN_INITIALS.get(normalize_persian(other)[0], "")
    first = other[0].lower()
    return letter == first or any(letter in alike and first in alike for alike in LATIN_ALIKE)
