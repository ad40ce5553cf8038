"""The eligibility table: every combination has a defined answer, and the facts that must
never be wrong (ages, what each diploma allows, statuses, contacts) are asserted."""

from __future__ import annotations

import itertools

import pytest

from actions.eligibility import (
    CONTACTS,
    PREPARE,
    REASONS,
    STATUTS,
    AgeBand,
    Situation,
    age_band,
    describe,
    orient,
    structure_note,
)
from actions.parsing import DIPLOMES

AGES = [None, 11, 14, 15, 16, 17, 18, 21, 25, 26, 30]
PROFILS = [None, "jeune", "parent"]
SCOLARISE = [None, True, False]
TERRITOIRES = [None, "metropole", "reunion"]
ALL = list(itertools.product(AGES, [None, *DIPLOMES], PROFILS, SCOLARISE, TERRITOIRES))


@pytest.mark.parametrize(
    ("age", "band"),
    [(None, AgeBand.UNKNOWN), (11, AgeBand.UNDER_16), (15, AgeBand.UNDER_16),
     (16, AgeBand.FROM_16_TO_17), (17, AgeBand.FROM_16_TO_17), (18, AgeBand.FROM_18_TO_25),
     (25, AgeBand.FROM_18_TO_25), (26, AgeBand.OVER_25)],
)
def test_age_bands(age, band):
    assert age_band(age) is band


def test_every_combination_has_a_defined_answer():
    assert len(ALL) == 11 * 8 * 3 * 3 * 3
    for age, diplome, profil, scolarise, territoire in ALL:
        s = Situation(age, diplome, profil, scolarise, territoire)
        o = orient(s)
        assert o.contacts, s
        assert set(o.contacts) <= set(CONTACTS), s
        assert set(o.prepare) <= set(PREPARE) and set(o.statuts) <= set(STATUTS), s
        assert o.reasons and set(o.reasons) <= set(REASONS), s
        assert o.contacts[-1] == "numero_vert", s
        text = describe(s)
        assert text.endswith("0800 12 25 00."), (s, text)
        if profil == "parent":
            assert "votre enfant" in text.lower(), (s, text)
            assert " vous pouvez" not in text, (s, text)


@pytest.mark.parametrize("age", [16, 17, 18, 21, 25])
@pytest.mark.parametrize("diplome", ["aucun", "brevet"])
def test_without_diploma_16_to_25_the_right_applies(age, diplome):
    o = orient(Situation(age, diplome, "jeune", False))
    assert o.droit_retour is True
    assert o.prepare == ("diplome", "rncp")
    assert o.statuts == ("eleve", "apprenti", "stagiaire")
    assert o.contacts[0] == "mission_locale"


def test_general_bac_prepares_a_vocational_diploma_at_school():
    o = orient(Situation(20, "bac_general", "jeune", False))
    assert (o.droit_retour, o.prepare, o.statuts) == (True, ("diplome_pro",),
                                                     ("eleve", "etudiant"))


def test_technological_bac_prepares_a_higher_vocational_diploma():
    o = orient(Situation(20, "bac_techno", "jeune", False))
    assert (o.droit_retour, o.prepare, o.statuts) == (True, ("diplome_pro_sup",),
                                                     ("eleve", "etudiant"))
    assert "BTS" in PREPARE["diplome_pro_sup"]


@pytest.mark.parametrize("diplome", ["cap_bep", "bac_pro", "superieur"])
def test_a_vocational_qualification_is_outside_the_right(diplome):
    o = orient(Situation(19, diplome, "jeune", False))
    assert o.droit_retour is False
    assert o.reasons[0] == "deja_qualifie"


@pytest.mark.parametrize("age", [26, 30])
def test_over_25_the_right_does_not_apply(age):
    o = orient(Situation(age, "aucun", "jeune", False, "metropole"))
    assert (o.droit_retour, o.reasons) == (False, ("trop_age",))
    assert o.contacts == ("france_travail", "afpa", "numero_vert")


@pytest.mark.parametrize("scolarise", [True, False, None])
def test_under_16_school_is_compulsory(scolarise):
    o = orient(Situation(15, None, "parent", scolarise))
    assert o.droit_retour is False
    assert "instruction_obligatoire" in o.reasons
    assert o.contacts == ("etablissement", "cio", "numero_vert")
    assert ("L'instruction est obligatoire jusqu'à 16 ans : votre enfant doit continuer sa "
            "scolarité") in describe(
        Situation(15, None, "parent", scolarise))


def test_16_17_compulsory_training_is_said():
    assert "Entre 16 et 18 ans, la formation est obligatoire" in describe(
        Situation(17, "aucun", "jeune", False))


def test_still_at_school():
    o = orient(Situation(17, "brevet", "jeune", True))
    assert o.droit_retour is False
    assert o.contacts[0] == "etablissement"


@pytest.mark.parametrize(
    ("age", "territoire", "expected"),
    [(18, "reunion", True), (25, "mayotte", True), (17, "reunion", False),
     (26, "reunion", False), (20, "metropole", False), (20, None, False)],
)
def test_sma_is_for_18_to_25_overseas(age, territoire, expected):
    o = orient(Situation(age, "aucun", "jeune", False, territoire))
    assert ("sma" in o.contacts) is expected


@pytest.mark.parametrize(
    ("age", "e2c", "epide"),
    [(16, True, False), (17, True, True), (18, True, True), (25, True, True)],
)
def test_e2c_from_16_and_epide_from_17(age, e2c, epide):
    contacts = orient(Situation(age, "aucun", "jeune", False)).contacts
    assert ("e2c" in contacts, "epide" in contacts) == (e2c, epide)


def test_personalised_opening():
    assert describe(Situation(19, "aucun", "jeune", False)).startswith(
        "À 19 ans et sans diplôme, vous pouvez reprendre une formation")
    assert "À 16 ans et sans diplôme, votre enfant peut reprendre une formation" in describe(
        Situation(16, "aucun", "parent", False))


@pytest.mark.parametrize(
    ("key", "situation", "expected"),
    [
        ("epide", Situation(16), "L'EPIDE accueille à partir de 17 ans : à 16 ans, ce n'est "
                                 "pas encore possible pour vous."),
        ("e2c", Situation(27, profil="parent"), "L'E2C accueille jusqu'à 25 ans : à 27 ans, "
                                               "d'autres solutions existent pour votre enfant."),
        ("sma", Situation(20, territoire="metropole"), "Le SMA n'existe qu'en outre-mer."),
        ("sma", Situation(25, territoire="guyane"), None),
        ("mission_locale", Situation(15), "La mission locale accueille à partir de 16 ans : "
                                          "à 15 ans, ce n'est pas encore possible pour vous."),
        ("cio", Situation(40), None),
    ],
)
def test_structure_notes(key, situation, expected):
    assert structure_note(key, situation) == expected
