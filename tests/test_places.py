"""Place names as lists write them, resolved to one key per city or prison."""

from __future__ import annotations

import pytest

from reconcile.places import CITY, PRISON, city_of_qualifier, resolve_place


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
