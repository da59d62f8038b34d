"""Place names -> canonical keys through a small gazetteer of Iranian cities and prisons."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from importlib import resources

import pandas as pd

CITY = "city"
PRISON = "prison"
NOISE_WORDS = re.compile(r"\b(prison|zendan|city|ville|de|of)\b|زندان|شهر")


def fold_place(text: str) -> str:
    """Lower-case, accent-free, Persian letters unified; the key used to look places up."""
    text = unicodedata.normalize("NFKC", text).replace("\u200c", "").lower()
    text = text.replace("ي", "ی").replace("ك", "ک")
    text = "".join(ch for ch in unicodedata.normalize("NFD", text) if unicodedata.category(ch) != "Mn")
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


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
    return "", bare or folded
