"""Territories of the service: metropolitan France and the five overseas départements."""

from __future__ import annotations

TERRITOIRES = ("metropole", "guadeloupe", "martinique", "guyane", "reunion", "mayotte")

_BY_DEPARTEMENT = {
    "971": "guadeloupe",
    "972": "martinique",
    "973": "guyane",
    "974": "reunion",
    "976": "mayotte",
}
DEPARTEMENT_OF_TERRITOIRE = {v: k for k, v in _BY_DEPARTEMENT.items()}

LABELS = {
    "metropole": "la métropole",
    "guadeloupe": "la Guadeloupe",
    "martinique": "la Martinique",
    "guyane": "la Guyane",
    "reunion": "La Réunion",
    "mayotte": "Mayotte",
}

TIMEZONES = {
    "metropole": "Europe/Paris",
    "guadeloupe": "America/Guadeloupe",
    "martinique": "America/Martinique",
    "guyane": "America/Cayenne",
    "reunion": "Indian/Reunion",
    "mayotte": "Indian/Mayotte",
}


def territoire_of(departement: str) -> str:
    """Territory of a département code ("80", "2A", "974")."""
    return _BY_DEPARTEMENT.get(departement, "metropole")
