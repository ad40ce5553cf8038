"""Presentation of search results for every channel: plain text that reads well anywhere,
buttons, and a card carousel (generic template) for the channels that show one."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from actions.hours import PHONE
from actions.places.schema import TYPES, Structure
from actions.places.search import AUDIENCES, NATIONAL, Hit

CAROUSEL_CHANNELS = {"socketio", "facebook"}


@dataclass
class Results:
    """What one search found: hits per type, and the types with nothing near."""

    where: str
    hits: dict[str, list[Hit]]
    none_near: list[str]
    more: bool
    """More results exist (the "voir plus" button makes sense)."""


def km(distance: float) -> str:
    if distance < 1:
        return f"{round(distance * 1000, -1):.0f} m"
    return f"{distance:.1f} km".replace(".", ",")


def map_link(structure: Structure) -> str:
    lat, lon = f"{structure.lat:.5f}", f"{structure.lon:.5f}"
    return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"


def _phone_uri(phone: str) -> str:
    digits = re.sub(r"\D", "", phone)
    if len(digits) == 10 and digits.startswith("0"):
        return "+33" + digits[1:]
    return digits


def describe(hit: Hit) -> str:
    s = hit.structure
    lines = [f"{s.name} — {km(hit.distance_km)}"]
    address = ", ".join(p for p in (s.address, f"{s.code_postal} {s.commune}".strip()) if p)
    if address:
        lines.append(address)
    if s.phone:
        lines.append(f"Tél. {s.phone}")
    if s.hours:
        lines.append(f"Horaires : {s.hours}")
    if s.web:
        lines.append(s.web)
    note = " (position approximative : centre de la commune)" if s.precision == "commune" else ""
    lines.append(f"Plan : {map_link(s)}{note}")
    return "\n".join(lines)


def nothing_near(kind: str) -> str:
    radius = AUDIENCES[kind].radius_km
    locator = NATIONAL.get(kind, NATIONAL["default"])
    return (f"{TYPES[kind]} : je n'en connais pas à moins de {radius:.0f} km. "
            f"Cherchez sur {locator}, ou appelez le {PHONE} (gratuit).")


def as_text(results: Results) -> str:
    blocks = [f"Près de {results.where} :"]
    for kind, hits in results.hits.items():
        title = TYPES[kind] if len(hits) == 1 else f"{TYPES[kind]} ({len(hits)})"
        blocks.append(f"▸ {title}\n" + "\n\n".join(describe(h) for h in hits))
    blocks += [nothing_near(kind) for kind in results.none_near]
    return "\n\n".join(blocks)


def buttons(results: Results) -> list[dict[str, str]]:
    out = []
    if results.more:
        out.append({"title": "Voir plus de lieux", "payload": '/find_structure{"plus": "1"}'})
    out.append({"title": "Chercher ailleurs", "payload": '/find_structure{"lieu": "autre"}'})
    out.append({"title": "Parler à un conseiller", "payload": "/ask_human"})
    return out


def carousel(results: Results, channel: str | None) -> dict[str, Any]:
    """A generic template (Messenger's format, which rasa-webchat also shows)."""
    elements = []
    for kind, hits in results.hits.items():
        for hit in hits:
            s = hit.structure
            subtitle = " · ".join(p for p in (
                km(hit.distance_km), s.phone and f"Tél. {s.phone}",
                f"{s.code_postal} {s.commune}".strip(), TYPES[kind]) if p)
            if len(subtitle) > 80:  # Messenger's limit
                subtitle = subtitle[:79].rstrip(" ·") + "…"
            card_buttons: list[dict[str, str]] = [
                {"type": "web_url", "url": map_link(s), "title": "Plan et itinéraire"},
            ]
            if s.phone and channel == "facebook":
                card_buttons.append({"type": "phone_number", "title": "Appeler",
                                     "payload": _phone_uri(s.phone)})
            elif s.web:
                card_buttons.append({"type": "web_url", "url": s.web, "title": "Site"})
            title = s.name if len(s.name) <= 80 else s.name[:79] + "…"
            elements.append({"title": title, "subtitle": subtitle,
                             "buttons": card_buttons})
    return {"type": "template",
            "payload": {"template_type": "generic", "elements": elements[:10]}}


def messages(results: Results, channel: str | None) -> list[dict[str, Any]]:
    """The messages to send: cards where the channel shows them, else plain text."""
    if channel in CAROUSEL_CHANNELS and results.hits:
        intro = f"Près de {results.where}, voici ce que j'ai trouvé :"
        # buttons ride on a text message of their own: Rasa's channels send a message's
        # buttons with its text, and cards without text would lose them
        closing = "\n\n".join(nothing_near(k) for k in results.none_near) or (
            "Vous pouvez aussi voir d'autres lieux ou chercher ailleurs.")
        return [{"text": intro}, {"attachment": carousel(results, channel)},
                {"text": closing, "buttons": buttons(results)}]
    return [{"text": as_text(results), "buttons": buttons(results)}]

