"""Place names -> canonical keys through a small gazetteer of Iranian cities, prisons and districts.

A place the gazetteer does not know keeps the name key of its text, so that comparison can
still match it fuzzily and across scripts (Recht / Rasht / رشت). The gazetteer also knows which
city each of its prisons and districts lies in (Evin and Narmak in Tehran).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from importlib import resources

import pandas as pd

from reconcile import names
from reconcile.names.readings import latin_readings

CITY = "city"
PRISON = "prison"
PERSIAN = re.compile("[\u0600-\u06ff]")
NOISE_WORDS = re.compile(
    r"\b(prison|prisons|zendan|gefangnis|gefaengnis|central|centrale|city|ville|de|du|la|d|of)\b"
    r"|زندان|مرکزی|شهر"
)
PRISON_WORD = re.compile(r"\b(prison|zendan|gefangnis|gefaengnis)\b|زندان")
# "Tabriz, Azerbaijan", "Evin (Tehran)": a place, then where it is.
QUALIFIED = re.compile(r"^([^,(\[]*)[,(\[](.*)$")


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
    lookup: dict[str, tuple[str, str]] = {}
    for kind, canonical, variant in _places().itertuples(index=False):
        lookup[fold_place(variant)] = (kind, canonical)
        lookup[_bare(fold_place(variant))] = (kind, canonical)
    return lookup


@cache
def gazetteer_by_sound() -> dict[str, tuple[str, str]]:
    """Name key of a variant, spaces removed -> (kind, canonical), for spellings the list of
    variants lacks (Khoram Abad = Khorramabad); a key two places share is left out."""
    found: dict[str, set[tuple[str, str]]] = {}
    for kind, canonical, variant in _places().itertuples(index=False):
        found.setdefault(_sound(_bare(fold_place(variant))), set()).add((kind, canonical))
    return {key: next(iter(places)) for key, places in found.items() if key and len(places) == 1}


def resolve_place(text: str) -> tuple[str, str]:
    """(kind, key) of a place as written; unknown places keep their folded text and kind ''.

    A place with a qualifier (Tabriz, Azerbaijan; Evin (Tehran); Dastgerd (Isfahan)) is the
    place before it; the qualifier counts only where nothing stands before it."""
    folded = fold_place(text)
    if not folded:
        return "", ""
    qualified = QUALIFIED.match(text)
    head, qualifier = (qualified.group(1), qualified.group(2)) if qualified else (text, "")
    head_folded = fold_place(head)
    head_bare = _bare(head_folded)
    for candidate in (folded, head_bare if head_bare else _bare(fold_place(qualifier))):
        found = _lookup(candidate)
        if found is not None:
            return found
    # An unknown place called a prison is one (Karun Prison, زندان دستگرد), not a city.
    kind = PRISON if PRISON_WORD.search(head_folded) else ""
    return kind, names.name_key(head_bare or _bare(folded) or folded)


def city_of_qualifier(text: str) -> str:
    """The city a qualifier names ("Dizelabad Prison, Bakhtaran" -> kermanshah), or ""."""
    qualified = QUALIFIED.match(text)
    found = _lookup(_bare(fold_place(qualified.group(2)))) if qualified else None
    return found[1] if found and found[0] == CITY else ""


def _lookup(folded: str) -> tuple[str, str] | None:
    lookup = gazetteer()
    bare = _bare(folded)
    found = lookup.get(folded) or lookup.get(bare)
    if found is None and bare and not PERSIAN.search(bare):
        # German and scanned spellings too: Kaswin, Sandschan, Chorramabad.
        by_sound = gazetteer_by_sound()
        readings = (key.replace(" ", "") for key in latin_readings(names.name_key(bare)))
        found = next((by_sound[key] for key in readings if key in by_sound), None)
    return found


def city_containing(key: str) -> str:
    """The city a prison or district lies in, by canonical key (evin -> tehran), or ""."""
    return _cities_containing().get(key, "")


@cache
def _cities_containing() -> dict[str, str]:
    within = _resource("places_within.csv")
    return dict(zip(within["place"], within["city"], strict=True))


@cache
def _places() -> pd.DataFrame:
    return _resource("places.csv")


def _resource(name: str) -> pd.DataFrame:
    path = resources.files("reconcile.resources").joinpath(name)
    with path.open(encoding="utf-8") as handle:
        return pd.read_csv(handle, dtype=str, comment="#")


def _bare(folded: str) -> str:
    return " ".join(NOISE_WORDS.sub(" ", folded).split())


def _sound(bare: str) -> str:
    return names.name_key(bare).replace(" ", "")
