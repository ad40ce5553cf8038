"""Importers of each official format, on hand-written fixtures (tests/fixtures/README.md):
the expected structures, and malformed rows reported and skipped, never a crash."""

from __future__ import annotations

from pathlib import Path

from actions.places import importers
from actions.places.importers import ImportReport, phone

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def test_phone_numbers_are_normalised():
    assert phone("0562009510") == "05 62 00 95 10"
    assert phone("+33 5 62 00 95 10") == "05 62 00 95 10"
    assert phone("") == ""
    assert phone("3949") == "3949"


def test_france_services(gazetteer):
    report = ImportReport()
    out = importers.import_france_services(FIXTURES / "france_services_sample.csv", gazetteer,
                                           report)
    assert [(s.id, s.type, s.code_insee, s.precision, s.phone) for s in out] == [
        ("fs-1", "france_services", "80021", "adresse", "03 00 00 00 01"),
        ("fs-2", "france_services", "97302", "commune", "05 94 00 00 02"),
    ]
    assert out[0].hours == "lundi 09:00 - 12:00; mercredi 09:00 - 12:00 / 14:00 - 17:00"
    assert (out[1].departement, out[1].lat) == ("973", gazetteer.by_insee("97302").lat)
    assert report.skipped == [
        ("france_services", 4, "coordonnée illisible : 'abc'"),
        ("france_services", 5, "ni coordonnées ni commune connue (INSEE '99999')"),
    ]


def test_services_publics_plus(gazetteer):
    report = ImportReport()
    out = importers.import_services_publics_plus(
        FIXTURES / "services_publics_plus_sample.csv", gazetteer, report)
    assert [(s.type, s.name, s.code_postal, s.code_insee, s.precision) for s in out] == [
        ("france_travail", "France Travail Digne", "04000", "04070", "commune"),
        ("france_travail", "France Travail Mamoudzou Test", "97600", "97611", "commune"),
        ("france_travail", "France Travail Toul", "54201", "54528", "commune"),
        ("lycee_agricole", "LEGTA Test", "31320", "31113", "commune"),
    ]
    assert report.skipped == [
        ("services_publics_plus", 6, "ni coordonnées ni commune connue (INSEE '98735')"),
        ("services_publics_plus", 9, "code INSEE illisible : ''"),
    ]


def test_annuaire_education(gazetteer):
    report = ImportReport()
    out = importers.import_annuaire_education(FIXTURES / "annuaire_education_sample.csv",
                                              gazetteer, report)
    assert [(s.id, s.type, s.precision) for s in out] == [
        ("uai-0310000A", "cio", "adresse"),
        ("uai-0310000B", "lycee_pro", "adresse"),
        ("uai-0310000D", "erea", "commune"),
    ]
    assert out[1].address == "1 rue du Test, BP 1" and out[1].phone == "05 00 00 00 02"
    assert report.skipped == [("annuaire_education", 7, "coordonnée hors limites : '95.0'")]


def test_service_public_database(gazetteer):
    report = ImportReport()
    out = importers.import_service_public(FIXTURES / "service_public_bdl_sample.json",
                                          gazetteer, report)
    assert [(s.type, s.code_insee, s.precision) for s in out] == [
        ("cio", "80021", "adresse"), ("mission_locale", "97302", "adresse"),
        ("info_jeunesse", "59350", "adresse"), ("france_travail", "97411", "adresse"),
    ]
    assert out[0].hours.startswith("lundi au mardi 09:00-12:00 / 13:30-17:30")
    assert out[0].source_date == "2024-12-18"
    assert [(row, why) for _source, row, why in report.skipped] == [
        (4, "ni coordonnées ni commune connue (INSEE '')"),
        (6, "coordonnée illisible : 'abc'"),
        (8, "enregistrement qui n'est pas un objet"),
    ]


def test_curated(gazetteer):
    report = ImportReport()
    out = importers.import_curated(FIXTURES / "structures_curated_sample.csv", gazetteer,
                                   report)
    assert [(s.type, s.name, s.departement, s.source) for s in out] == [
        ("epide", "EPIDE de Testville", "80", "https://www.example.org/epide"),
        ("sma", "RSMA Test", "973", "https://www.example.org/sma"),
    ]
    assert report.skipped == [("curated", 4, "ligne sans source publique"),
                              ("curated", 5, "type inconnu : 'stade'")]
