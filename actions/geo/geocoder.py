"""Street-address geocoding with geopy, through the national address base (BAN,
adresse.data.gouv.fr) or any server speaking its API, when GEOCODER_URL is set.

The offline gazetteer stays the default: without GEOCODER_URL, nothing is sent anywhere.
Only the message holding the address is sent, never who wrote it.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from urllib.parse import urlparse

from geopy.exc import GeopyError
from geopy.geocoders import BANFrance

from actions.textnorm import normalize_words

log = logging.getLogger(__name__)

_STREET = re.compile(
    r"\b\d{1,4}\s*(?:bis|ter)?\s+(?:rue|avenue|av|boulevard|bd|bld|chemin|allee|impasse|"
    r"place|route|quai|cours|square|residence|lotissement|cite|rond point|voie)\b"
)


@dataclass(frozen=True)
class Address:
    label: str
    lat: float
    lon: float
    code_insee: str
    code_postal: str
    commune: str


def looks_like_street_address(text: str) -> bool:
    return bool(_STREET.search(normalize_words(text)))


def geocoder_for(url: str, timeout: float = 3.0) -> BANFrance:
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ValueError(f"GEOCODER_URL invalide : {url!r}")
    return BANFrance(domain=parsed.netloc + parsed.path.rstrip("/"), scheme=parsed.scheme,
                     timeout=timeout, user_agent="seconde-chance")


def geocode(text: str, url: str | None, timeout: float = 3.0) -> Address | None:
    """The address in ``text`` (None without GEOCODER_URL, on failure or without a match)."""
    if not url or not looks_like_street_address(text):
        return None
    try:
        location = geocoder_for(url, timeout).geocode(text[:200], exactly_one=True)
    except (GeopyError, ValueError, OSError):
        log.warning("geocoding failed", exc_info=True)
        return None
    if location is None:
        return None
    props = (location.raw or {}).get("properties", {})
    return Address(
        label=str(props.get("label") or location.address),
        lat=float(location.latitude), lon=float(location.longitude),
        code_insee=str(props.get("citycode") or ""), code_postal=str(props.get("postcode") or ""),
        commune=str(props.get("city") or ""),
    )
