"""Political affiliations -> canonical keys, through keywords of the organizations of the 1980s.

Lists name one organization many ways: سازمان مجاهدین خلق ایران, مجاهدین خلق, PMOI, People's
Mojahedin, MEK, and the government's own "منافقین" (hypocrites). Each canonical organization is
recognized by keywords (`resources/affiliations.csv`), tried in file order: the more specific
first, so that the Mojahedin of the Islamic Revolution are not the PMOI, a "Baha'i minority" is
not the Fadaian Minority, and the Minority and Majority are told apart before the word Fadaian
alone decides. A text no keyword knows keeps its folded self as key, so that the same words
still agree; a placeholder ("unknown", نامعلوم) is no affiliation at all.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

import numpy as np
import pandas as pd

from reconcile.names.keys import is_placeholder_text
from reconcile.places import fold_place

_PERSIAN = re.compile("[\u0600-\u06ff]")
SUBGROUP = "_"  # fadaian_minority is a group of fadaian
ACRONYM_LETTERS = 4  # a Latin keyword this short is an acronym (MEK): a whole word, never a prefix


@cache
def _keywords() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(canonical, pattern) per keyword in file order. A Persian keyword may sit anywhere (Persian
    joins words: مجاهدین in سازمانمجاهدینخلق); a Latin one begins a word (mojahed in Mojahedin),
    and an acronym is a whole word (MEK, not Mekanik)."""
    path = resources.files("reconcile.resources").joinpath("affiliations.csv")
    with path.open(encoding="utf-8") as handle:
        table = pd.read_csv(handle, dtype=str)
    out = []
    for canonical, keyword in table.itertuples(index=False):
        folded = re.escape(fold_place(keyword))
        if _PERSIAN.search(keyword):
            pattern = folded
        elif len(keyword) <= ACRONYM_LETTERS:
            pattern = rf"\b{folded}\b"
        else:
            pattern = rf"\b{folded}"
        out.append((canonical, re.compile(pattern)))
    return tuple(out)


def resolve_affiliation(text: str) -> str:
    """Canonical key of an affiliation as written; "" for none, the folded text if unknown."""
    folded = fold_place(text)
    if not folded or is_placeholder_text(text):
        return ""
    for canonical, pattern in _keywords():
        if pattern.search(folded):
            return canonical
    return folded


def agreement(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """1.0 for one organization, 0.0 for two, NaN where either is missing or one names only the
    family of the other (Fadaian and Fadaian Minority: the broader word does not contradict)."""
    a, b = left.astype(str), right.astype(str)
    missing = (a == "") | (b == "")
    within = np.char.startswith(a, np.char.add(b, SUBGROUP)) | np.char.startswith(b, np.char.add(a, SUBGROUP))
    return np.where(missing | within, np.nan, (a == b).astype(float))
