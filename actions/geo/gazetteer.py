"""Place look-up in the built gazetteer: names, postal codes, départements and positions.

Pure Python (numpy and rapidfuzz); load once with :meth:`Gazetteer.load` and share.
"""

from __future__ import annotations

import gzip
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from rapidfuzz import fuzz, process

from actions.geo.territory import DEPARTEMENT_OF_TERRITOIRE
from actions.textnorm import normalize_words

EARTH_RADIUS_KM = 6371.0088

# Territory names as people write them; they are never read as commune names
# ("La Réunion" is also a commune of Lot-et-Garonne).
_TERRITORY_WORDS = {
    "reunion": "reunion", "la reunion": "reunion", "ile de la reunion": "reunion",
    "run": "reunion", "974": "reunion",
    "guadeloupe": "guadeloupe", "gwada": "guadeloupe", "971": "guadeloupe",
    "martinique": "martinique", "madinina": "martinique", "matinik": "martinique",
    "972": "martinique",
    "guyane": "guyane", "guyane francaise": "guyane", "973": "guyane",
    "mayotte": "mayotte", "976": "mayotte",
    "metropole": "metropole", "hexagone": "metropole", "en france metropolitaine": "metropole",
}
# Other overseas collectivities: not covered by the service's territories.
_UNSUPPORTED = {
    "saint martin": "Saint-Martin", "st martin": "Saint-Martin", "saint barthelemy":
    "Saint-Barthélemy", "saint barth": "Saint-Barthélemy", "st barth": "Saint-Barthélemy",
    "saint pierre et miquelon": "Saint-Pierre-et-Miquelon", "nouvelle caledonie":
    "Nouvelle-Calédonie", "caledonie": "Nouvelle-Calédonie", "polynesie": "Polynésie française",
    "tahiti": "Polynésie française", "wallis": "Wallis-et-Futuna", "noumea": "Nouvelle-Calédonie",
    "papeete": "Polynésie française",
}
_UNSUPPORTED_POSTAL = re.compile(r"^(?:97133|97150|975|977|978|98[4-9])")

# Words that are also the name of a commune somewhere: read as a place only after a
# locative cue ("à", "sur", "j'habite") or as the whole answer to "where do you live?".
COMMON_WORDS = frozenset("""
a au aux avec ban bar bas bec bel bois bon bonne bord bourg bout bus but ca cap car ce ces
champ chez cinq cote coeur col cour cours croix de des deux dix du en eu faux fin fleur
fontaine font fort foret gare grand grande haut jeune la laval le les lieu ligne loup lourdes
lune mai mail mars mas mer mesnil mont montagne moi mot nord note on or ou oui pas pal paris
parent passe pays pin plaine plan plus pont port porte pot pour pres prix pro puits quatre
rien rive roche rond rose roi sable saint sainte salle sans seul sept serre six sol sud sur
tour tours trois un une val vert veux vie vieux ville vue y aire ans bac bleu bouge buis
camp centre chaise charme clair douze ecole eglise epargne fay fosse gueret herbe ile isle
lac lande loge mesnils moulin noir orange pierre plat poste rue sel sens serres sort tard
test tot vaux verre voie vivre cher mission locale fille fils college lycee emploi travail
aide france mort marche belle beaux cap ferret bain bains arc orly vire vitre marseille
sauve tulle bourges manche somme nord eure ain orne gard aude lot oise indre cher
""".split()) - {"laval", "lourdes", "paris", "marseille", "gueret", "tulle", "bourges", "orly",
                "vitre", "vire", "orange", "tours", "ferret"}

_CUES = (
    r"a|au|aux|a cote de|pres de|proche de|vers|sur|habite|habites|habitons|habitent|"
    r"vis|vit|reside|residons|ville de|commune de|secteur de|region de|originaire de|"
    r"ville|commune|secteur"
)
# words that end the name of a place in a sentence ("saint denis dans le 93")
_PHRASE_END = frozenset(
    "dans en et mais je j g jai pas ou car donc avec pour depuis chez c ca il elle mon ma "
    "mes on nous vous tu ans an pres vers sur sous cote mtn maintenant actuellement".split()
)
_CUE_BEFORE = re.compile(rf"\b(?:{_CUES})\s*$")
_CUE_ANY = re.compile(rf"\b(?:{_CUES})\b\s*")
_DEP_CUE = re.compile(
    r"\b(?:dans le|dans l|departement(?: du| de la| de l| des| de)?|dept|dep|le|du|en|"
    r"suis du|suis dans le|habite le|habite dans le|vis dans le|j habite dans le)\s+"
    r"(\d{2,3}|2a|2b)\b"
)
_POSTAL = re.compile(r"(?<![\d,.])(\d{2})\s?(\d{3})(?![\d,.])")
_ARRONDISSEMENTS = {"paris": ("750", 20), "marseille": ("130", 16), "lyon": ("6900", 9)}
_ARRONDISSEMENT = re.compile(
    r"\b(paris|marseille|lyon)\s+(\d{1,2})\s*(?:e|eme|er|ème|arr|arrondissement)?\b"
)


@dataclass(frozen=True)
class Place:
    commune: str
    code_insee: str
    code_postal: str
    departement: str
    departement_nom: str
    region: str
    territoire: str
    lat: float
    lon: float

    def label(self) -> str:
        return f"{self.commune} ({self.departement})"


@dataclass
class LocationResult:
    """What a message says about where the person lives."""

    place: Place | None = None
    candidates: list[Place] = field(default_factory=list)
    """Several communes fit a name: the person must choose."""
    departement: str | None = None
    """A département given without a commune ("dans le 93")."""
    territoire: str | None = None
    """A territory given without a commune ("je suis en Guadeloupe")."""
    unsupported: str | None = None
    """An overseas collectivity outside the service's territories."""

    @property
    def found(self) -> bool:
        return bool(
            self.place or self.candidates or self.departement or self.territoire
            or self.unsupported
        )


def _tokens(text: str) -> list[str]:
    norm = normalize_words(text)
    out = []
    for token in norm.split():
        out.append({"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}.get(
            token, token))
    return out


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


class Gazetteer:
    def __init__(self, data: dict[str, Any]) -> None:
        self._communes: list[list[Any]] = data["communes"]
        self._postal: dict[str, list[list[Any]]] = data["postal"]
        self._names: dict[str, list[int]] = dict(data["names"])
        # elided articles written glued: "lhay les roses", "villeneuve dascq"
        for key, indexes in list(self._names.items()):
            glued = re.sub(r"\b([ld]) (?=\w)", r"\1", key)
            if glued != key:
                self._names.setdefault(glued, indexes)
        self._former: dict[str, list[int]] = data.get("former_names", {})
        self._common: frozenset[str] = frozenset(data.get("common_names", []))
        self.departements: dict[str, dict[str, str]] = data["departements"]
        self.regions: dict[str, str] = data["regions"]
        self._dep_names = {
            normalize_words(d["nom"]): code for code, d in self.departements.items()
        }
        self._lat = np.radians(np.array([c[3] for c in self._communes], dtype=np.float64))
        self._lon = np.radians(np.array([c[4] for c in self._communes], dtype=np.float64))
        self._cos_lat = np.cos(self._lat)
        self._name_keys = list(self._names)
        self._by_insee = {row[0]: idx for idx, row in enumerate(self._communes)}
        self._max_words = max(len(k.split()) for k in self._names)

    @classmethod
    def load(cls, path: Path) -> Gazetteer:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            return cls(json.load(fh))

    def __len__(self) -> int:
        return len(self._communes)

    # --- building places ----------------------------------------------------------------
    def _place(self, idx: int, code_postal: str | None = None,
               point: tuple[float, float] | None = None) -> Place:
        insee, nom, dep, lat, lon, cps, _rank = self._communes[idx]
        info = self.departements[dep]
        if point is not None:
            lat, lon = point
        return Place(
            commune=nom, code_insee=insee, code_postal=code_postal or (cps[0] if cps else ""),
            departement=dep, departement_nom=info["nom"], region=self.regions[info["reg"]],
            territoire=info["territoire"], lat=lat, lon=lon,
        )

    def _rank(self, idx: int) -> int:
        return int(self._communes[idx][6])

    def by_insee(self, code: str) -> Place | None:
        idx = self._by_insee.get(code)
        return None if idx is None else self._place(idx)

    def by_postal_code(self, code: str, hint_tokens: set[str] | None = None) -> Place | None:
        entries = self._postal.get(code)
        if not entries:
            return None
        if len(entries) > 1 and hint_tokens:
            for idx, lat, lon in entries:
                if set(normalize_words(self._communes[idx][1]).split()) <= hint_tokens:
                    return self._place(idx, code, (lat, lon))
        idx, lat, lon = max(entries, key=lambda e: self._rank(e[0]))
        return self._place(idx, code, (lat, lon))

    def departement_label(self, code: str) -> str:
        return f"{self.departements[code]['nom']} ({code})"

    # --- positions -----------------------------------------------------------------------
    def nearest(self, lat: float, lon: float) -> tuple[Place, float]:
        """The commune whose centre is nearest to a position, and its distance in km."""
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise ValueError("position hors limites")
        rlat, rlon = math.radians(lat), math.radians(lon)
        dlat = self._lat - rlat
        dlon = self._lon - rlon
        a = np.sin(dlat / 2) ** 2 + math.cos(rlat) * self._cos_lat * np.sin(dlon / 2) ** 2
        idx = int(np.argmin(a))
        distance = 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(float(a[idx]))))
        return self._place(idx), distance

    # --- free text -----------------------------------------------------------------------
    def find(
        self,
        text: str,
        *,
        expecting: bool = False,
        departement: str | None = None,
        territoire: str | None = None,
    ) -> LocationResult:
        """Reads a place in ``text``.

        ``expecting``: the assistant just asked where the person lives, so a bare name counts
        and small typos are corrected. ``departement``/``territoire``: what is already known,
        used only to choose between communes of the same name.
        """
        tokens = _tokens(text)
        joined = " ".join(tokens)
        result = LocationResult()
        if not tokens:
            return result

        # context given in this very message
        text_territoire = None
        for phrase, terr in _TERRITORY_WORDS.items():
            if re.search(rf"\b{phrase}\b", joined):
                text_territoire = terr
        text_dep = self._departement_in(joined, expecting)

        # a postal code, or an arrondissement of Paris, Lyon or Marseille, is unambiguous
        for match in _POSTAL.finditer(joined):
            code = match.group(1) + match.group(2)
            if _UNSUPPORTED_POSTAL.match(code):
                result.unsupported = "une collectivité d'outre-mer"
                return result
            place = self.by_postal_code(code, set(tokens))
            if place is not None:
                result.place = place
                return result
        arrondissement = _ARRONDISSEMENT.search(joined)
        if arrondissement:
            city, number = arrondissement.group(1), int(arrondissement.group(2))
            prefix, count = _ARRONDISSEMENTS[city]
            if 1 <= number <= count:
                place = self.by_postal_code(f"{prefix}{number:02d}" if city != "lyon"
                                            else f"6900{number}")
                if place is not None:
                    result.place = place
                    return result

        size, candidates = self._name_candidates(tokens, expecting)
        unsupported = next(
            (label for phrase, label in _UNSUPPORTED.items()
             if re.search(rf"\b{phrase}\b", joined)), None)
        if unsupported and size <= 2:
            result.unsupported = unsupported
            return result
        answer = self._answer_phrase(tokens, expecting)
        if answer and (not candidates or size < len(answer.split())):
            fuzzy = self._fuzzy_candidates(answer)
            if fuzzy and (not candidates or fuzzy[0] > size):
                size, candidates = fuzzy
        if candidates:
            chosen = self._choose(
                candidates, text_dep or self._hint_departement(tokens), text_territoire,
                departement, territoire,
            )
            if len(chosen) == 1:
                result.place = self._place(chosen[0])
            else:
                result.candidates = [self._place(i) for i in chosen[:6]]
            return result
        if text_dep:
            result.departement = text_dep
        elif text_territoire and text_territoire != "metropole":
            result.departement = DEPARTEMENT_OF_TERRITOIRE[text_territoire]
        elif text_territoire:
            result.territoire = text_territoire
        return result

    def _departement_in(self, joined: str, expecting: bool) -> str | None:
        match = _DEP_CUE.search(joined)
        if match and match.group(1).upper() in self.departements:
            return match.group(1).upper()
        if expecting and re.fullmatch(r"(\d{2,3}|2a|2b)", joined) and (
            joined.upper() in self.departements
        ):
            return joined.upper()
        for name, code in self._dep_names.items():
            if re.search(rf"\b(?:dans le|dans la|dans les|dans l|en|departement de la|"
                         rf"departement du|departement de l|departement des|departement)\s+"
                         rf"{name}\b", joined):
                return code
        return None

    def _hint_departement(self, tokens: list[str]) -> str | None:
        """A bare département number beside a name ("Saint-Denis 93"), as buttons send it."""
        for i, token in enumerate(tokens):
            following = tokens[i + 1] if i + 1 < len(tokens) else ""
            if token.upper() in self.departements and following not in {"ans", "an", "piges"}:
                return token.upper()
        return None

    def _is_common(self, key: str) -> bool:
        return key in COMMON_WORDS or key in self._common or len(key) <= 2

    def _name_candidates(self, tokens: list[str], expecting: bool) -> tuple[int, list[int]]:
        """The longest commune name said (the last one among equals: a correction)."""
        n_tokens = len(tokens)
        dep_phrases = self._departement_phrases(tokens)
        for size in range(min(self._max_words, n_tokens), 0, -1):
            best: list[int] | None = None
            for start in range(0, n_tokens - size + 1):
                words = tokens[start:start + size]
                if any(start <= i < start + size for i in dep_phrases):
                    continue
                keys = [" ".join(words)]
                if words[0] in ("au", "aux"):  # "au Havre" = "à Le Havre"
                    article = "le" if words[0] == "au" else "les"
                    keys = [" ".join([article, *words[1:]])] if size > 1 else []
                for key in keys:
                    if key in _TERRITORY_WORDS:
                        continue
                    found = self._names.get(key) or self._former.get(key)
                    if not found:
                        continue
                    if size == 1 and self._is_common(key):
                        cue = _CUE_BEFORE.search(" ".join(tokens[:start]))
                        alone = expecting and n_tokens <= 2
                        if not (cue or alone):
                            continue
                    best = list(found)
            if best is not None:
                return size, best
        return 0, []

    def _departement_phrases(self, tokens: list[str]) -> set[int]:
        """Positions of words naming a département after "dans le", "en"… (not communes)."""
        joined = " ".join(tokens)
        positions: set[int] = set()
        for name in self._dep_names:
            for match in re.finditer(
                rf"\b(?:dans le|dans la|dans les|dans l|en|departement)\s+({name})\b", joined
            ):
                first = len(joined[: match.start(1)].split())
                positions.update(range(first, first + len(name.split())))
        return positions

    @staticmethod
    def _answer_phrase(tokens: list[str], expecting: bool) -> str | None:
        """The words that should name a place: after the last locative cue, or the whole
        answer when the assistant asked for the place."""
        joined = " ".join(tokens)
        cues = list(_CUE_ANY.finditer(joined))
        last = cues[-1] if cues else None
        if last is not None:
            phrase = joined[last.end():].strip()
        elif expecting:
            phrase = joined
        else:
            return None
        for territory in sorted(_TERRITORY_WORDS, key=len, reverse=True):
            phrase = re.sub(rf"\b(?:a |en |de )?{territory}\b", " ", phrase)
        kept = []
        for word in phrase.split():
            if word in _PHRASE_END or word.isdigit():
                break
            kept.append(word)
        return " ".join(kept[:5]) or None

    def _fuzzy_candidates(self, phrase: str) -> tuple[int, list[int]] | None:
        words = phrase.split()
        for size in range(len(words), 0, -1):
            query = " ".join(words[:size])
            # a typo is rarely a run of ordinary words ("la campagne" is no misspelt town)
            if len(query) < 5 or all(self._is_common(w) for w in words[:size]):
                continue
            hit = process.extractOne(query, self._name_keys, scorer=fuzz.ratio, score_cutoff=86)
            if hit is not None:
                return len(hit[0].split()), list(self._names[hit[0]])
        return None

    def _choose(
        self,
        candidates: list[int],
        text_dep: str | None,
        text_territoire: str | None,
        dep: str | None,
        territoire: str | None,
    ) -> list[int]:
        ordered = sorted(candidates, key=self._rank, reverse=True)
        if len(ordered) == 1:
            return ordered
        for wanted_dep, wanted_terr in ((text_dep, text_territoire), (dep, territoire)):
            if wanted_dep:
                subset = [i for i in ordered if self._communes[i][2] == wanted_dep]
                if subset:
                    return subset
            if wanted_terr:
                subset = [
                    i for i in ordered
                    if self.departements[self._communes[i][2]]["territoire"] == wanted_terr
                ]
                if subset:
                    return subset
        return ordered
