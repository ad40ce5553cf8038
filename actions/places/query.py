"""What kind of structure a message asks for ("une mission locale à Nantes")."""

from __future__ import annotations

import re

from actions.textnorm import normalize_words

_KINDS: list[tuple[str, re.Pattern[str]]] = [
    ("mission_locale", re.compile(r"\bmissions? locales?\b|\bmissionlocale\b|\bml\b")),
    ("mlds", re.compile(r"\bmlds\b|\blutte contre le decrochage\b")),
    ("cio", re.compile(r"\bcio\b|\bcentres? d information et d orientation\b"
                       r"|\bcentres? d orientation\b")),
    ("info_jeunesse", re.compile(r"\b(?:bij|pij|crij)\b|\binfo(?:rmation)? jeunesse\b"
                                 r"|\bpoints? jeunes?\b")),
    ("e2c", re.compile(r"\be2c\b|\becoles? de la (?:2e|2eme|deuxieme|seconde|2nde) chance\b")),
    ("epide", re.compile(r"\bepide\b")),
    ("sma", re.compile(r"\br?sma\b|\bservice militaire adapte\b")),
    ("smv", re.compile(r"\bsmv\b|\bservice militaire volontaire\b")),
    ("micro_lycee", re.compile(r"\bmicro ?lycees?\b|\blycees? de la nouvelle chance\b"
                               r"|\bretour a l ecole\b")),
    ("france_travail", re.compile(r"\bfrance travail\b|\bpole emploi\b"
                                  r"|\bagences? pour l emploi\b")),
    ("afpa", re.compile(r"\bafpa\b")),
    ("france_services", re.compile(r"\bfrance services?\b|\bmsap\b")),
    ("lycee_agricole", re.compile(r"\blycees? agricoles?\b")),
    ("lycee_pro", re.compile(r"\blycees? pros?\b|\blycees? professionnels?\b")),
    ("erea", re.compile(r"\berea\b")),
]


def requested_types(text: str) -> list[str]:
    """The types of structure named in ``text``, in the order of the list above."""
    norm = normalize_words(text)
    return [kind for kind, pattern in _KINDS if pattern.search(norm)]
