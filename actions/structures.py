"""Rasa action proposing the nearest structures that fit the person.

The search and the presentation live in :mod:`actions.places` (pure Python).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.faq import situation_of
from actions.geo.gazetteer import Gazetteer
from actions.geo.geocoder import Address, geocode, looks_like_street_address
from actions.geo.store import get_gazetteer
from actions.hours import PHONE
from actions.places import present
from actions.places.importers import departement_of
from actions.places.present import Results
from actions.places.query import requested_types
from actions.places.search import AUDIENCES, StructureIndex, suggested_types
from actions.places.store import get_structure_index
from actions.settings import get_settings
from actions.situation import LOCATION_SLOTS

log = logging.getLogger(__name__)
MAX_TYPES = 6


def _kinds(value: Any) -> list[str]:
    """The structure types kept in a slot, leaving out any this version does not know."""
    return [k for k in value if k in AUDIENCES] if isinstance(value, list) else []


def _entity(tracker: Tracker, name: str) -> Any:
    for entity in tracker.latest_message.get("entities") or []:
        if entity.get("entity") == name:
            return entity.get("value")
    return None


def _point(tracker: Tracker, gazetteer: Gazetteer, text: str, fresh: bool,
           address: Address | None = None) -> tuple[float, float, str, str | None] | None:
    """The search centre (lat, lon, label, département) from the message, else the slots."""
    if address is not None:
        return address.lat, address.lon, address.label, departement_of(address.code_insee)
    if fresh:
        located = gazetteer.find(text, territoire=tracker.get_slot("territoire"))
        if located.place is not None:
            p = located.place
            return p.lat, p.lon, p.label(), p.departement
        if located.departement:
            return _departement_centre(gazetteer, located.departement)
    lat, lon = tracker.get_slot("latitude"), tracker.get_slot("longitude")
    dep = tracker.get_slot("departement")
    if isinstance(lat, (int, float)) and isinstance(lon, (int, float)):
        label = tracker.get_slot("commune") or "votre position"
        return float(lat), float(lon), f"{label} ({dep})" if dep else label, dep
    if dep:
        return _departement_centre(gazetteer, dep)
    return None


def _departement_centre(gazetteer: Gazetteer, dep: str) -> tuple[float, float, str, str] | None:
    info = gazetteer.departements.get(dep)
    place = gazetteer.by_insee(info["chef_lieu"]) if info else None
    if place is None:
        return None
    return place.lat, place.lon, f"{place.commune} ({dep})", dep


def search(index: StructureIndex, kinds: list[str], lat: float, lon: float, where: str,
           departement: str | None, offset: int) -> Results:
    per_type = 3 if len(kinds) == 1 else 1
    hits, none_near, more = {}, [], False
    for kind in kinds[:MAX_TYPES]:
        found = index.nearest(kind, lat, lon, departement=departement,
                              limit=per_type + 1, offset=offset)
        if found[:per_type]:
            hits[kind] = found[:per_type]
            more = more or len(found) > per_type
        elif offset == 0:
            none_near.append(kind)
    return Results(where=where, hits=hits, none_near=none_near, more=more)


class ActionFindStructure(Action):
    def name(self) -> str:
        return "action_find_structure"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        text = tracker.latest_message.get("text") or ""
        situation = situation_of(tracker)
        territoire = tracker.get_slot("territoire")
        more = _entity(tracker, "plus") is not None
        elsewhere = _entity(tracker, "lieu") is not None
        pending = _kinds(tracker.get_slot("search_pending"))
        kinds = (requested_types(text)
                 or (_kinds(tracker.get_slot("search_types")) if more or elsewhere else None)
                 or pending or suggested_types(situation, territoire))
        if elsewhere:
            # ask the place again through the triage form's question
            return [SlotSet("search_pending", kinds),
                    *[SlotSet(slot, None) for slot in LOCATION_SLOTS],
                    FollowupAction("triage_form")]
        try:
            gazetteer, index = get_gazetteer(), get_structure_index()
        except FileNotFoundError:
            log.exception("structure data unavailable")
            dispatcher.utter_message(
                text="La recherche des lieux est indisponible pour le moment. Le numéro vert "
                     f"{PHONE} (gratuit) vous donne l'adresse la plus proche.")
            return []
        address = None
        if not more and looks_like_street_address(text):
            loop = asyncio.get_running_loop()
            address = await loop.run_in_executor(
                None, geocode, text, get_settings().geocoder_url)
        point = _point(tracker, gazetteer, text, fresh=not more, address=address)
        if point is None:
            return [SlotSet("search_pending", kinds), FollowupAction("triage_form")]
        lat, lon, where, departement = point
        offset = 0
        if more:
            offset = int(tracker.get_slot("search_offset") or 0) + (3 if len(kinds) == 1 else 1)
        results = search(index, kinds, lat, lon, where, departement, offset)
        if more and not results.hits:
            dispatcher.utter_message(text="Je n'ai pas d'autre lieu à proposer près d'ici.",
                                     buttons=present.buttons(results))
        else:
            channel = tracker.get_latest_input_channel()
            for message in present.messages(results, channel):
                dispatcher.utter_message(**message)
        return [SlotSet("search_types", kinds), SlotSet("search_offset", float(offset)),
                SlotSet("search_pending", None)]
