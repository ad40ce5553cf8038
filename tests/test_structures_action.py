"""The action proposing structures: events returned, text for REST, cards for socket.io."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet

from actions.situation import LOCATION_SLOTS
from actions.structures import ActionFindStructure


def _tracker(text: str, slots: dict, entities=None, channel: str = "rest") -> Tracker:
    parse = {"intent": {"name": "find_structure", "confidence": 0.9},
             "entities": entities or [], "text": text}
    events = [
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": text, "parse_data": parse,
         "input_channel": channel},
    ]
    return Tracker("test", slots, parse, events, False, None, {}, "action_listen")


TOULOUSE = {"commune": "Toulouse", "departement": "31", "territoire": "metropole",
            "latitude": 43.6045, "longitude": 1.444, "age": 19.0, "diplome": "aucun",
            "profil": "jeune", "scolarise": False}


async def test_a_named_type_in_a_named_town(dispatcher, domain):
    tracker = _tracker("ya un cio a toulouse ?", {})
    events = await ActionFindStructure().run(dispatcher, tracker, domain)
    assert events == [SlotSet("search_types", ["cio"]), SlotSet("search_offset", 0.0),
                      SlotSet("search_pending", None)]
    [message] = dispatcher.messages
    assert message["text"].startswith("Près de Toulouse (31) :\n\n▸ CIO (centre d'information "
                                      "et d'orientation) (3)\nCentre d'information et "
                                      "d'orientation de Toulouse Centre — ")
    assert "Plan : https://www.openstreetmap.org/?mlat=" in message["text"]
    assert [b["title"] for b in message["buttons"]] == [
        "Voir plus de lieux", "Chercher ailleurs", "Parler à un conseiller"]


async def test_suggestions_from_the_triage_and_national_alternatives(dispatcher, domain):
    tracker = _tracker("je cherche un lieu pres de chez moi", TOULOUSE)
    await ActionFindStructure().run(dispatcher, tracker, domain)
    text = dispatcher.messages[0]["text"]
    assert "▸ CIO (centre d'information et d'orientation)" in text
    # no mission locale in the offline data: the national locator instead, never far away
    assert ("Mission locale : je n'en connais pas à moins de 40 km. Cherchez sur l'annuaire "
            "des missions locales : https://www.unml.info, ou appelez le 0800 12 25 00 "
            "(gratuit).") in text


async def test_cards_on_the_web_widget(dispatcher, domain):
    tracker = _tracker("un cio", TOULOUSE, channel="socketio")
    await ActionFindStructure().run(dispatcher, tracker, domain)
    intro, cards, closing = dispatcher.messages
    assert intro["text"] == "Près de Toulouse (31), voici ce que j'ai trouvé :"
    elements = cards["attachment"]["payload"]["elements"]
    assert len(elements) == 3
    assert elements[0]["buttons"][0]["title"] == "Plan et itinéraire"
    assert closing["buttons"][0]["payload"] == '/find_structure{"plus": "1"}'


async def test_more_results(dispatcher, domain):
    slots = {**TOULOUSE, "search_types": ["cio"], "search_offset": 0.0}
    tracker = _tracker('/find_structure{"plus": "1"}', slots,
                       entities=[{"entity": "plus", "value": "1"}])
    events = await ActionFindStructure().run(dispatcher, tracker, domain)
    assert SlotSet("search_offset", 3.0) in events
    assert "▸ CIO" in dispatcher.messages[0]["text"]


async def test_no_place_known_asks_for_it(dispatcher, domain):
    tracker = _tracker("je cherche une mission locale", {})
    events = await ActionFindStructure().run(dispatcher, tracker, domain)
    assert events == [SlotSet("search_pending", ["mission_locale"]),
                      FollowupAction("triage_form")]


async def test_elsewhere_forgets_the_place_and_asks_again(dispatcher, domain):
    tracker = _tracker('/find_structure{"lieu": "autre"}', {**TOULOUSE, "search_types": ["cio"]},
                       entities=[{"entity": "lieu", "value": "autre"}])
    events = await ActionFindStructure().run(dispatcher, tracker, domain)
    assert events == [SlotSet("search_pending", ["cio"]),
                      *[SlotSet(s, None) for s in LOCATION_SLOTS],
                      FollowupAction("triage_form")]
