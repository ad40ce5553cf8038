"""What a person can do, from the triage slots (pure Python, no Rasa).

The rules come from the service's own text (``../shared/reference/003_de09adb907fbe02d.txt``:
the right to return to education for 16-25 year-olds who left school without a diploma or a
vocational qualification, what each diploma allows, the statuses, the structures and their
ages) and from the official pages cited in ``actions/content/faq.yml`` (compulsory schooling
until 16, compulsory training from 16 to 18).

Every combination of age band, diploma, youth/parent and school status has an answer; the
test suite walks the whole table.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

SOURCE = "003_de09adb907fbe02d.txt"
OVERSEAS = {"guadeloupe", "martinique", "guyane", "reunion", "mayotte"}
NO_QUALIFICATION = {"aucun", "brevet"}
QUALIFIED = {"cap_bep", "bac_pro", "superieur"}


class AgeBand(Enum):
    UNDER_16 = "moins de 16 ans"
    FROM_16_TO_17 = "16-17 ans"
    FROM_18_TO_25 = "18-25 ans"
    OVER_25 = "plus de 25 ans"
    UNKNOWN = "âge inconnu"


def age_band(age: float | None) -> AgeBand:
    if age is None:
        return AgeBand.UNKNOWN
    if age < 16:
        return AgeBand.UNDER_16
    if age < 18:
        return AgeBand.FROM_16_TO_17
    if age <= 25:
        return AgeBand.FROM_18_TO_25
    return AgeBand.OVER_25


@dataclass(frozen=True)
class Situation:
    age: float | None = None
    diplome: str | None = None
    profil: str | None = None
    scolarise: bool | None = None
    territoire: str | None = None

    @property
    def parent(self) -> bool:
        return self.profil == "parent"


@dataclass(frozen=True)
class Orientation:
    """What applies to one situation."""

    droit_retour: bool | None
    """The right to return to education applies (None: not enough known to say)."""
    prepare: tuple[str, ...]
    """What can be prepared: keys of PREPARE."""
    statuts: tuple[str, ...]
    """Under which statuses: keys of STATUTS."""
    contacts: tuple[str, ...]
    """Whom to contact, first first: keys of CONTACTS."""
    reasons: tuple[str, ...]
    """Why: keys of REASONS, in reading order."""


PREPARE = {
    "diplome": "un diplôme général, technologique ou professionnel",
    "rncp": "une certification professionnelle reconnue (inscrite au RNCP, le répertoire "
            "national des certifications professionnelles)",
    "diplome_pro": "un diplôme professionnel, comme un bac pro ou un BTS (brevet de "
                   "technicien supérieur)",
    "diplome_pro_sup": "un diplôme professionnel de niveau supérieur, comme un BTS (brevet de "
                       "technicien supérieur)",
}
STATUTS = {
    "eleve": "élève",
    "etudiant": "étudiant",
    "apprenti": "apprenti",
    "stagiaire": "stagiaire de la formation professionnelle",
}
CONTACTS = {
    "etablissement": "l'établissement scolaire (professeur principal, CPE, psychologue de "
                     "l'Éducation nationale)",
    "cio": "un CIO (centre d'information et d'orientation)",
    "mission_locale": "la mission locale",
    "mlds": "la MLDS (mission de lutte contre le décrochage scolaire)",
    "e2c": "une E2C (école de la deuxième chance)",
    "epide": "un EPIDE (établissement pour l'insertion dans l'emploi)",
    "sma": "le SMA (service militaire adapté)",
    "france_travail": "France Travail",
    "afpa": "l'AFPA",
    "numero_vert": "le numéro vert gratuit 0800 12 25 00",
}
REASONS = (
    "encore_scolarise", "instruction_obligatoire", "formation_obligatoire", "droit_retour",
    "deja_qualifie", "trop_age", "age_inconnu", "diplome_inconnu",
)


def orient(s: Situation) -> Orientation:
    band = age_band(s.age)

    if s.scolarise is True:
        reasons: tuple[str, ...] = ("encore_scolarise",)
        if band is AgeBand.UNDER_16:
            reasons += ("instruction_obligatoire",)
        elif band is AgeBand.FROM_16_TO_17:
            reasons += ("formation_obligatoire",)
        return Orientation(False, (), (), ("etablissement", "cio", "numero_vert"), reasons)

    if band is AgeBand.UNDER_16:
        return Orientation(False, (), (), ("etablissement", "cio", "numero_vert"),
                           ("instruction_obligatoire",))
    if band is AgeBand.OVER_25:
        return Orientation(False, (), (), ("france_travail", "afpa", "numero_vert"),
                           ("trop_age",))

    # 16-25, or age unknown: the diploma decides
    extra: tuple[str, ...] = ()
    if band is AgeBand.UNKNOWN:
        extra += ("age_inconnu",)
    if band is AgeBand.FROM_16_TO_17:
        extra += ("formation_obligatoire",)
    if s.scolarise is None:
        extra += ("encore_scolarise",)
    local = ("mission_locale", "cio", "mlds", *(
        key for key in ("e2c", "epide", "sma") if fits(key, s)
    ))
    if s.diplome in QUALIFIED:
        contacts = ("mission_locale", "cio", "france_travail", "numero_vert")
        if band is AgeBand.UNKNOWN:
            contacts = ("cio", "mission_locale", "france_travail", "numero_vert")
        return Orientation(False, (), (), contacts, ("deja_qualifie", *extra))
    known = band is not AgeBand.UNKNOWN or None
    if s.diplome == "bac_general":
        return Orientation(known, ("diplome_pro",), ("eleve", "etudiant"),
                           (*local, "numero_vert"), ("droit_retour", *extra))
    if s.diplome == "bac_techno":
        return Orientation(known, ("diplome_pro_sup",), ("eleve", "etudiant"),
                           (*local, "numero_vert"), ("droit_retour", *extra))
    if s.diplome in NO_QUALIFICATION:
        return Orientation(known, ("diplome", "rncp"), ("eleve", "apprenti", "stagiaire"),
                           (*local, "numero_vert"), ("droit_retour", *extra))
    # diploma unknown
    return Orientation(None, ("diplome", "rncp"), ("eleve", "apprenti", "stagiaire"),
                       (*local, "numero_vert"), ("diplome_inconnu", *extra))


# --- the personalised paragraph -----------------------------------------------------------
_DIPLOME_PHRASE = {
    "aucun": "sans diplôme",
    "brevet": "avec le brevet",
    "cap_bep": "avec un CAP ou un BEP",
    "bac_general": "avec un bac général",
    "bac_techno": "avec un bac technologique",
    "bac_pro": "avec un bac professionnel",
    "superieur": "avec un diplôme de l'enseignement supérieur",
}


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " ou " + items[-1]


def _opening(s: Situation) -> str:
    parts = []
    if s.age is not None:
        parts.append(f"À {int(s.age)} ans")
    if s.diplome in _DIPLOME_PHRASE:
        parts.append(_DIPLOME_PHRASE[s.diplome])
    if not parts:
        return "Votre enfant" if s.parent else "Vous"
    who = "votre enfant" if s.parent else "vous"
    return " et ".join(parts) + ", " + who


def describe(s: Situation) -> str:
    """A short personalised paragraph: what applies, what can be prepared, whom to contact."""
    o = orient(s)
    parent = s.parent
    subject = "votre enfant" if parent else "vous"
    Subject = subject[0].upper() + subject[1:]
    can = "peut" if parent else "pouvez"
    sentences: list[str] = []
    obj = "l'" if parent else "vous "
    if "encore_scolarise" in o.reasons and s.scolarise is True:
        sentences.append(
            f"{Subject} {'est' if parent else 'êtes'} encore scolarisé : des professionnels "
            f"peuvent {obj}aider à trouver une solution pour ne pas "
            "décrocher."
        )
    if "instruction_obligatoire" in o.reasons:
        sentences.append(
            f"L'instruction est obligatoire jusqu'à 16 ans : {subject} "
            f"{'doit' if parent else 'devez'} continuer {'sa' if parent else 'votre'} "
            "scolarité jusque-là."
        )
    if "formation_obligatoire" in o.reasons:
        sentences.append(
            "Entre 16 et 18 ans, la formation est obligatoire : être à l'école, en "
            "apprentissage, en formation, en service civique ou accompagné (par la mission "
            "locale, par exemple)."
        )
    if "trop_age" in o.reasons:
        sentences.append(
            "Le droit au retour en formation concerne les jeunes de 16 à 25 ans. "
            f"{_opening(s)} {can} {'se' if parent else 'vous'} tourner vers d'autres "
            "formations, notamment celles proposées aux demandeurs d'emploi."
        )
    if "deja_qualifie" in o.reasons:
        sentences.append(
            f"{_opening(s)} {'a' if parent else 'avez'} déjà une qualification : le droit au "
            "retour en formation vise les jeunes sans diplôme ou sans qualification "
            "professionnelle, mais un conseiller peut étudier un autre projet."
        )
    if o.prepare and "droit_retour" in o.reasons and o.droit_retour:
        statuts = _join([STATUTS[k] for k in o.statuts])
        sentences.append(
            f"{_opening(s)} {can} reprendre une formation et préparer "
            f"{_join([PREPARE[k] for k in o.prepare])}, comme {statuts}."
        )
    elif o.prepare and "droit_retour" in o.reasons:
        sentences.append(
            f"Si {subject} {'a' if parent else 'avez'} entre 16 et 25 ans, {subject} {can} "
            f"préparer {_join([PREPARE[k] for k in o.prepare])}."
        )
    elif "diplome_inconnu" in o.reasons:
        sentences.append(
            f"Sans diplôme ou sans qualification professionnelle, et entre 16 et 25 ans, "
            f"{subject} {can} reprendre une formation et préparer "
            f"{_join([PREPARE[k] for k in o.prepare])}."
        )
    contacts = [CONTACTS[k] for k in o.contacts]
    sentences.append(f"À contacter en premier : {_join(contacts)}.")
    return " ".join(sentences)


# --- who each structure is for (from the reference text) ---------------------------------
@dataclass(frozen=True)
class Audience:
    name: str
    min_age: int | None = None
    max_age: int | None = None
    overseas_only: bool = False


# The reference (2016) gave E2C 18-25, EPIDE 18-25 and SMA 18-26; the current official
# pages cited in actions/content/faq.yml give the ages below, which are the ones applied.
AUDIENCES = {
    "mission_locale": Audience("La mission locale", 16, 25),
    "mlds": Audience("La MLDS", 16, None),
    "e2c": Audience("L'E2C", 16, 25),
    "epide": Audience("L'EPIDE", 17, 25),
    "sma": Audience("Le SMA", 18, 25, overseas_only=True),
}


def fits(key: str, s: Situation) -> bool:
    """The person is within the structure's audience (an unknown age fits nothing)."""
    audience = AUDIENCES[key]
    if s.age is None:
        return False
    if audience.min_age is not None and s.age < audience.min_age:
        return False
    if audience.max_age is not None and s.age > audience.max_age:
        return False
    return not (audience.overseas_only and s.territoire not in OVERSEAS)


def structure_note(key: str, s: Situation) -> str | None:
    """A sentence when the person does not fit a structure's audience, else None."""
    audience = AUDIENCES.get(key)
    if audience is None:
        return None
    who = "votre enfant" if s.parent else "vous"
    if s.age is not None:
        age = int(s.age)
        if audience.min_age is not None and age < audience.min_age:
            return (f"{audience.name} accueille à partir de {audience.min_age} ans : à {age} ans, "
                    f"ce n'est pas encore possible pour {who}.")
        if audience.max_age is not None and age > audience.max_age:
            return (f"{audience.name} accueille jusqu'à {audience.max_age} ans : à {age} ans, "
                    f"d'autres solutions existent pour {who}.")
    if audience.overseas_only and s.territoire == "metropole":
        return f"{audience.name} n'existe qu'en outre-mer."
    return None
