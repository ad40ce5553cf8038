"""The official open-data files the project is built from.

Each file is downloaded from its publisher when no local directory is configured
(SECONDE_CHANCE_DATA_DIR); nothing of them is stored in the repository.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    key: str
    filename: str
    """Name of the file in SECONDE_CHANCE_DATA_DIR (and in the download cache)."""
    title: str
    publisher: str
    licence: str
    page: str
    """Official page describing the data set."""
    url: str | None
    """Direct download address of the file (None: no stable address is known; the file
    must then be placed in SECONDE_CHANCE_DATA_DIR)."""
    encoding: str = "utf-8"


COMMUNES = Source(
    key="cog_communes",
    filename="cog2026_communes.csv",
    title="Code officiel géographique 2026 : communes",
    publisher="INSEE",
    licence="Licence Ouverte / Etalab 2.0",
    page="https://www.insee.fr/fr/information/8740222",
    url="https://www.insee.fr/fr/statistiques/fichier/8740222/v_commune_2026.csv",
)
DEPARTEMENTS = Source(
    key="cog_departements",
    filename="cog2026_departements.csv",
    title="Code officiel géographique 2026 : départements",
    publisher="INSEE",
    licence="Licence Ouverte / Etalab 2.0",
    page="https://www.insee.fr/fr/information/8740222",
    url="https://www.insee.fr/fr/statistiques/fichier/8740222/v_departement_2026.csv",
)
REGIONS = Source(
    key="cog_regions",
    filename="cog2026_regions.csv",
    title="Code officiel géographique 2026 : régions",
    publisher="INSEE",
    licence="Licence Ouverte / Etalab 2.0",
    page="https://www.insee.fr/fr/information/8740222",
    url="https://www.insee.fr/fr/statistiques/fichier/8740222/v_region_2026.csv",
)
CODES_POSTAUX = Source(
    key="laposte_hexasmal",
    filename="laposte_hexasmal_2020_gps.csv",
    title="Base officielle des codes postaux (avec coordonnées GPS)",
    publisher="La Poste",
    licence="Licence Ouverte / Etalab",
    page="https://www.data.gouv.fr/fr/datasets/base-officielle-des-codes-postaux/",
    # unverified: La Poste moved datanova to data-fair; its current file (laposte-hexasmal/raw,
    # 019HexaSmal.csv) has no coordonnees_gps column; this data.gouv.fr resource served the
    # older CSV with it and may be gone.
    url="https://www.data.gouv.fr/fr/datasets/r/554590ab-ae62-40ac-8353-ee75162c05ee",
)

GAZETTEER_SOURCES = (COMMUNES, DEPARTEMENTS, REGIONS, CODES_POSTAUX)
