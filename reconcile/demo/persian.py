"""Persian-script variation: joiners, Arabic keyboard letters, Persian digits.

Lists typed in Persian differ less in spelling than in encoding: the same name arrives with
Arabic yeh and kaf (ي ك) from an Arabic keyboard layout, with a ZWNJ, a space or nothing
between the parts of a compound (عبدالله / عبد الله, حسین‌زاده / حسین زاده / حسینزاده).
"""

from __future__ import annotations

import random

from reconcile.demo.pools import ZWNJ, Name
from reconcile.demo.spelling import Variants, pick

UNKNOWN = "ناشناس"  # "unknown": placeholder a memorial uses when a name was not known
TITLES = {"seyed": "سید", "mir": "میر", "haj": "حاج", "sadat": "سادات"}

# How a joint between two parts is typed, by its canonical joiner.
JOINER_VARIANTS: dict[str, Variants] = {
    ZWNJ: ((ZWNJ, 0.55), (" ", 0.3), ("", 0.15)),
    "": (("", 0.75), (" ", 0.2), (ZWNJ, 0.05)),
}
# Letters an Arabic keyboard types instead of the Persian ones (yeh and kaf look alike).
ARABIC_LETTERS = str.maketrans({"ی": "ي", "ک": "ك"})
# Letters an Arabic keyboard lacks, typed as the nearest Arabic letter.
ARABIC_KEYBOARD = str.maketrans({"پ": "ب", "چ": "ج", "ژ": "ز", "گ": "ك", "ی": "ي", "ک": "ك"})
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def render_fa(name: Name, rng: random.Random) -> str:
    """A name in Persian script with the joints between its parts typed one of the usual ways."""
    text = name.parts[0].fa
    for joiner, part in zip(name.joiners, name.parts[1:], strict=True):
        typed = pick(rng, JOINER_VARIANTS[joiner])
        if typed == " " and text.endswith("ال") and len(text) > 2:
            text = text[:-2] + " ال"  # عبد الکریم: the space falls before the article
            typed = ""
        text += typed + part.fa
    return text


def with_title(given: str, key: str) -> str:
    """سید محمد, میرحسین, فاطمه سادات: the title where Persian writes it."""
    if not key:
        return given
    if key == "sadat":
        return f"{given} {TITLES[key]}"
    if key == "mir":
        return TITLES[key] + given
    return f"{TITLES[key]} {given}"


def arabic_letters(text: str) -> str:
    return text.translate(ARABIC_LETTERS)


def arabic_keyboard(text: str) -> str:
    return text.translate(ARABIC_KEYBOARD)


def persian_digits(text: str) -> str:
    return text.translate(PERSIAN_DIGITS)
