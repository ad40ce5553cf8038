"""Nearest structures on known places, from the data built from the official files:
the right territory, the nearest first, nothing from another territory overseas."""

from __future__ import annotations

import pytest

from actions.eligibility import Situation
from actions.places.search import AUDIENCES, fits, suggested_types

PLACES = {
    # name: (query for the gazetteer, département, territoire)
    "Amiens": ("Amiens", "80", "metropole"),
    "Lille": ("Lille", "59", "metropole"),
    "Marseille 13003": ("Marseille 13003", "13", "metropole"),
    "Fort-de-France": ("Fort-de-France", "972", "martinique"),
    "Cayenne": ("Cayenne", "973", "guyane"),
    "Saint-Denis (974)": ("Saint-Denis 974", "974", "reunion"),
    "Mamoudzou": ("Mamoudzou", "976", "mayotte"),
    "Locronan (a village)": ("Locronan", "29", "metropole"),
}


@pytest.mark.parametrize("name", list(PLACES))
@pytest.mark.parametrize("kind", ["france_services", "france_travail"])
def test_nearest_in_the_right_territory_and_order(name, kind, gazetteer, structure_index):
    query, departement, territoire = PLACES[name]
    place = gazetteer.find(query).place
    assert place is not None and (place.departement, place.territoire) == (
        departement, territoire)
    hits = structure_index.nearest(kind, place.lat, place.lon, departement=departement,
                                   limit=5)
    distances = [h.distance_km for h in hits]
    assert distances == sorted(distances)
    assert all(d <= AUDIENCES[kind].radius_km for d in distances)
    overseas = departement.startswith("97")
    for hit in hits:
        assert hit.structure.type == kind
        if overseas:
            assert hit.structure.departement == departement, hit.structure
        else:
            assert not hit.structure.departement.startswith("97"), hit.structure


@pytest.mark.parametrize(
    ("point", "departement", "kind", "expected"),
    [
        ((4.9383, -52.3306), "973", "france_services", "France services de Cayenne"),
        ((43.6045, 1.4440), "31", "cio",
         "Centre d'information et d'orientation de Toulouse Centre"),
        ((43.6045, 1.4440), "31", "france_travail", "France Travail Toulouse Hippodrome"),
    ],
)
def test_the_nearest_is_the_expected_one(point, departement, kind, expected,
                                         structure_index):
    [hit] = structure_index.nearest(kind, *point, departement=departement)
    assert hit.structure.name == expected


def test_nothing_far_away_is_proposed(gazetteer, structure_index):
    # CIO data exists offline for Occitanie only: none within reach of Amiens
    place = gazetteer.find("Amiens").place
    assert place is not None
    assert structure_index.nearest("cio", place.lat, place.lon, departement="80") == []


def test_overseas_never_gets_the_metropole(structure_index):
    # a point off La Réunion with a huge radius: still only Réunion structures
    hits = structure_index.nearest("france_services", -21.1, 55.5, departement="974",
                                   limit=50, radius_km=20000)
    assert hits and {h.structure.departement for h in hits} == {"974"}


@pytest.mark.parametrize(
    ("situation", "territoire", "expected"),
    [
        (Situation(19, "aucun", "jeune", False), "metropole",
         ["mission_locale", "cio", "mlds", "e2c", "epide", "micro_lycee", "info_jeunesse",
          "france_services"]),
        (Situation(19, "aucun", "jeune", False), "reunion",
         ["mission_locale", "cio", "mlds", "e2c", "epide", "sma", "micro_lycee",
          "info_jeunesse", "france_services"]),
        (Situation(15, None, "parent", True), "metropole", ["cio", "info_jeunesse"]),
        (Situation(30, "aucun", "jeune", False), "metropole",
         ["france_travail", "afpa", "info_jeunesse", "france_services"]),
    ],
)
def test_suggested_types_fit_the_situation(situation, territoire, expected):
    assert suggested_types(situation, territoire) == expected


def test_audiences():
    assert not fits("epide", Situation(16), "metropole")
    assert fits("epide", Situation(17), "metropole")
    assert not fits("sma", Situation(20), "metropole")
    assert fits("sma", Situation(20), "guyane")
    assert not fits("smv", Situation(20), "guyane")
    assert not fits("mission_locale", Situation(17, scolarise=True), "metropole")
