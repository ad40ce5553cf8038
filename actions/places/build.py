"""Builds the structure data (``build/structures.json.gz``) from the official files and the
curated file, after the gazetteer. Run as ``python -m actions.places.build``."""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from actions.geo import build as geo_build
from actions.geo.build import DataUnavailable, source_path
from actions.geo.gazetteer import Gazetteer
from actions.places import importers
from actions.places.importers import ImportReport
from actions.places.schema import Structure
from actions.places.sources import (
    ANNUAIRE_EDUCATION,
    FRANCE_SERVICES,
    OPTIONAL,
    SERVICE_PUBLIC_BDL,
    SERVICES_PUBLICS_PLUS,
    STRUCTURE_SOURCES,
)
from actions.settings import Settings, get_settings

CURATED = Path(__file__).resolve().parent.parent / "content" / "structures_curated.csv"
IMPORTERS = {
    FRANCE_SERVICES.key: importers.import_france_services,
    SERVICES_PUBLICS_PLUS.key: importers.import_services_publics_plus,
    ANNUAIRE_EDUCATION.key: importers.import_annuaire_education,
    SERVICE_PUBLIC_BDL.key: importers.import_service_public,
}


def structures_path(settings: Settings) -> Path:
    return settings.build_dir / "structures.json.gz"


def build(settings: Settings, gazetteer: Gazetteer
          ) -> tuple[list[Structure], ImportReport, list[str]]:
    report = ImportReport()
    missing: list[str] = []
    structures: list[Structure] = []
    for source in STRUCTURE_SOURCES:
        try:
            path = source_path(source, settings)
        except DataUnavailable as exc:
            if source.key in OPTIONAL:
                missing.append(f"{source.title} : {exc}")
                continue
            raise
        structures += IMPORTERS[source.key](path, gazetteer, report)
    structures += importers.import_curated(CURATED, gazetteer, report)
    seen: set[str] = set()
    unique = []
    for structure in structures:
        if structure.id not in seen:
            seen.add(structure.id)
            unique.append(structure)
    return unique, report, missing


def write(structures: list[Structure], report: ImportReport, missing: list[str],
          path: Path) -> None:
    data: dict[str, Any] = {
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "structures": [s.as_dict() for s in structures],
        "imported": report.imported,
        "missing_sources": missing,
    }
    geo_build.write(data, path)


def main() -> int:
    settings = get_settings()
    started = time.perf_counter()
    if not settings.gazetteer_path.is_file():
        print("Le gazetteer manque : lancez d'abord « python -m actions.geo.build ».",
              file=sys.stderr)
        return 2
    gazetteer = Gazetteer.load(settings.gazetteer_path)
    try:
        structures, report, missing = build(settings, gazetteer)
    except DataUnavailable as exc:
        print(f"Données des structures indisponibles : {exc}", file=sys.stderr)
        return 2
    write(structures, report, missing, structures_path(settings))
    counts = Counter(s.type for s in structures)
    print(f"Structures : {len(structures)} -> {structures_path(settings)} "
          f"({time.perf_counter() - started:.1f} s)")
    print("  par type : " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    by_source = Counter(source for source, _row, _why in report.skipped)
    for source, count in sorted(by_source.items()):
        example = next(why for src, _row, why in report.skipped if src == source)
        print(f"  {source} : {count} ligne(s) écartée(s), ex. {example}")
    for line in missing:
        print(f"  source absente : {line.split(' : ')[0]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
