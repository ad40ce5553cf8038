"""Who each type of structure is for, and the nearest structures that fit a person.

Ages and audiences come from the service's reference text, updated by the official pages
cited in actions/content/faq.yml (E2C 16-25, EPIDE 17-25, SMA 18-25 overseas).
"""

from __future__ import annotations

import gzip
import json
import math
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from actions.eligibility import Situation, orient
from actions.geo.gazetteer import EARTH_RADIUS_KM
from actions.places.schema import Structure

OVERSEAS = {"971", "972", "973", "974", "976"}


@dataclass(frozen=True)
class Audience:
    min_age: int | None
    max_age: int | None
    pupils: bool
    """Also for pupils still at school."""
    leavers: bool
    """For those who left school."""
    radius_km: float
    """Farther than this, the structure is not proposed (the national alternatives are)."""
    overseas_only: bool = False
    metropole_only: bool = False


AUDIENCES: dict[str, Audience] = {
    "cio": Audience(None, None, True, True, 40),
    "mission_locale": Audience(16, 25, False, True, 40),
    "mlds": Audience(16, None, False, True, 40),
    "info_jeunesse": Audience(None, None, True, True, 30),
    "e2c": Audience(16, 25, False, True, 80),
    "epide": Audience(17, 25, False, True, 250),
    "sma": Audience(18, 25, False, True, 300, overseas_only=True),
    "smv": Audience(18, 25, False, True, 300, metropole_only=True),
    "micro_lycee": Audience(16, 25, False, True, 100),
    "france_travail": Audience(16, None, False, True, 40),
    "afpa": Audience(18, None, False, True, 100),
    "france_services": Audience(None, None, True, True, 30),
    "maison_emploi": Audience(16, None, False, True, 40),
    "lycee_pro": Audience(None, None, True, True, 40),
    "erea": Audience(None, None, True, True, 60),
    "lycee_agricole": Audience(None, None, True, True, 50),
}

# Where to look when nothing of a type is known nearby (official national locators).
NATIONAL = {
    "mission_locale": "l'annuaire des missions locales : https://www.unml.info",
    "cio": "le site de l'Onisep : https://www.onisep.fr",
    "default": "l'annuaire de l'administration : https://lannuaire.service-public.fr",
}


def fits(kind: str, s: Situation, territoire: str | None) -> bool:
    """The person (or their child) is within the audience of that type of structure."""
    audience = AUDIENCES[kind]
    if s.age is not None:
        if audience.min_age is not None and s.age < audience.min_age:
            return False
        if audience.max_age is not None and s.age > audience.max_age:
            return False
    if s.scolarise is True and not audience.pupils:
        return False
    if audience.overseas_only and territoire == "metropole":
        return False
    return not (audience.metropole_only and territoire not in (None, "metropole"))


def suggested_types(s: Situation, territoire: str | None) -> list[str]:
    """The types worth proposing first, in order, for a situation."""
    contacts = [c for c in orient(replace(s, territoire=territoire)).contacts if c in AUDIENCES]
    extra = ["micro_lycee", "info_jeunesse", "france_services"]
    if s.scolarise is True:
        extra = ["info_jeunesse"]
    ordered = list(dict.fromkeys([*contacts, *extra]))
    return [kind for kind in ordered if fits(kind, s, territoire)]


@dataclass(frozen=True)
class Hit:
    structure: Structure
    distance_km: float


class StructureIndex:
    """All structures, split by type, with vectorised distances."""

    def __init__(self, structures: list[Structure]) -> None:
        self.structures = structures
        self._by_type: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = {}
        for kind in {s.type for s in structures}:
            idx = np.array([i for i, s in enumerate(structures) if s.type == kind])
            lat = np.radians(np.array([structures[i].lat for i in idx]))
            lon = np.radians(np.array([structures[i].lon for i in idx]))
            overseas = np.array([structures[i].departement in OVERSEAS for i in idx])
            self._by_type[kind] = (idx, lat, lon, overseas)
        self._departement = np.array([s.departement for s in structures])

    @classmethod
    def load(cls, path: Path) -> StructureIndex:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            data: dict[str, Any] = json.load(fh)
        return cls([Structure(**row) for row in data["structures"]])

    def count(self, kind: str) -> int:
        return len(self._by_type[kind][0]) if kind in self._by_type else 0

    def nearest(
        self,
        kind: str,
        lat: float,
        lon: float,
        *,
        departement: str | None = None,
        limit: int = 1,
        offset: int = 0,
        radius_km: float | None = None,
    ) -> list[Hit]:
        """The nearest structures of a type, within its radius and the person's territory
        (overseas: the same département only; metropole: no overseas structure)."""
        if kind not in self._by_type:
            return []
        idx, lats, lons, overseas = self._by_type[kind]
        rlat, rlon = math.radians(lat), math.radians(lon)
        a = (np.sin((lats - rlat) / 2) ** 2
             + math.cos(rlat) * np.cos(lats) * np.sin((lons - rlon) / 2) ** 2)
        distances = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(a, 1.0)))
        # overseas: the same département only; metropole: no overseas structure
        allowed = (self._departement[idx] == departement if departement in OVERSEAS
                   else ~overseas)
        radius = radius_km if radius_km is not None else AUDIENCES[kind].radius_km
        allowed &= distances <= radius
        candidates = np.flatnonzero(allowed)
        if candidates.size == 0:
            return []
        wanted = min(candidates.size, offset + limit)
        order = candidates[np.argsort(distances[candidates], kind="stable")[:wanted]]
        return [Hit(self.structures[int(idx[i])], float(distances[i]))
                for i in order[offset:offset + limit]]
