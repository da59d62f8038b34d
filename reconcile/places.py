"""Place names -> canonical keys through a small gazetteer of Iranian cities and prisons.

A place the gazetteer does not know keeps the name key of its text, so that comparison can
still match it fuzzily and across scripts (Recht / Rasht / رشت).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from importlib import resources

import pandas as pd

from reconcile import names

CITY = "city"
PRISON = "prison"
PERSIAN = re.compile("[\u0600-\u06ff]")
NOISE_WORDS = re.compile(
    r"\b(prison|prisons|zendan|gefangnis|gefaengnis|central|centrale|city|ville|de|du|la|d|of)\b|زندان|شهر"
)


def fold_place(text: str) -> str:
    """Lower-case, accent-free, Persian letters unified; the key used to look places up."""
    text = unicodedata.normalize("NFKC", text).replace("\u200c", "").lower()
    text = text.replace("ي", "ی").replace("ك", "ک").replace("آ", "ا")
    if PERSIAN.search(text):  # Persian writes compounds joined, apart or with a half-space: خرم‌آباد
        text = text.replace(" ", "")
    text = "".join(ch for ch in unicodedata.normalize("NFD", text) if unicodedata.category(ch) != "Mn")
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())  # d'Evin -> d evin: "d" is a noise word


@cache
def gazetteer() -> dict[str, tuple[str, str]]:
    """Folded variant -> (kind, canonical)."""
    path = resources.files("reconcile.resources").joinpath("places.csv")
    with path.open(encoding="utf-8") as handle:
        table = pd.read_csv(handle, dtype=str)
    lookup: dict[str, tuple[str, str]] = {}
    for kind, canonical, variant in table.itertuples(index=False):
        lookup[fold_place(variant)] = (kind, canonical)
        lookup[" ".join(NOISE_WORDS.sub(" ", fold_place(variant)).split())] = (kind, canonical)
    return lookup


def resolve_place(text: str) -> tuple[str, str]:
    """(kind, key) of a place as written; unknown places keep their folded text and kind ''."""
    folded = fold_place(text)
    if not folded:
        return "", ""
    lookup = gazetteer()
    if folded in lookup:
        return lookup[folded]
    bare = " ".join(NOISE_WORDS.sub(" ", folded).split())
    if bare in lookup:
        return lookup[bare]
    return "", names.name_key(bare or folded)
