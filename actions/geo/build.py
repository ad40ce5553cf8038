"""Builds the gazetteer (communes, postal codes, départements, régions) from official files.

Run as ``python -m actions.geo.build``. Reads the files from SECONDE_CHANCE_DATA_DIR when it
is set, downloads them from their publishers otherwise, and writes
``<build dir>/gazetteer.json.gz``. Malformed rows are counted, reported and skipped.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import logging
import sys
import time
import urllib.request
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from actions.geo.sources import (
    CODES_POSTAUX,
    COMMUNES,
    DEPARTEMENTS,
    GAZETTEER_SOURCES,
    REGIONS,
    Source,
)
from actions.geo.territory import territoire_of
from actions.settings import Settings, get_settings
from actions.textnorm import normalize_words

log = logging.getLogger(__name__)
FORMAT_VERSION = 1


class DataUnavailable(RuntimeError):
    """An official file could be neither read locally nor downloaded."""


@dataclass
class BuildReport:
    rows: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def skip(self, source: str, why: str) -> None:
        self.skipped[source].append(why)


def source_path(source: Source, settings: Settings) -> Path:
    """Local path of ``source``: in the data directory, or downloaded into the build dir."""
    if settings.data_dir is not None:
        path = settings.data_dir / source.filename
        if not path.is_file():
            raise DataUnavailable(
                f"Fichier introuvable : {path}. SECONDE_CHANCE_DATA_DIR doit désigner le dossier "
                f"des données ouvertes ({source.title}, {source.publisher} : {source.page})."
            )
        return path
    target = settings.build_dir / "downloads" / source.filename
    if target.is_file():
        return target
    if source.url is None:
        raise DataUnavailable(
            f"{source.title} ({source.publisher}) n'a pas d'adresse de téléchargement stable : "
            f"déposez {source.filename} (voir {source.page}) dans SECONDE_CHANCE_DATA_DIR."
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    log.info("Téléchargement de %s depuis %s", source.title, source.url)
    try:
        with urllib.request.urlopen(source.url, timeout=60) as response:
            payload = response.read()
    except OSError as exc:
        raise DataUnavailable(
            f"Impossible de télécharger {source.url} ({exc}). Hors ligne, indiquez le dossier "
            "des fichiers officiels dans SECONDE_CHANCE_DATA_DIR."
        ) from exc
    tmp = target.with_suffix(".part")
    tmp.write_bytes(payload)
    tmp.replace(target)
    return target


def _read_csv(path: Path, delimiter: str) -> list[dict[str, str]]:
    text = path.read_bytes().decode("utf-8-sig", errors="replace")
    return list(csv.DictReader(io.StringIO(text), delimiter=delimiter))


def _coords(raw: str) -> tuple[float, float] | None:
    try:
        lat_s, lon_s = raw.split(",")
        lat, lon = float(lat_s), float(lon_s)
    except ValueError:
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return round(lat, 5), round(lon, 5)


def build(settings: Settings | None = None) -> tuple[dict[str, Any], BuildReport]:
    settings = settings or get_settings()
    report = BuildReport()
    paths = {s.key: source_path(s, settings) for s in GAZETTEER_SOURCES}

    regions = {}
    for row in _read_csv(paths[REGIONS.key], ","):
        if row.get("REG") and row.get("LIBELLE"):
            regions[row["REG"]] = row["LIBELLE"]
        else:
            report.skip(REGIONS.key, f"ligne incomplète : {row}")
    departements: dict[str, dict[str, str]] = {}
    for row in _read_csv(paths[DEPARTEMENTS.key], ","):
        if row.get("DEP") and row.get("REG") in regions and row.get("LIBELLE"):
            departements[row["DEP"]] = {
                "nom": row["LIBELLE"], "reg": row["REG"], "chef_lieu": row.get("CHEFLIEU", ""),
            }
        else:
            report.skip(DEPARTEMENTS.key, f"ligne incomplète : {row}")

    communes: list[dict[str, Any]] = []
    index_of: dict[str, int] = {}
    parent_of: dict[str, str] = {}  # arrondissement or former commune -> current commune
    old_names: list[tuple[str, str]] = []
    cog_rows = _read_csv(paths[COMMUNES.key], ",")
    for row in cog_rows:
        kind, code, dep, name = row.get("TYPECOM"), row.get("COM", ""), row.get("DEP", ""), (
            row.get("LIBELLE") or ""
        )
        if kind == "COM":
            if len(code) != 5 or dep not in departements or not name:
                report.skip(COMMUNES.key, f"commune invalide : {code} {name!r}")
                continue
            index_of[code] = len(communes)
            communes.append({"insee": code, "nom": name, "dep": dep, "cps": [], "n": 0})
    for row in cog_rows:
        kind, code, parent = row.get("TYPECOM"), row.get("COM", ""), row.get("COMPARENT", "")
        if kind in {"ARM", "COMD", "COMA"} and parent in index_of:
            parent_of[code] = parent
            if kind != "ARM" and row.get("LIBELLE"):
                old_names.append((row["LIBELLE"], parent))
    report.rows[COMMUNES.key] = len(cog_rows)

    postal: dict[str, list[list[Any]]] = defaultdict(list)
    coords_of: dict[str, tuple[float, float]] = {}
    poste_rows = _read_csv(paths[CODES_POSTAUX.key], ";")
    report.rows[CODES_POSTAUX.key] = len(poste_rows)
    for row in poste_rows:
        code = (row.get("Code_commune_INSEE") or "").strip()
        cp = (row.get("Code_postal") or "").strip().zfill(5)
        current = code if code in index_of else parent_of.get(code)
        if current is None:
            report.skip(CODES_POSTAUX.key, f"commune inconnue du COG : {code}")
            continue
        if not (len(cp) == 5 and cp.isdigit()):
            report.skip(CODES_POSTAUX.key, f"code postal invalide : {cp!r} ({code})")
            continue
        point = _coords(row.get("coordonnees_gps") or "")
        if point is None:
            report.skip(CODES_POSTAUX.key, f"coordonnées absentes : {code} {cp}")
            continue
        commune = communes[index_of[current]]
        commune["n"] += 1
        if cp not in commune["cps"]:
            commune["cps"].append(cp)
        main_row = code == current and not (row.get("Ligne_5") or "").strip() and (
            normalize_words(row.get("Libellé_d_acheminement") or "")
            == normalize_words(row.get("Nom_commune") or "")
        )
        if main_row:  # the lowest code addressed to the commune itself (80000 for Amiens)
            commune["main_cp"] = min(commune.get("main_cp", cp), cp)
        # a postal code points at the commune with the coordinates of its own row
        # (an arrondissement of Paris, Lyon or Marseille keeps its own centre)
        entries = postal[cp]
        if all(entry[0] != index_of[current] for entry in entries):
            entries.append([index_of[current], point[0], point[1]])
        if code == current:
            coords_of.setdefault(current, point)
    # communes whose own row is missing (Paris, Lyon, Marseille): centre of their postal codes
    for commune in communes:
        if commune["insee"] in coords_of:
            continue
        points = [
            (lat, lon) for cp in commune["cps"] for idx, lat, lon in postal[cp]
            if idx == index_of[commune["insee"]]
        ]
        if points:
            coords_of[commune["insee"]] = (
                round(sum(p[0] for p in points) / len(points), 5),
                round(sum(p[1] for p in points) / len(points), 5),
            )
    kept: list[list[Any]] = []
    remap: dict[int, int] = {}
    for i, commune in enumerate(communes):
        point = coords_of.get(commune["insee"])
        if point is None:
            report.skip(COMMUNES.key, f"commune sans coordonnées : {commune['insee']}")
            continue
        remap[i] = len(kept)
        dep = commune["dep"]
        prefecture = departements[dep]["chef_lieu"] == commune["insee"]
        main_cp = commune.get("main_cp")
        cps = sorted(commune["cps"], key=lambda c: (c != main_cp, c))
        kept.append([
            commune["insee"], commune["nom"], dep, point[0], point[1], cps,
            (1000 if prefecture else 0) + commune["n"],
        ])
    postal_out = {
        cp: [[remap[idx], lat, lon] for idx, lat, lon in entries if idx in remap]
        for cp, entries in sorted(postal.items())
    }
    names: dict[str, list[int]] = defaultdict(list)
    for i, entry in enumerate(kept):
        names[normalize_words(entry[1])].append(i)
    former: dict[str, list[int]] = defaultdict(list)
    for name, parent in old_names:
        key = normalize_words(name)
        idx = remap.get(index_of[parent])
        if idx is not None and key not in names and idx not in former[key]:
            former[key].append(idx)
    data = {
        "format": FORMAT_VERSION,
        "common_names": sorted(_common_single_names(names, kept, departements)),
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "sources": [
            {"key": s.key, "title": s.title, "publisher": s.publisher, "licence": s.licence,
             "page": s.page}
            for s in GAZETTEER_SOURCES
        ],
        "regions": regions,
        "departements": {
            code: {**dep, "territoire": territoire_of(code)} for code, dep in departements.items()
        },
        "communes": kept,
        "postal": postal_out,
        "names": dict(names),
        "former_names": dict(former),
    }
    return data, report


def _french_word_test() -> Callable[[str, str], bool]:
    """Whether a word is ordinary French, per the French spaCy model's lemmatizer tables."""
    import spacy
    from spacy.lang.fr.stop_words import STOP_WORDS

    nlp = spacy.load("fr_core_news_sm", disable=["parser", "ner", "tok2vec", "morphologizer"])
    lemmatizer: Any = nlp.get_pipe("lemmatizer")
    table = lemmatizer.lookups.get_table("lemma_lookup")
    lemmas = {normalize_words(w) for w in STOP_WORDS}
    for value in table.values():
        for lemma in value if isinstance(value, list) else [value]:
            lemmas.add(normalize_words(str(lemma)))

    def is_word(normalized: str, original: str) -> bool:
        return normalized in lemmas or normalized in table or original.lower() in table

    return is_word


def _common_single_names(
    names: dict[str, list[int]], kept: list[list[Any]], departements: dict[str, dict[str, str]]
) -> set[str]:
    """One-word commune names that are also ordinary French words ("Viens", "Méré",
    "Campagne"): read as places only after "à", "j'habite"… Préfectures stay unambiguous."""
    is_word = _french_word_test()
    prefectures = {d["chef_lieu"] for d in departements.values()}
    common = set()
    for name, indexes in names.items():
        if " " in name or not is_word(name, str(kept[indexes[0]][1])):
            continue
        if any(kept[i][0] in prefectures for i in indexes):
            continue
        common.add(name)
    return common


def write(data: dict[str, Any], path: Path) -> None:
    """Writes gzipped JSON atomically (a reader never sees a half-written file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with gzip.open(tmp, "wt", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, separators=(",", ":"))
    tmp.replace(path)


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    settings = get_settings()
    started = time.perf_counter()
    try:
        data, report = build(settings)
    except DataUnavailable as exc:
        print(f"Données géographiques indisponibles : {exc}", file=sys.stderr)
        return 2
    write(data, settings.gazetteer_path)
    elapsed = time.perf_counter() - started
    print(
        f"Gazetteer : {len(data['communes'])} communes, {len(data['postal'])} codes postaux, "
        f"{len(data['departements'])} départements -> {settings.gazetteer_path} "
        f"({elapsed:.1f} s)"
    )
    for source, reasons in report.skipped.items():
        print(f"  {source} : {len(reasons)} ligne(s) écartée(s), ex. {reasons[0]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
