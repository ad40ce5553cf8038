"""The normalised schema every importer produces."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

TYPES = {
    "cio": "CIO (centre d'information et d'orientation)",
    "mission_locale": "Mission locale",
    "mlds": "MLDS (mission de lutte contre le décrochage scolaire)",
    "info_jeunesse": "Information Jeunesse",
    "e2c": "E2C (école de la deuxième chance)",
    "epide": "EPIDE (établissement pour l'insertion dans l'emploi)",
    "sma": "SMA (service militaire adapté)",
    "smv": "SMV (service militaire volontaire)",
    "micro_lycee": "Micro-lycée ou structure de retour à l'école",
    "france_travail": "France Travail",
    "afpa": "AFPA (formation professionnelle des adultes)",
    "france_services": "France services",
    "maison_emploi": "Maison de l'emploi",
    "lycee_pro": "Lycée avec une voie professionnelle",
    "erea": "EREA (établissement régional d'enseignement adapté)",
    "lycee_agricole": "Lycée agricole",
}
@dataclass
class Structure:
    id: str
    type: str
    name: str
    address: str
    code_postal: str
    commune: str
    code_insee: str
    lat: float
    lon: float
    precision: str
    """"adresse" when the coordinates are the building's, "commune" when its centre's."""
    source: str
    source_date: str
    phone: str = ""
    web: str = ""
    email: str = ""
    hours: str = ""
    departement: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        if not data["extra"]:
            del data["extra"]
        return data


class RowError(ValueError):
    """A row that cannot be imported (reported and skipped)."""
