"""Importers of the official formats into :class:`~actions.places.schema.Structure`.

Each importer reads one format and yields structures; a row it cannot use is reported
(source, row number, reason) and skipped, never a crash. Structures without coordinates
are placed at their commune's centre (``precision="commune"``) with the gazetteer.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from actions.geo.gazetteer import Gazetteer
from actions.places.schema import RowError, Structure
from actions.textnorm import normalize_words

DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


@dataclass
class ImportReport:
    imported: dict[str, int] = field(default_factory=dict)
    skipped: list[tuple[str, int, str]] = field(default_factory=list)

    def skip(self, source: str, row: int, why: str) -> None:
        self.skipped.append((source, row, why))


def phone(raw: str | None) -> str:
    """French numbers written "05 62 00 95 10"; anything else kept as given."""
    digits = re.sub(r"\D", "", raw or "")
    if digits.startswith("33") and len(digits) == 11:
        digits = "0" + digits[2:]
    if len(digits) == 10 and digits.startswith("0"):
        return " ".join(digits[i:i + 2] for i in range(0, 10, 2))
    return (raw or "").strip()


def departement_of(code_insee: str) -> str:
    return code_insee[:3] if code_insee.startswith("97") else code_insee[:2]


def _coordinate(raw: Any, low: float, high: float) -> float | None:
    if raw in (None, ""):
        return None
    try:
        value = float(str(raw).replace(",", "."))
    except ValueError as exc:
        raise RowError(f"coordonnée illisible : {raw!r}") from exc
    if not low <= value <= high:
        raise RowError(f"coordonnée hors limites : {raw!r}")
    return value


def locate(
    gazetteer: Gazetteer, code_insee: str, lat: Any, lon: Any
) -> tuple[float, float, str]:
    """The structure's coordinates, or its commune's centre when it has none."""
    latitude = _coordinate(lat, -90, 90)
    longitude = _coordinate(lon, -180, 180)
    if latitude is not None and longitude is not None:
        return latitude, longitude, "adresse"
    place = gazetteer.by_insee(code_insee) if code_insee else None
    if place is None:
        raise RowError(f"ni coordonnées ni commune connue (INSEE {code_insee!r})")
    return place.lat, place.lon, "commune"


def _rows(path: Path, delimiter: str) -> Iterator[tuple[int, dict[str, str]]]:
    text = path.read_bytes().decode("utf-8-sig", errors="replace")
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    # some exports quote their first header twice: '"Code SP+ de la structure"'
    if reader.fieldnames:
        reader.fieldnames = [name.strip().strip("\ufeff").strip('"')
                             for name in reader.fieldnames]
    for number, row in enumerate(reader, start=2):
        yield number, {k: (v or "").strip() for k, v in row.items() if k is not None}


def _collect(source: str, rows: Iterable[tuple[int, Any]],
             convert: Callable[[Any], Structure | None], report: ImportReport
             ) -> list[Structure]:
    out = []
    for number, row in rows:
        try:
            structure = convert(row)
        except RowError as exc:
            report.skip(source, number, str(exc))
            continue
        except (KeyError, TypeError, AttributeError) as exc:
            report.skip(source, number, f"ligne mal formée ({exc.__class__.__name__}: {exc})")
            continue
        if structure is not None:
            out.append(structure)
    report.imported[source] = len(out)
    return out


# --- France services (ANCT, CSV) ---------------------------------------------------------
def import_france_services(path: Path, gazetteer: Gazetteer, report: ImportReport,
                           source_date: str = "2024-08-01") -> list[Structure]:
    source = "france_services"

    def convert(row: dict[str, str]) -> Structure:
        insee = row["insee_com"].zfill(5)
        lat, lon, precision = locate(gazetteer, insee, row["latitude"], row["longitude"])
        hours = "; ".join(
            f"{day} {row[f'h_{day}']}" for day in DAYS[:6] if row.get(f"h_{day}")
        )
        address = ", ".join(p for p in (row["adresse"], row.get("complement_adresse", "")) if p)
        if not row["lib_fs"]:
            raise RowError("nom manquant")
        return Structure(
            id=f"fs-{row['id_fs']}", type="france_services", name=row["lib_fs"],
            address=address, code_postal=row["code_postal"].zfill(5), commune=row["lib_com"],
            code_insee=insee, lat=lat, lon=lon, precision=precision, source=source,
            source_date=source_date, phone=phone(row["telephone"]), email=row["mail"],
            hours=hours, departement=departement_of(insee),
        )

    return _collect(source, _rows(path, ","), convert, report)


# --- Services Publics+ export (DITP, CSV ';') ---------------------------------------------
_SPP_TYPES = {
    "AGENCE POLE EMPLOI (APE)": "france_travail",
    "AGENCE RELAIS POLE EMPLOI (RPE)": "france_travail",
    "AGENCE SPECIALISEE POLE EMPLOI (APES)": "france_travail",
    "Agence nationale pour la formation professionnelle des adultes (AFPA)": "afpa",
    "Afpa Accès à l'Emploi": "afpa",
    "Etablissement d'enseignement technique agricole": "lycee_agricole",
}


def _spp_name(kind: str, row: dict[str, str]) -> str:
    name = row.get("Intitulé structure usager") or row["Intitulé de la structure"]
    if kind == "france_travail":
        # "DIGNE-PE" -> "France Travail Digne" (Pôle emploi became France Travail in 2024)
        base = re.sub(r"^PE\s+|[-\s]+PE$", "", name).strip().title()
        return f"France Travail {base}"
    return name


def import_services_publics_plus(path: Path, gazetteer: Gazetteer, report: ImportReport,
                                 source_date: str = "2023") -> list[Structure]:
    source = "services_publics_plus"

    def convert(row: dict[str, str]) -> Structure | None:
        kind = _SPP_TYPES.get(row["Intitulé de la typologie"])
        if kind is None or row.get("Actif", "Oui") != "Oui":
            return None  # another network (DSNJ…) or closed: not imported, not an error
        match = re.fullmatch(r"com(\w{5})", row.get("INSEE Ville", ""))
        if match is None:
            raise RowError(f"code INSEE illisible : {row.get('INSEE Ville')!r}")
        insee = match.group(1)
        postal = row["Code postal de la structure"].zfill(5)
        if postal[:2] != "97" and postal[:2] != departement_of(insee)[:2] and (
            departement_of(insee) not in ("2A", "2B") or postal[:2] != "20"
        ):
            # the export sometimes pairs a postal code with another commune's INSEE code
            # (TOUL, 54201, with Toulouse's 31555): trust the postal code and the town name
            found = gazetteer.find(f"{row['Ville']} {postal[:2]}", expecting=True)
            if found.place is None or found.place.departement[:2] != postal[:2]:
                raise RowError(f"code postal {postal} et code INSEE {insee} incohérents")
            insee = found.place.code_insee
        lat, lon, precision = locate(gazetteer, insee, None, None)
        return Structure(
            id=f"spp-{row['Code SP+ de la structure']}", type=kind, name=_spp_name(kind, row),
            address=", ".join(p for p in (row["Adresse"], row["Compléments Adresse"]) if p),
            code_postal=row["Code postal de la structure"].zfill(5),
            commune=row["Ville"].title(), code_insee=insee, lat=lat, lon=lon,
            precision=precision, source=source, source_date=source_date,
            web=row["URL du site internet"], email=row["Boîte à lettre fonctionnelle"],
            departement=departement_of(insee),
        )

    return _collect(source, _rows(path, ";"), convert, report)


# --- Annuaire de l'éducation (Éducation nationale, CSV ';') -------------------------------
def import_annuaire_education(path: Path, gazetteer: Gazetteer, report: ImportReport
                              ) -> list[Structure]:
    source = "annuaire_education"

    def convert(row: dict[str, str]) -> Structure | None:
        kind_raw = row["Type_etablissement"]
        if kind_raw == "Information et orientation":
            kind = "cio"
        elif kind_raw == "EREA":
            kind = "erea"
        elif kind_raw == "Lycée" and row.get("Voie_professionnelle") == "1":
            kind = "lycee_pro"
        else:
            return None
        if row.get("etat", "OUVERT") != "OUVERT":
            return None
        insee = row["Code_commune"].zfill(5)
        lat, lon, precision = locate(gazetteer, insee, row["latitude"], row["longitude"])
        return Structure(
            id=f"uai-{row['Identifiant_de_l_etablissement']}", type=kind,
            name=row["Nom_etablissement"],
            address=", ".join(p for p in (row["Adresse_1"], row["Adresse_2"]) if p),
            code_postal=row["Code_postal"].zfill(5), commune=row["Nom_commune"],
            code_insee=insee, lat=lat, lon=lon, precision=precision, source=source,
            source_date=row.get("date_maj_ligne", ""), phone=phone(row["Telephone"]),
            web=row["Web"], email=row["Mail"], departement=departement_of(insee),
        )

    return _collect(source, _rows(path, ";"), convert, report)


# --- the project's curated file (small networks with no open file) ------------------------
CURATED_TYPES = {"epide", "sma", "smv", "e2c", "micro_lycee", "mlds", "afpa"}


def import_curated(path: Path, gazetteer: Gazetteer, report: ImportReport) -> list[Structure]:
    source = "curated"

    def convert(row: dict[str, str]) -> Structure:
        if row["type"] not in CURATED_TYPES:
            raise RowError(f"type inconnu : {row['type']!r}")
        if not row["source"].startswith(("http://", "https://")):
            raise RowError("ligne sans source publique")
        insee = row["code_insee"].zfill(5)
        lat, lon, precision = locate(gazetteer, insee, row.get("lat"), row.get("lon"))
        slug = normalize_words(row["name"]).replace(" ", "-")[:40]
        return Structure(
            id=f"cur-{row['type']}-{insee}-{slug}", type=row["type"], name=row["name"],
            address=row["address"], code_postal=row["code_postal"].zfill(5),
            commune=row["commune"], code_insee=insee, lat=lat, lon=lon, precision=precision,
            source=row["source"], source_date=row["checked"], phone=phone(row["phone"]),
            web=row["web"], email=row["email"], departement=departement_of(insee),
        )

    return _collect(source, _rows(path, ","), convert, report)


# --- Service-Public.fr base de données locales (DILA, JSON) -------------------------------
# Type codes of the "pivot" list (see tests/fixtures/SERVICE_PUBLIC_BDL.md for the sources).
BDL_TYPES = {
    "cio": "cio",
    "mission_locale": "mission_locale",
    "cij": "info_jeunesse",
    "pole_emploi": "france_travail",
    "france_travail": "france_travail",
    "maison_emploi": "maison_emploi",
    "msap": "france_services",
    "france_services": "france_services",
}


def _bdl_kind(service: dict[str, Any]) -> str | None:
    for pivot in service.get("pivot") or []:
        code = str((pivot or {}).get("type_service_local", "")).lower()
        if code in BDL_TYPES:
            return BDL_TYPES[code]
    return None


def _bdl_hours(service: dict[str, Any]) -> str:
    parts = []
    for slot in service.get("plage_ouverture") or []:
        if not isinstance(slot, dict):
            continue
        days = slot.get("nom_jour_debut", "")
        if slot.get("nom_jour_fin") and slot.get("nom_jour_fin") != days:
            days = f"{days} au {slot['nom_jour_fin']}"
        times = [
            f"{slot[f'valeur_heure_debut_{i}'][:5]}-{slot[f'valeur_heure_fin_{i}'][:5]}"
            for i in (1, 2, 3, 4)
            if slot.get(f"valeur_heure_debut_{i}") and slot.get(f"valeur_heure_fin_{i}")
        ]
        if days and times:
            parts.append(f"{days.lower()} {' / '.join(times)}")
    return "; ".join(parts)


def _first(values: Any, key: str = "valeur") -> str:
    if isinstance(values, list):
        for value in values:
            if isinstance(value, dict) and value.get(key):
                return str(value[key])
            if isinstance(value, str) and value:
                return value
    elif isinstance(values, str):
        return values
    return ""


def _iso_date(raw: str) -> str:
    """"31/01/2024 10:00:00" -> "2024-01-31" (other forms are kept as given)."""
    match = re.match(r"(\d{2})/(\d{2})/(\d{4})", raw)
    return f"{match.group(3)}-{match.group(2)}-{match.group(1)}" if match else raw


def import_service_public(path: Path, gazetteer: Gazetteer, report: ImportReport
                          ) -> list[Structure]:
    source = "service_public_bdl"
    data = json.loads(path.read_text(encoding="utf-8"))
    services = data.get("service", []) if isinstance(data, dict) else data

    def convert(service: Any) -> Structure | None:
        if not isinstance(service, dict):
            raise RowError("enregistrement qui n'est pas un objet")
        kind = _bdl_kind(service)
        if kind is None:
            return None
        addresses = [a for a in service.get("adresse") or [] if isinstance(a, dict)]
        address = next((a for a in addresses if a.get("type_adresse") == "Adresse"),
                       addresses[0] if addresses else {})
        raw_insee = str(service.get("code_insee_commune") or "").strip() or next(
            (str(code) for pivot in service.get("pivot") or [] if isinstance(pivot, dict)
             for code in pivot.get("code_insee_commune") or [] if code), "")
        insee = raw_insee.zfill(5) if raw_insee else ""
        lat, lon, precision = locate(gazetteer, insee, address.get("latitude"),
                                     address.get("longitude"))
        street = " ".join(str(address.get(k) or "") for k in ("numero_voie",)).strip()
        extra = ", ".join(str(address[k]) for k in ("complement1", "complement2")
                          if address.get(k))
        return Structure(
            id=f"sp-{service.get('id')}", type=kind, name=str(service.get("nom") or ""),
            address=", ".join(p for p in (street, extra) if p),
            code_postal=str(address.get("code_postal") or ""),
            commune=str(address.get("nom_commune") or ""), code_insee=insee, lat=lat,
            lon=lon, precision=precision, source=source,
            source_date=_iso_date(str(service.get("date_modification") or "")),
            phone=phone(_first(service.get("telephone"))),
            web=_first(service.get("site_internet")),
            email=_first(service.get("adresse_courriel")), hours=_bdl_hours(service),
            departement=departement_of(insee),
        )

    return _collect(source, enumerate(services, start=1), convert, report)
