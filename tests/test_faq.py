"""The answers: every question has a sourced answer, the facts that must never be wrong are
right, acronyms are explained, and the action personalises and ends with a next step."""

from __future__ import annotations

import re

import pytest

from actions.content import faq_answers
from actions.eligibility import Situation
from actions.faq import NEXT_STEPS, ActionAnswerFaq, answer_text

REFERENCE = re.compile(r"^00[0-4]_[0-9a-f]{16}\.txt$")
ACRONYMS = ["CIO", "MLDS", "E2C", "EPIDE", "SMA", "SMV", "RNCP", "BTS", "CFA", "CFG",
            "BIJ", "PIJ", "CRIJ"]


def test_every_question_of_the_domain_has_an_answer(domain):
    intents = {i for i in domain["intents"] if i.startswith("faq_")}
    assert intents == set(faq_answers())
    assert len(intents) == 27


@pytest.mark.parametrize("key", sorted(faq_answers()))
def test_every_answer_is_sourced(key):
    answer = faq_answers()[key]
    assert answer.sources
    for source in answer.sources:
        assert REFERENCE.match(source) or source.startswith(("https://", "http://")), source


@pytest.mark.parametrize("key", sorted(faq_answers()))
def test_acronyms_are_explained_at_first_use(key):
    text = faq_answers()[key].text
    for acronym in ACRONYMS:
        match = re.search(rf"\b{acronym}\b", text)
        if match:
            assert text[match.end():].startswith(" ("), (acronym, text)


def test_phone_number_and_hours_per_territory():
    text = faq_answers()["faq_numero_horaires"].text
    assert "0800 12 25 00" in text and "gratuit" in text
    assert "du lundi au vendredi" in text
    for place, hours in [("en métropole", "de 10 h à 20 h"),
                         ("en Guadeloupe et en Martinique", "de 8 h à 15 h"),
                         ("en Guyane", "de 9 h à 16 h"), ("à La Réunion", "de 12 h à 22 h"),
                         ("à Mayotte", "de 11 h à 21 h")]:
        assert f"{place}, {hours}" in text


@pytest.mark.parametrize(
    ("key", "ages"),
    [("faq_droit_qui", "entre 16 et 25 ans"), ("faq_mission_locale", "16 à 25 ans"),
     ("faq_e2c", "16 à 25 ans"), ("faq_epide", "17 à 25 ans"), ("faq_sma", "18 à 25 ans"),
     ("faq_service_civique", "16 à 25 ans")],
)
def test_age_limits(key, ages):
    assert ages in faq_answers()[key].text


def test_what_each_diploma_allows():
    text = faq_answers()["faq_droit_quoi"].text
    assert "baccalauréat (bac) général" in text and "bac technologique" in text
    assert "diplôme professionnel" in text and "BTS" in text and "RNCP" in text


def test_statuses():
    text = faq_answers()["faq_droit_statut"].text.lower()
    assert "élève" in text and "apprenti" in text and "stagiaire de la formation" in text


def test_pole_emploi_is_now_france_travail():
    text = faq_answers()["faq_france_travail"].text
    assert "France Travail" in text and "Pôle emploi" in text and "2024" in text


def test_general_answer_when_nothing_is_known():
    assert answer_text("faq_droit_qui", Situation()) == faq_answers()["faq_droit_qui"].text


def test_personalised_answer_when_the_triage_is_known():
    text = answer_text("faq_droit_qui", Situation(19, "aucun", "jeune", False))
    assert text is not None
    assert text.startswith("À 19 ans et sans diplôme, vous pouvez reprendre une formation")
    assert text.endswith(faq_answers()["faq_droit_qui"].text)


def test_structure_answer_notes_an_age_outside_its_audience():
    text = answer_text("faq_epide", Situation(16))
    assert text is not None
    assert text.endswith("L'EPIDE accueille à partir de 17 ans : à 16 ans, ce n'est pas "
                         "encore possible pour vous.")


async def test_action_answers_with_next_steps(make_tracker, dispatcher, domain):
    tracker = make_tracker("c quoi la mission locale", "faq_mission_locale",
                           slots={"age": 15.0}, in_form=False, active=False)
    assert await ActionAnswerFaq().run(dispatcher, tracker, domain) == []
    message = dispatcher.messages[0]
    assert message["text"] == (faq_answers()["faq_mission_locale"].text + "\n\n"
                               "La mission locale accueille à partir de 16 ans : à 15 ans, "
                               "ce n'est pas encore possible pour vous.")
    assert message["buttons"] == NEXT_STEPS


async def test_action_with_an_unknown_question(make_tracker, dispatcher, domain):
    tracker = make_tracker("???", "nlu_fallback", in_form=False, active=False)
    assert await ActionAnswerFaq().run(dispatcher, tracker, domain) == []
    assert dispatcher.messages[0]["response"] == "utter_default"
