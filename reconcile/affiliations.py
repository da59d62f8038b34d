"""Political affiliations -> canonical keys, through keywords of the organizations of the 1980s.

Lists name one organization many ways: سازمان مجاهدین خلق ایران, مجاهدین خلق, PMOI, People's
Mojahedin, MEK, and the government's own "منافقین" (hypocrites). Each canonical organization is
recognized by keywords (`resources/affiliations.csv`), tried in file order so that the Fadaian
Minority and Majority are told apart before the word Fadaian alone decides. A text no keyword
knows keeps its folded self as key: the same words still agree, other words are not taken as
a contradiction of a known organization by mistake more often than they would be by chance.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

import pandas as pd

from reconcile.places import fold_place

_PERSIAN = re.compile("[\u0600-\u06ff]")
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
    if not folded:
        return ""
    for canonical, pattern in _keywords():
        if pattern.search(folded):
            return canonical
    return folded
