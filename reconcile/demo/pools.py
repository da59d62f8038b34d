"""Name and place pools, read from the CSV tables in `data/`.

Every name is kept twice: in Persian script and in the generator's phonemic code. The code
spells each sound one way (kh, gh, sh, ch, zh; q for qaf and gh for ghain; u long, o short,
ei and ow diphthongs, ' for ayn) so that each romanization habit in `spelling.py` can be a
small table of rules over it instead of a list of ready-made variants.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

ZWNJ = "\u200c"
# Letters that never join the following letter, so a ZWNJ after them changes nothing visible.
NON_JOINING = frozenset("اآأإدذرزژوؤ")


@dataclass(frozen=True)
class Part:
    """One word of a name: Persian script and phonemic code."""

    fa: str
    code: str


@dataclass(frozen=True)
class Name:
    """A given or family name made of one or more parts (Gholam+Hosein, Pur+Mohammadi)."""

    parts: tuple[Part, ...]
    joiners: tuple[str, ...] = ()  # canonical Persian joiner between parts: "" or ZWNJ
    sex: str = ""  # "m" or "f" for given names
    sayyid: bool = False  # family names often carried by sayyids (Seyed, Sadat)

    @property
    def code(self) -> str:
        return "".join(part.code for part in self.parts)

    @property
    def fa(self) -> str:
        text = self.parts[0].fa
        for joiner, part in zip(self.joiners, self.parts[1:], strict=True):
            text += joiner + part.fa
        return text

    @property
    def canonical(self) -> str:
        """The generator's own romanization, used as ground truth (`Mohammadreza`)."""
        return self.code.capitalize()


@dataclass(frozen=True)
class Place:
    """A city or prison with its spelling per habit (first variant is the usual one)."""

    key: str
    kind: str  # "city" or "prison"
    city: str  # the city key; for a city its own key
    weight: float
    spellings: dict[str, tuple[str, ...]]  # column (fa, en, fr, de, gov) -> variants

    @property
    def canonical(self) -> str:
        return self.spellings["en"][0]


@dataclass(frozen=True)
class Affiliation:
    key: str
    weight: float
    fa: tuple[str, ...]
    en: tuple[str, ...]


def _rows(filename: str) -> list[dict[str, str]]:
    text = resources.files("reconcile.demo").joinpath("data", filename).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def _given(row: dict[str, str]) -> Name:
    fa_text = row["fa"].replace("~", "+~")
    fa_parts = fa_text.split("+")
    codes = row["code"].split("+")
    parts: list[Part] = []
    joiners: list[str] = []
    for fa, code in zip(fa_parts, codes, strict=True):
        if parts:  # `~` in the table marks a ZWNJ (نعمت‌الله), `+` a plain join (غلامحسین)
            joiners.append(ZWNJ if fa.startswith("~") else "")
        parts.append(Part(fa.lstrip("~"), code))
    return Name(tuple(parts), tuple(joiners), sex=row["sex"])


@cache
def given_names(sex: str) -> tuple[Name, ...]:
    """Given names of one sex, most frequent first."""
    return tuple(_given(row) for row in _rows("given_names.csv") if row["sex"] == sex)


def _compose(stem: dict[str, str], suffix: dict[str, str], sayyid: bool) -> Name:
    base = (
        Part(stem["fa_adj"], stem["code_adj"])
        if suffix["attach"] == "adj"
        else Part(stem["fa"], stem["code"])
    )
    affix = Part(suffix["fa"], suffix["code"])
    ordered = (affix, base) if suffix["prefix"] == "1" else (base, affix)
    if suffix["separable"] != "1":
        return Name((Part(ordered[0].fa + ordered[1].fa, ordered[0].code + ordered[1].code),), sayyid=sayyid)
    joiner = "" if ordered[0].fa[-1] in NON_JOINING else ZWNJ
    return Name(ordered, (joiner,), sayyid=sayyid)


@cache
def family_names() -> tuple[Name, ...]:
    """Family names, most frequent first: the plain table, then stem + suffix compositions."""
    names: dict[str, Name] = {}
    sayyid_codes = set()
    for row in _rows("family_names.csv"):
        sayyid = row["sayyid"] == "1"
        names.setdefault(row["code"], Name((Part(row["fa"], row["code"]),), sayyid=sayyid))
        if sayyid:
            sayyid_codes.add(row["code"])
    stems = _rows("family_stems.csv")
    for suffix in _rows("family_suffixes.csv"):
        for stem in stems:
            if suffix["key"] in stem["suffixes"].split():
                name = _compose(stem, suffix, stem["code_adj"] in sayyid_codes)
                names.setdefault(name.code, name)
    return tuple(names.values())


@cache
def places() -> tuple[Place, ...]:
    columns = ("fa", "en", "fr", "de", "gov")
    return tuple(
        Place(
            key=row["key"],
            kind=row["kind"],
            city=row["city"],
            weight=float(row["weight"]),
            spellings={column: tuple(row[column].split("|")) for column in columns},
        )
        for row in _rows("places.csv")
    )


def cities() -> tuple[Place, ...]:
    return tuple(place for place in places() if place.kind == "city")


def _french_of(town: str) -> str:
    return f"prison d'{town}" if town[0] in "AEIOUÉ" else f"prison de {town}"


def prisons_of(city: str) -> Sequence[Place]:
    """The prisons of a city; a city without one in the table gets its central prison."""
    found = tuple(item for item in places() if item.kind == "prison" and item.city == city)
    if found:
        return found
    town = place(city).spellings
    return (
        Place(
            key=f"{city}_prison",
            kind="prison",
            city=city,
            weight=1.0,
            spellings={
                "fa": (f"زندان {town['fa'][0]}",),
                "en": (f"{town['en'][0]} prison", f"{town['en'][0]} central prison"),
                "fr": (_french_of(town["fr"][0]),),
                "de": (f"Gefängnis {town['de'][0]}",),
                "gov": (f"{town['gov'][0]} prison",),
            },
        ),
    )


def place(key: str) -> Place:
    """A place by key; generated central prisons are found through their city."""
    for item in places():
        if item.key == key:
            return item
    return prisons_of(key.removesuffix("_prison"))[0]


@cache
def affiliations() -> tuple[Affiliation, ...]:
    return tuple(
        Affiliation(
            row["key"], float(row["weight"]), tuple(row["fa"].split("|")), tuple(row["en"].split("|"))
        )
        for row in _rows("affiliations.csv")
    )
