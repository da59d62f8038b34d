"""Place names as lists write them, resolved to one key per city or prison."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from reconcile.compare import compare
from reconcile.config import load_settings
from reconcile.explain import explain
from reconcile.levels import DIFFERENT, IN_ONE_CITY_LEVEL_LABEL, MISSING, by_name, comparisons
from reconcile.load import load
from reconcile.normalize import normalize
from reconcile.places import CITY, PRISON, city_containing, city_of_qualifier, resolve_place
from tests.conftest import settings_text


@pytest.mark.parametrize(
    ("written", "kind", "key"),
    [
        ("Teheran", CITY, "tehran"),
        ("تهران", CITY, "tehran"),
        # A place, then where it is: the qualifier is the province or the city of a prison.
        ("Tabriz, Azerbaijan", CITY, "tabriz"),
        ("Mashhad (Khorasan)", CITY, "mashhad"),
        ("Evin (Tehran)", PRISON, "evin"),
        ("Gohardasht (Karaj)", PRISON, "gohardasht"),
        ("Central prison (Tabriz)", CITY, "tabriz"),  # nothing stands before the qualifier
        # Spellings the gazetteer does not list, found by their sound.
        ("Khoram Abad", CITY, "khorramabad"),
        ("Gohardascht", PRISON, "gohardasht"),  # German sch
        # "Central prison of Tabriz" in Persian, Arabic letters or not.
        ("زندان مرکزی تبریز", CITY, "tabriz"),
        ("زندان مركزي تبريز", CITY, "tabriz"),
        ("Sinne", CITY, "sanandaj"),  # the Kurdish name
        ("Kaswin", CITY, "qazvin"),  # German s for z, read back
        ("Sandschan", CITY, "zanjan"),
        ("Chorramabad", CITY, "khorramabad"),
        # A place called a prison is a prison, known or not.
        ("Karun Prison, Ahvaz", PRISON, "karun"),
        ("Unknownabad Prison", PRISON, "unknunabad"),
    ],
)
def test_places_resolve_to_the_gazetteer(written: str, kind: str, key: str) -> None:
    assert resolve_place(written) == (kind, key)


def test_an_unknown_place_keeps_its_own_name_without_the_qualifier() -> None:
    assert resolve_place("Malekabad (Isfahan)") == resolve_place("Malekabad") == ("", "malekabad")


def test_the_qualifier_of_a_prison_is_its_city() -> None:
    assert city_of_qualifier("Dizelabad Prison, Bakhtaran") == "kermanshah"
    assert city_of_qualifier("Evin (Tehran)") == "tehran"
    assert city_of_qualifier("Evin") == city_of_qualifier("Tabriz, Azerbaijan") == ""  # a province


def test_no_place_is_no_key() -> None:
    assert resolve_place("") == resolve_place(" , ") == ("", "")


@pytest.mark.parametrize(
    ("written", "city"),
    [
        ("Narmak", "tehran"),
        ("نارمک", "tehran"),
        ("Shahr-e Rey", "tehran"),
        ("Evin", "tehran"),
        ("Gohardasht", "karaj"),
    ],
)
def test_a_district_or_prison_lies_in_its_city(written: str, city: str) -> None:
    assert city_containing(resolve_place(written)[1]) == city


def test_a_city_lies_in_no_other_city() -> None:
    assert city_containing("tehran") == city_containing("unknunabad") == ""


PLACES = """
[[lists]]
id = "cards"
role = "corroborating"
path = "cards.csv"
[lists.columns]
record_id = "No"
name = "Name"
place = "Place"
"""

CARDS = "No,Name,Place\n1,Ali Rezaei,Tehran\n2,Ali Rezaei,Narmak\n3,Ali Rezaei,Evin\n4,Ali Rezaei,Tehranpars\n5,Ali Rezaei,Shiraz\n"


def test_a_place_inside_a_city_agrees_with_the_city_less_than_the_same_place(project) -> None:
    folder = project({"reconcile.toml": settings_text(PLACES), "cards.csv": CARDS})
    settings = load_settings(folder / "reconcile.toml")
    records = normalize(load(settings).records, settings).records
    pairs = pd.MultiIndex.from_tuples([(0, 1), (1, 3), (0, 2), (1, 4), (0, 0)])
    levels = compare(records, pairs, settings.comparison)["level_city"].tolist()
    declared = comparisons(settings.comparison)
    city = by_name(declared)["city"]
    in_one_city, different = city.position(IN_ONE_CITY_LEVEL_LABEL), city.position(DIFFERENT)
    # Narmak / Tehran, Narmak / Tehranpars: in one city. Evin is a prison: it says no city.
    assert levels == [in_one_city, in_one_city, MISSING, different, 0]
    assert 0 < in_one_city < different
    features = compare(records, pairs[:1], settings.comparison)
    reasons = explain(features, records.iloc[[0]], records.iloc[[1]], np.array([np.nan]), declared)
    assert "tehran and narmak, both in tehran" in reasons.iloc[0]
