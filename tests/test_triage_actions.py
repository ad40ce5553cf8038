"""The triage form's actions, run on trackers built from events; exact events asserted."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk.events import ActionExecutionRejected, SlotSet

from actions.triage import (
    ActionAskDepartement,
    ActionAskDiplome,
    ActionAskScolarise,
    ActionTriageSummary,
    ValidateTriageForm,
)

RENNES = [
    SlotSet("commune", "Rennes"),
    SlotSet("code_insee", "35238"),
    SlotSet("code_postal", "35000"),
    SlotSet("departement", "35"),
    SlotSet("region", "Bretagne"),
    SlotSet("territoire", "metropole"),
    SlotSet("latitude", 48.11198),
    SlotSet("longitude", -1.68186),
    SlotSet("commune_candidates", None),
]


def by_name(events: list[dict[str, Any]]) -> dict[str, Any]:
    """Slot events as a mapping (the order of SlotSet events carries no meaning)."""
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


async def run_validation(tracker, dispatcher, domain) -> list[dict[str, Any]]:
    return await ValidateTriageForm().run(dispatcher, tracker, domain)


async def test_several_facts_in_one_message(make_tracker, dispatcher, domain):
    tracker = make_tracker("17 ans, rennes, pas de diplome", slots={"profil": "jeune"},
                           requested="age")
    events = await run_validation(tracker, dispatcher, domain)
    assert by_name(events) == {
        "age": 17.0, "diplome": "aucun", **by_name(RENNES), "requested_slot": "scolarise",
    }
    assert dispatcher.messages == []


async def test_short_answer_to_the_question_asked(make_tracker, dispatcher, domain):
    tracker = make_tracker("17", slots={"profil": "jeune"}, requested="age")
    events = await run_validation(tracker, dispatcher, domain)
    assert events == [SlotSet("age", 17.0), SlotSet("requested_slot", "scolarise")]


async def test_no_to_school_question_means_left_school(make_tracker, dispatcher, domain):
    tracker = make_tracker("non", "deny", slots={"profil": "jeune", "age": 17.0},
                           requested="scolarise")
    events = await run_validation(tracker, dispatcher, domain)
    assert events == [SlotSet("scolarise", False), SlotSet("requested_slot", "diplome")]


async def test_correction_replaces_the_age(make_tracker, dispatcher, domain):
    tracker = make_tracker("non en fait j'ai 18 ans", slots={"profil": "jeune", "age": 17.0},
                           requested="scolarise")
    events = await run_validation(tracker, dispatcher, domain)
    assert events == [SlotSet("age", 18.0), SlotSet("requested_slot", "scolarise")]


async def test_refusal_skips_the_question(make_tracker, dispatcher, domain):
    tracker = make_tracker("je prefere pas le dire", "refuse", slots={"profil": "jeune"},
                           requested="age")
    events = await run_validation(tracker, dispatcher, domain)
    assert events == [SlotSet("triage_skipped", ["age"]),
                      SlotSet("requested_slot", "scolarise")]
    assert [m["text"] for m in dispatcher.messages] == ["Pas de souci, on passe à la suite."]


async def test_skipped_fact_given_later_is_taken(make_tracker, dispatcher, domain):
    tracker = make_tracker("g 19 ans", slots={"profil": "jeune", "triage_skipped": ["age"]},
                           requested="scolarise")
    events = await run_validation(tracker, dispatcher, domain)
    assert events == [SlotSet("age", 19.0), SlotSet("triage_skipped", []),
                      SlotSet("requested_slot", "scolarise")]


async def test_parent_is_asked_about_the_child(make_tracker, dispatcher, domain):
    tracker = make_tracker("c pour mon fils, il a 15 ans", requested="profil")
    events = await run_validation(tracker, dispatcher, domain)
    assert events == [SlotSet("profil", "parent"), SlotSet("age", 15.0),
                      SlotSet("requested_slot", "scolarise")]


async def test_parent_own_age_is_not_taken(make_tracker, dispatcher, domain):
    tracker = make_tracker("j'ai 45 ans", slots={"profil": "parent"}, requested="age")
    events = await run_validation(tracker, dispatcher, domain)
    assert events == [SlotSet("requested_slot", "age")]
    assert dispatcher.messages[0]["text"].startswith("C'est l'âge de votre enfant")


async def test_implausible_age_is_refused_with_a_message(make_tracker, dispatcher, domain):
    tracker = make_tracker("j'ai 3 ans", slots={"profil": "jeune"}, requested="age")
    events = await run_validation(tracker, dispatcher, domain)
    assert events == [SlotSet("triage_misses", 1.0), SlotSet("requested_slot", "age")]
    assert dispatcher.messages[0]["text"] == (
        "Je n'ai pas bien compris. Écrivez l'âge en chiffres, par exemple 17."
    )


async def test_unclear_answer_explains_then_gives_up(make_tracker, dispatcher, domain):
    first = make_tracker("euh", slots={"profil": "jeune"}, requested="age")
    events = await run_validation(first, dispatcher, domain)
    assert events == [SlotSet("triage_misses", 1.0), SlotSet("requested_slot", "age")]
    second = make_tracker("euh", slots={"profil": "jeune", "triage_misses": 1.0},
                          requested="age")
    events = await run_validation(second, dispatcher, domain)
    assert by_name(events) == {"triage_skipped": ["age"], "triage_misses": None,
                               "requested_slot": "scolarise"}


async def test_ambiguous_commune_keeps_candidates(make_tracker, dispatcher, domain):
    slots = {"profil": "jeune", "age": 17.0, "scolarise": False, "diplome": "aucun"}
    tracker = make_tracker("saint denis", slots=slots, requested="departement")
    events = await run_validation(tracker, dispatcher, domain)
    assert events == [
        SlotSet("commune_candidates", ["Saint-Denis (974)", "Saint-Denis (93)",
                                       "Saint-Denis (11)", "Saint-Denis (30)"]),
        SlotSet("requested_slot", "departement"),
    ]


async def test_choice_among_candidates(make_tracker, dispatcher, domain):
    slots = {"profil": "jeune", "age": 17.0, "scolarise": False, "diplome": "aucun",
             "commune_candidates": ["Saint-Denis (974)", "Saint-Denis (93)"]}
    tracker = make_tracker("Saint-Denis (974)", slots=slots, requested="departement")
    events = await run_validation(tracker, dispatcher, domain)
    values = by_name(events)
    assert (values["commune"], values["code_insee"], values["departement"],
            values["territoire"], values["code_postal"]) == (
        "Saint-Denis", "97411", "974", "reunion", "97400")
    assert values["commune_candidates"] is None
    assert values["requested_slot"] is None


async def test_position_from_the_widget(make_tracker, dispatcher, domain):
    slots = {"profil": "jeune", "age": 20.0, "scolarise": False, "diplome": "cap_bep"}
    entities = [{"entity": "latitude", "value": 14.6161}, {"entity": "longitude",
                                                           "value": -61.0588}]
    tracker = make_tracker('/inform{"latitude": 14.6161, "longitude": -61.0588}',
                           slots=slots, requested="departement", entities=entities)
    events = await run_validation(tracker, dispatcher, domain)
    values = by_name(events)
    assert (values["commune"], values["departement"], values["territoire"]) == (
        "Fort-de-France", "972", "martinique")
    assert (values["latitude"], values["longitude"]) == (14.6161, -61.0588)


async def test_question_during_form_keeps_facts_and_lets_a_rule_answer(
    make_tracker, dispatcher, domain
):
    tracker = make_tracker("j'ai 19 ans, je peux reprendre mes etudes ?", "faq_droit_qui",
                           slots={"profil": "jeune"}, requested="age")
    events = await run_validation(tracker, dispatcher, domain)
    assert events == [SlotSet("age", 19.0), SlotSet("requested_slot", "scolarise"),
                      ActionExecutionRejected("triage_form")]


async def test_question_without_facts_is_rejected(make_tracker, dispatcher, domain):
    tracker = make_tracker("c quoi une mission locale", "faq_mission_locale",
                           slots={"profil": "jeune"}, requested="age")
    events = await run_validation(tracker, dispatcher, domain)
    assert events == [SlotSet("requested_slot", "age"), ActionExecutionRejected("triage_form")]


async def test_resuming_after_a_rule_does_not_read_the_message_again(
    make_tracker, dispatcher, domain
):
    tracker = make_tracker(
        "j'ai 19 ans, je peux reprendre mes etudes ?", "faq_droit_qui",
        slots={"profil": "jeune", "age": 19.0}, requested="scolarise",
        after=[{"event": "action", "name": "action_answer_faq"}],
    )
    events = await run_validation(tracker, dispatcher, domain)
    assert events == [SlotSet("requested_slot", "scolarise")]
    assert dispatcher.messages == []


async def test_activation_by_a_greeting_reads_the_message(make_tracker, dispatcher, domain):
    tracker = make_tracker("bonjour, ma fille a 16 ans", "greet", activating=True,
                           after=[{"event": "action", "name": "utter_greet"}])
    events = await run_validation(tracker, dispatcher, domain)
    assert events == [SlotSet("profil", "parent"), SlotSet("age", 16.0),
                      SlotSet("requested_slot", "scolarise")]


async def test_all_facts_known_ends_the_form(make_tracker, dispatcher, domain):
    slots = {"profil": "jeune", "age": 17.0, "scolarise": False, "diplome": "aucun"}
    tracker = make_tracker("je suis a rennes", slots=slots, requested="departement")
    events = await run_validation(tracker, dispatcher, domain)
    assert by_name(events) == {**by_name(RENNES), "requested_slot": None}


async def test_outside_collectivity_is_explained(make_tracker, dispatcher, domain):
    slots = {"profil": "jeune", "age": 17.0, "scolarise": False, "diplome": "aucun"}
    tracker = make_tracker("j'habite a tahiti", slots=slots, requested="departement")
    events = await run_validation(tracker, dispatcher, domain)
    assert events == [SlotSet("requested_slot", "departement")]
    assert "Polynésie française n'est pas encore couvert" in dispatcher.messages[0]["text"]


@pytest.mark.parametrize(
    ("slots", "expected"),
    [
        ({}, "Dans quelle commune habitez-vous ? (le nom de la commune ou le code postal)"),
        ({"profil": "parent"},
         "Dans quelle commune habite votre enfant ? (le nom de la commune ou le code postal)"),
    ],
)
async def test_ask_departement(make_tracker, dispatcher, domain, slots, expected):
    tracker = make_tracker("", slots=slots, in_form=False)
    assert await ActionAskDepartement().run(dispatcher, tracker, domain) == []
    assert dispatcher.messages[0]["text"] == expected


async def test_ask_departement_with_candidates(make_tracker, dispatcher, domain):
    tracker = make_tracker("le port", slots={"commune_candidates": ["Le Port (974)",
                                                                   "Le Port (09)"]},
                           in_form=False)
    await ActionAskDepartement().run(dispatcher, tracker, domain)
    message = dispatcher.messages[0]
    assert message["text"].startswith("Plusieurs communes s'appellent Le Port.")
    assert message["buttons"] == [{"title": "Le Port (974)", "payload": "Le Port (974)"},
                                  {"title": "Le Port (09)", "payload": "Le Port (09)"}]


async def test_ask_diplome_after_a_plain_bac(make_tracker, dispatcher, domain):
    tracker = make_tracker("j'ai le bac", in_form=False)
    await ActionAskDiplome().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["text"] == "Quel bac : général, technologique ou professionnel ?"
    assert [b["payload"] for b in dispatcher.messages[0]["buttons"]] == [
        "bac général", "bac techno", "bac pro"]


async def test_ask_scolarise_for_a_parent(make_tracker, dispatcher, domain):
    tracker = make_tracker("", slots={"profil": "parent"}, in_form=False)
    await ActionAskScolarise().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["text"] == (
        "Votre enfant va-t-il encore à l'école (collège, lycée, CFA) ?")


async def test_summary(make_tracker, dispatcher, domain):
    slots = {"profil": "jeune", "age": 17.0, "scolarise": False, "diplome": "aucun",
             "commune": "Rennes", "departement": "35"}
    tracker = make_tracker("non", "deny", slots=slots, in_form=False)
    assert await ActionTriageSummary().run(dispatcher, tracker, domain) == []
    assert dispatcher.messages[0]["text"] == (
        "Si je résume : vous avez 17 ans, vous avez quitté l'école, vous n'avez pas de "
        "diplôme, vous habitez à Rennes, Ille-et-Vilaine (35). Si quelque chose est faux, "
        "dites-le-moi simplement (par exemple « non, j'ai 18 ans »)."
    )
    assert dispatcher.messages[1]["response"] == "utter_anything_else"
