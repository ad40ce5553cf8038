"""What one message says about the person's situation, as triage slot values (pure Python).

The Rasa actions in :mod:`actions.triage` call :func:`read_situation` on every message and
turn its result into events; nothing here knows of Rasa.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from typing import Any

from actions import parsing
from actions.geo.gazetteer import Gazetteer, LocationResult, Place
from actions.textnorm import normalize_words

TRIAGE_SLOTS = ("profil", "age", "scolarise", "diplome", "departement")
LOCATION_SLOTS = (
    "commune", "code_insee", "code_postal", "departement", "region", "territoire",
    "latitude", "longitude",
)
_FIRST_PERSON_AGE = re.compile(r"\b(?:j ai|jai|g|moi)\s+\d{1,2}\b|\bj ai\s+\w+\s+ans\b")
_THIRD_PERSON = re.compile(r"\b(?:il|elle|fils|fille|enfant|gamin|gamine|ado|lui)\b")
_PLAIN_BAC = re.compile(r"\b(?:bac|baccalaureat)\b")


@dataclass
class Reading:
    slots: dict[str, Any] = field(default_factory=dict)
    """New slot values read in the message."""
    candidates: list[str] = field(default_factory=list)
    """Labels of communes sharing the name the person gave ("Saint-Denis (974)")."""
    skipped: str | None = None
    """The slot the person was asked for and declined to give."""
    unsupported_place: str | None = None
    plain_bac: bool = False
    """A bac was named without its kind (général, techno, pro)."""
    parent_own_age: bool = False
    """A parent gave their own age rather than their child's."""

    @property
    def empty(self) -> bool:
        return not (self.slots or self.candidates or self.skipped or self.unsupported_place
                    or self.plain_bac or self.parent_own_age)


def place_slots(place: Place) -> dict[str, Any]:
    return {
        "commune": place.commune,
        "code_insee": place.code_insee,
        "code_postal": place.code_postal,
        "departement": place.departement,
        "region": place.region,
        "territoire": place.territoire,
        "latitude": place.lat,
        "longitude": place.lon,
    }


def _departement_slots(gazetteer: Gazetteer, code: str) -> dict[str, Any]:
    info = gazetteer.departements[code]
    return {
        "commune": None, "code_insee": None, "code_postal": None, "departement": code,
        "region": gazetteer.regions[info["reg"]], "territoire": info["territoire"],
        "latitude": None, "longitude": None,
    }


def read_situation(
    text: str,
    *,
    gazetteer: Gazetteer,
    requested: str | None = None,
    known: dict[str, Any] | None = None,
    position: tuple[float, float] | None = None,
    today: dt.date | None = None,
) -> Reading:
    """Reads every triage fact in ``text``.

    ``requested``: the slot the assistant just asked for (short answers then count).
    ``known``: the slots already filled, used to interpret the message.
    ``position``: latitude and longitude shared by the widget.
    """
    known = known or {}
    reading = _read(text, gazetteer, None, known, position, today)
    if requested and not reading.slots and not reading.candidates:
        # nothing said outright: read the message as a short answer to the question asked
        # ("17", "non", "aucun"); never before, so "non en fait j'ai 18 ans" stays a correction
        reading = _read(text, gazetteer, requested, known, position, today)
    if not reading.slots and requested and parsing.is_skip(text):
        reading.skipped = requested
    return reading


def _read(
    text: str,
    gazetteer: Gazetteer,
    requested: str | None,
    known: dict[str, Any],
    position: tuple[float, float] | None,
    today: dt.date | None,
) -> Reading:
    reading = Reading()
    norm = normalize_words(text)

    profil = parsing.parse_profil(text, expecting=requested == "profil")
    if profil:
        reading.slots["profil"] = profil
    profil = profil or known.get("profil")

    age = parsing.parse_age(text, expecting=requested == "age", today=today)
    if age is not None:
        if (profil == "parent" and _FIRST_PERSON_AGE.search(norm)
                and not _THIRD_PERSON.search(norm)):
            reading.parent_own_age = True
        else:
            reading.slots["age"] = age

    scolarise = parsing.parse_scolarise(text, expecting=requested == "scolarise")
    if scolarise is not None:
        reading.slots["scolarise"] = scolarise

    diplome = parsing.parse_diplome(text, expecting=requested == "diplome")
    if diplome:
        reading.slots["diplome"] = diplome
    elif _PLAIN_BAC.search(norm) and not re.search(r"\b(?:pas|sans|rate|jamais)\b", norm):
        reading.plain_bac = True

    if position is not None:
        place, _distance = gazetteer.nearest(*position)
        reading.slots.update(place_slots(place))
        reading.slots["latitude"], reading.slots["longitude"] = position
    else:
        located = gazetteer.find(
            text,
            expecting=requested == "departement",
            departement=known.get("departement"),
            territoire=known.get("territoire"),
        )
        _apply_location(reading, located, gazetteer)
    return reading


def _apply_location(reading: Reading, located: LocationResult, gazetteer: Gazetteer) -> None:
    if located.place is not None:
        reading.slots.update(place_slots(located.place))
    elif located.candidates:
        reading.candidates = [p.label() for p in located.candidates]
    elif located.departement:
        reading.slots.update(_departement_slots(gazetteer, located.departement))
    elif located.unsupported:
        reading.unsupported_place = located.unsupported


# --- the summary the person reads at the end of the triage -------------------------------
_DIPLOME_TEXT = {
    "aucun": "pas de diplôme",
    "brevet": "le brevet",
    "cap_bep": "un CAP ou un BEP",
    "bac_general": "un bac général",
    "bac_techno": "un bac technologique",
    "bac_pro": "un bac professionnel",
    "superieur": "un diplôme de l'enseignement supérieur",
}


def summary(slots: dict[str, Any], gazetteer: Gazetteer | None = None) -> str:
    """One sentence restating what the assistant understood, in the person's own terms."""
    parent = slots.get("profil") == "parent"
    parts: list[str] = []
    age = slots.get("age")
    if isinstance(age, (int, float)) and not isinstance(age, bool) and math.isfinite(age):
        parts.append(f"votre enfant a {int(age)} ans" if parent else f"vous avez {int(age)} ans")
    scolarise = slots.get("scolarise")
    if scolarise is True:
        parts.append("il ou elle va encore à l'école" if parent else "vous allez encore à l'école")
    elif scolarise is False:
        parts.append("il ou elle a quitté l'école" if parent else "vous avez quitté l'école")
    diplome = slots.get("diplome")
    if diplome in _DIPLOME_TEXT:
        verb = "a" if parent else "avez"
        who = "il ou elle" if parent else "vous"
        if diplome == "aucun":
            parts.append(f"{who} n'{verb} pas de diplôme")
        else:
            parts.append(f"{who} {verb} {_DIPLOME_TEXT[diplome]}")
    where = _where(slots, gazetteer)
    if where:
        parts.append("vous habitez " + where)
    if not parts:
        return "Je n'ai pas encore d'informations sur votre situation."
    return "Si je résume : " + ", ".join(parts) + "."


def _where(slots: dict[str, Any], gazetteer: Gazetteer | None) -> str | None:
    commune, dep = slots.get("commune"), slots.get("departement")
    if not dep:
        return None
    dep_label = dep
    if gazetteer is not None and dep in gazetteer.departements:
        dep_label = gazetteer.departement_label(dep)
    if commune:
        return f"à {commune}, {dep_label}"
    return f"dans le département {dep_label}"
