"""The official files the structure data is built from (declared here, never stored)."""

from __future__ import annotations

from actions.geo.sources import Source

FRANCE_SERVICES = Source(
    key="france_services",
    filename="france_services_20240801.csv",
    title="Liste des structures labellisées France services",
    publisher="ANCT (Agence nationale de la cohésion des territoires)",
    licence="Licence Ouverte / Etalab 2.0",
    page="https://www.data.gouv.fr/fr/datasets/liste-des-structures-france-services/",
    url=None,
)
SERVICES_PUBLICS_PLUS = Source(
    key="services_publics_plus",
    filename="services_publics_plus_subset_jeunes.csv",
    title="Services Publics+ : structures (France Travail, AFPA, lycées agricoles)",
    publisher="DITP (Direction interministérielle de la transformation publique)",
    licence="Licence Ouverte (présumée)",
    page="https://www.data.gouv.fr/fr/datasets/structures-services-publics/",
    url=None,
)
ANNUAIRE_EDUCATION = Source(
    key="annuaire_education",
    filename="annuaire_education_occitanie_sample_cio_lycees_erea.csv",
    title="Annuaire de l'éducation (CIO, lycées avec une voie professionnelle, EREA)",
    publisher="Ministère de l'Éducation nationale",
    licence="Licence Ouverte / Etalab 2.0",
    page="https://www.data.gouv.fr/fr/datasets/annuaire-de-leducation/",
    url="https://data.education.gouv.fr/api/explore/v2.1/catalog/datasets/"
        "fr-en-annuaire-education/exports/csv?delimiter=%3B",
)
SERVICE_PUBLIC_BDL = Source(
    key="service_public_bdl",
    filename="service_public_bdl.json",
    title="Base de données locales de Service-Public.fr (CIO, missions locales, "
          "Information Jeunesse, France Travail, maisons de l'emploi)",
    publisher="DILA (Direction de l'information légale et administrative)",
    licence="Licence Ouverte / Etalab 2.0",
    page="https://www.data.gouv.fr/fr/datasets/service-public-fr-annuaire-de-l-administration-"
         "base-de-donnees-locales/",
    url=None,
)
# The national sources that are not offline are optional: the build reports them missing.
OPTIONAL = {SERVICE_PUBLIC_BDL.key}
STRUCTURE_SOURCES = (FRANCE_SERVICES, SERVICES_PUBLICS_PLUS, ANNUAIRE_EDUCATION,
                     SERVICE_PUBLIC_BDL)
