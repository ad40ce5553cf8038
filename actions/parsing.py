"""Reading the facts of a person's situation in what they write (pure Python, no Rasa).

Every parser takes the raw message and returns a value of the triage contract, or None when
the message does not say it. ``expecting=True`` means the assistant has just asked for that
fact, so short answers ("17", "oui", "aucun") count.
"""

from __future__ import annotations

import datetime as dt
import re

from actions.textnorm import normalize, normalize_words

__all__ = [
    "DIPLOMES",
    "is_skip",
    "normalize",
    "parse_age",
    "parse_diplome",
    "parse_profil",
    "parse_scolarise",
]

DIPLOMES = ("aucun", "brevet", "cap_bep", "bac_general", "bac_techno", "bac_pro", "superieur")
_RANK = {value: rank for rank, value in enumerate(DIPLOMES)}

# --- numbers written in words ------------------------------------------------------------
_UNITS = {
    "zero": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6,
    "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13,
    "quatorze": 14, "quinze": 15, "seize": 16, "vingt": 20, "trente": 30, "quarante": 40,
    "cinquante": 50, "soixante": 60,
}
_NUMBER_WORD = "|".join(sorted(_UNITS, key=len, reverse=True))
_WORD_NUMBER = re.compile(rf"\b((?:(?:{_NUMBER_WORD}|et)\s+)*(?:{_NUMBER_WORD}))\b")


def _words_to_int(phrase: str) -> int | None:
    total = 0
    for word in phrase.split():
        if word == "et":
            continue
        value = _UNITS.get(word)
        if value is None:
            return None
        total += value  # "soixante dix sept" = 60 + 10 + 7
    return total


def _replace_number_words(text: str) -> str:
    """'dix sept ans' -> '17 ans' on normalised text."""

    def repl(match: re.Match[str]) -> str:
        value = _words_to_int(match.group(1))
        return str(value) if value is not None else match.group(0)

    return _WORD_NUMBER.sub(repl, text)


# --- age ---------------------------------------------------------------------------------
_MIN_AGE, _MAX_AGE = 5, 99
_DURATION_BEFORE = re.compile(
    r"\b(?:il y a|ya|y a|depuis|pendant|durant|dans|ca fait|cela fait|sa fait|plus de|"
    r"moins de|tous les|toutes les|au bout de|apres)\s*$"
)
_NOT_AGE_BEFORE = re.compile(r"\b(?:en|le|la|les|bac|fois)\s*$")
_AGE_UNIT = r"(?:ans?|an|piges?|balais|a)\b"
_AGE_EXPLICIT = re.compile(rf"(?<![\d+])(\d{{1,2}})\s*{_AGE_UNIT}")
_BIRTH_DATE = re.compile(
    r"\b(?:ne|nee|naissance|suis de|est de|anniversaire)\D{0,12}?"
    r"(\d{1,2})[ /.\-](\d{1,2})[ /.\-]((?:19|20)\d{2})\b"
)
_BIRTH_DATE_RAW = re.compile(r"\b(\d{1,2})[/.\-](\d{1,2})[/.\-]((?:19|20)\d{2})\b")
_BIRTH_YEAR = re.compile(
    r"\b(?:ne|nee|nes|naissance|suis de|chui de|jsuis de|sui de|est de|etre de|annee|"
    r"generation|promo)\b"
    r"(?:\s+(?:en|le|l|de|d|annee|du))*\s+((?:19|20)\d{2})\b"
)
_BARE_NUMBER = re.compile(r"^\D*?(\d{1,2})\D*$")
_BARE_YEAR = re.compile(r"^\D*?((?:19|20)\d{2})\D*$")
_FIRST_PERSON_AGE = re.compile(r"\b(?:j ai|jai|g|je vais avoir|ai)\s+(\d{1,2})\b")


def _age_from_birth(year: int, month: int | None, day: int | None, today: dt.date) -> int:
    age = today.year - year
    if month is not None and day is not None and (today.month, today.day) < (month, day):
        age -= 1
    return age


def _plausible(age: int) -> int | None:
    return age if _MIN_AGE <= age <= _MAX_AGE else None


def parse_age(
    text: str, *, today: dt.date | None = None, expecting: bool = False
) -> int | None:
    """Age in whole years stated in ``text`` (digits, words, birth year or birth date)."""
    today = today or dt.date.today()
    norm = _replace_number_words(normalize(text))
    # a full date of birth
    match = _BIRTH_DATE.search(norm) or (_BIRTH_DATE_RAW.search(norm) if expecting else None)
    if match:
        day, month, year = (int(g) for g in match.groups())
        if 1 <= month <= 12 and 1 <= day <= 31:
            return _plausible(_age_from_birth(year, month, day, today))
    # a birth year
    match = _BIRTH_YEAR.search(norm)
    if match:
        return _plausible(_age_from_birth(int(match.group(1)), None, None, today))
    # "17 ans", the last one wins ("j'avais 16 ans, maintenant j'ai 18 ans")
    candidates = []
    for match in _AGE_EXPLICIT.finditer(norm):
        before = norm[: match.start()]
        if _DURATION_BEFORE.search(before) or _NOT_AGE_BEFORE.search(before):
            continue  # "il y a 2 ans", "depuis 3 ans": a duration, not an age
        if re.match(r"\s*(?:an|ans)\s+(?:que|qu|deja)\b", norm[match.end(1):]):
            continue
        candidates.append(int(match.group(1)))
    if candidates:
        return _plausible(candidates[-1])
    # "j'ai 17", "il a 15" without "ans"
    match = _FIRST_PERSON_AGE.search(norm) or re.search(
        r"\b(?:il|elle|fils|fille|enfant|gamin|gamine|ado)\s+(?:a|aura)\s+(\d{1,2})\b(?!\s*\d)",
        norm,
    )
    if match and not re.search(r"^\s*(?:fois|euros?|e|eme|h|heures?|mois|jours?|semaines?|%)",
                               norm[match.end(1):]):
        return _plausible(int(match.group(1)))
    if expecting:
        match = _BARE_YEAR.match(norm)
        if match:
            return _plausible(_age_from_birth(int(match.group(1)), None, None, today))
        match = _BARE_NUMBER.match(norm)
        if match and not re.search(r"\d\s*(?:e|eme|er|ere|h|mois)\b", norm) and not re.search(
            r"\b(?:le|dans|dep|departement|dept|du|bac|en)\s+\d", norm
        ):
            return _plausible(int(match.group(1)))
    return None


# --- diploma -----------------------------------------------------------------------------
_NEGATION_BEFORE = re.compile(
    r"\b(?:pas|pa|jamais|rate|ratee|rater|loupe|louper|echoue|echouer|sans|aucun|aucune|"
    r"ni|manque|manquer|recale|rien|prepare|preparer|passe|passer|repasse|repasser|vise|"
    r"viser|veux|voudrais|faire|fais|fait|suis en|en)\b(?:\s+\w+){0,3}\s*$"
)
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("superieur", re.compile(
        r"\b(?:bts|dut|but|licence|master|doctorat|deug|dues|bac\s*\+?\s*[2-8]|bac\s+plus\s+\d|"
        r"diplome d ingenieur|ingenieur|deust|dma|dnmade|dcg|prepa|fac|universite)\b"
    )),
    ("bac_pro", re.compile(r"\b(?:bac|baccalaureat|bacc?)\s*(?:pro|professionnel|professionel)\b")),
    ("bac_techno", re.compile(
        r"\b(?:(?:bac|baccalaureat)\s*(?:techno|technologique|tech)|stmg|sti2d|st2s|stl|stav|"
        r"std2a|sthr|s2tmd|stg|sti|smst|stt)\b"
    )),
    ("bac_general", re.compile(
        r"\b(?:(?:bac|baccalaureat)\s*(?:general|generale|gene|s|es|l|scientifique|litteraire|"
        r"economique)|bac\s+(?:spe|specialite|specialites|maths|math|ses|svt|hggsp|hlp|llcer|"
        r"nsi|physique))\b"
    )),
    ("cap_bep", re.compile(r"\b(?:cap|capa|bep|bepa|cap agricole|mc|mention complementaire)\b")),
    ("brevet", re.compile(
        r"\b(?:brevet|dnb|brevet des colleges|cfg|certificat de formation generale)\b"
    )),
]
_NONE = re.compile(
    r"\b(?:pas de diplome|pas d diplome|aucun diplome|sans diplome|aucun diplom|pa de diplome|"
    r"pas diplome|pas de diplom|pa de diplom|0 diplome|zero diplome|aucun dipl|rien comme diplome|"
    r"pas eu de diplome|jamais eu de diplome|diplome aucun|n ai aucun|ai aucun)\b"
)
_NONE_WHEN_ASKED = re.compile(
    r"^(?:aucun|aucune|rien|non|nan|nn|nada|que dalle|pas de diplome|pas un|pas du tout|"
    r"j en ai pas|jen ai pas|j en ai aucun|jen ai aucun|g rien|j ai rien|jai rien|none|0|zero|"
    r"pas encore|toujours pas)(?:\s.*)?$"
)
_UNCERTAIN = re.compile(r"\b(?:jsp|je sais pas|je ne sais pas|sais pas|chais pas|chai pas)\b")


def _negated(norm: str, start: int) -> bool:
    before = norm[max(0, start - 40): start]
    if not _NEGATION_BEFORE.search(before):
        return False
    # "je n'ai pas le bac mais j'ai eu le cap": only the nearest clause counts
    clause = re.split(r"\b(?:mais|par contre|sauf|juste|seulement|que)\b", before)[-1]
    return bool(_NEGATION_BEFORE.search(clause))


def parse_diplome(text: str, *, expecting: bool = False) -> str | None:
    """Highest diploma obtained, as a contract value, or None."""
    norm = normalize_words(text)
    found: list[str] = []
    for value, pattern in _PATTERNS:
        for match in pattern.finditer(norm):
            if not _negated(norm, match.start()):
                found.append(value)
                break
    if found:
        return max(found, key=_RANK.__getitem__)
    if _NONE.search(norm):
        return "aucun"
    if expecting and not _UNCERTAIN.search(norm) and _NONE_WHEN_ASKED.match(norm):
        return "aucun"
    return None


# --- youth or parent ---------------------------------------------------------------------
_PARENT = re.compile(
    r"\b(?:mon fils|mon fis|ma fille|mon enfant|mes enfants|mon gamin|ma gamine|mon ado|"
    r"mon gars|ma petite|mon petit|mon garcon|fils|fille|je suis (?:sa|son|la|le) "
    r"(?:mere|pere|maman|papa|mere|parent|tutrice|tuteur|belle mere|beau pere)|"
    r"je suis (?:la|le) (?:maman|papa|mere|pere)|je suis (?:un |une )?(?:parent|maman|papa|"
    r"mere|pere|tuteur|tutrice)|parent d eleve|parent d un|parents d|en tant que (?:parent|"
    r"mere|pere)|notre (?:fils|fille|enfant))\b"
)
_YOUTH = re.compile(
    r"\b(?:pour moi|c pour moi|c est pour moi|cest pour moi|pour moi meme|moi meme|"
    r"je suis (?:un |une )?(?:jeune|eleve|lyceen|lyceenne|collegien|collegienne|etudiant|"
    r"etudiante|decrocheur|decrocheuse|apprenti|apprentie)|chui (?:un |une )?(?:jeune|eleve)|"
    r"perso)\b"
)
_YOUTH_WHEN_ASKED = re.compile(r"^(?:moi|moi meme|je|jeune|pour moi|c moi|cest moi|c est moi)$")


def parse_profil(text: str, *, expecting: bool = False) -> str | None:
    norm = normalize_words(text)
    if _PARENT.search(norm):
        return "parent"
    if _YOUTH.search(norm) and not re.search(r"\b(?:c est perso|c perso|cest perso)\b", norm):
        return "jeune"
    if expecting:
        if _YOUTH_WHEN_ASKED.match(norm):
            return "jeune"
        if re.match(r"^(?:parent|enfant|mon enfant|pour mon enfant|parents)$", norm):
            return "parent"
    return None


# --- still at school ---------------------------------------------------------------------
_LEFT = re.compile(
    r"\b(?:(?:ai|a|as|j ai|jai|g|avons|ont|est|suis)\s+(?:arrete|arreter|quitte|lache|abandonne|"
    r"stoppe|decroche|laisse tomber)|arrete (?:l ecole|les cours|le lycee|le college|mes etudes)|"
    r"descolarise|descolarisee|decroche|decrocheur|decrocheuse|sorti du systeme|sortie du systeme|"
    r"sortie? de l ecole|plus scolarise|plus scolarisee|(?:vais|va|allons|vont|part|pars)\s+plus"
    r"\s+(?:a l ecole|au lycee|au college|en cours|a l ecole|au bahut|en classe|au cours)|"
    r"(?:n )?(?:y )?(?:vais|va)\s+plus|plus (?:en cours|a l ecole|au lycee|au college)|"
    r"vire|exclu|exclue|renvoye|renvoyee|quitte l ecole|quitte le lycee|quitte le college|"
    r"sans ecole|pas scolarise|pas scolarisee|ne (?:vais|va) plus|je travaille|j bosse|je bosse)\b"
)
_AT_SCHOOL = re.compile(
    r"\b(?:(?:suis|est|es|chui|sui|jsuis|je suis|il est|elle est)\s+(?:en|au|a l|dans un|dans une)"
    r"\s+(?:\d\s*(?:e|eme|em|nde|de|ere|er|re)|seconde|2nde|2de|premiere|1ere|1re|terminale|"
    r"term|tle|sixieme|cinquieme|quatrieme|troisieme|lycee|college|cours|classe|cap|bac pro|"
    r"ecole|internat)|scolarise|scolarisee|toujours (?:au|en|a l)|encore (?:au|en|a l)|"
    r"vais (?:au|en|a l) (?:lycee|college|cours|ecole)|va (?:au|a l) (?:lycee|college|ecole)|"
    r"lyceen|lyceenne|collegien|collegienne|je suis eleve|suis en (?:3|4|5|6|2|1)|"
    r"en (?:seconde|2nde|2de|premiere|1ere|terminale|term) (?:pro|generale|techno|stmg|s|es|l)?)\b"
)
_YES = re.compile(r"^(?:oui|ouais|ouai|oe|wesh oui|yes|yep|ui|wi|si|bien sur|oui oui|exact|"
                  r"toujours|encore|ben oui|bah oui|of course|affirmatif|carrement|grave)\b")
_NO = re.compile(r"^(?:non|nan|nn|no|nope|pas du tout|plus|plus maintenant|jamais|"
                 r"ben non|bah non|absolument pas|pas vraiment)\b")


def parse_scolarise(text: str, *, expecting: bool = False) -> bool | None:
    norm = normalize_words(text)
    if _LEFT.search(norm):
        return False
    if _AT_SCHOOL.search(norm):
        return True
    if expecting:
        if _NO.match(norm):
            return False
        if _YES.match(norm):
            return True
    return None


# --- refusal or "don't know" -------------------------------------------------------------
_SKIP = re.compile(
    r"^(?:.*\b(?:prefere pas|prefere ne pas|prefererais pas|veux pas (?:le )?dire|"
    r"veux pas repondre|"
    r"veux pas en parler|pas envie de (?:le )?dire|pas envie de repondre|pas envie d en parler|"
    r"ne souhaite pas|souhaite pas (?:le )?dire|souhaite pas repondre|ca te regarde pas|"
    r"ca vous regarde pas|c est perso|cest perso|c perso|c prive|aucune idee|aucune id|"
    r"pas d idee|on passe|question suivante|je passe|passe ton tour|joker)\b.*"
    r"|(?:jsp|jsais pas|je sais pas|je ne sais pas|sais pas|chais pas|chai pas|jcp|ne sais pas|"
    r"je sais plus|sais plus|passe|next|skip|secret|perso|pas sur|pas sure|bof|aucune idee)"
    r"(?:\s+(?:trop|vraiment|du tout|dsl|desole|desolee|mdr|lol))*)$"
)


def is_skip(text: str) -> bool:
    """The person declines to answer, or does not know."""
    return bool(_SKIP.match(normalize_words(text)))
