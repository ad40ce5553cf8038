"""A local fake of the national address base API (BAN, /search), for the geocoder tests.

It answers like https://api-adresse.data.gouv.fr/search (a GeoJSON FeatureCollection) from
a small table of known addresses, records every query, and can be told to fail.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlparse

from tests.fake_http import JsonHandler, LocalServer

KNOWN = {
    # query word -> (label, lon, lat, citycode, postcode, city)
    "paix": ("12 Rue de la Paix 80000 Amiens", 2.2982, 49.8933, "80021", "80000", "Amiens"),
    "capitole": ("1 Place du Capitole 31000 Toulouse", 1.4442, 43.6045, "31555", "31000",
                 "Toulouse"),
}


class FakeBan(LocalServer):
    def __init__(self) -> None:
        self.queries: list[str] = []
        self.fail = False
        fake = self

        class Handler(JsonHandler):
            def do_GET(self) -> None:
                url = urlparse(self.path)
                query = parse_qs(url.query).get("q", [""])[0]
                fake.queries.append(query)
                if fake.fail or url.path != "/search":
                    self.reply(500, {"error": "failure"})
                    return
                features = [_feature(*row) for key, row in KNOWN.items()
                            if key in query.lower()]
                self.reply(200, {"type": "FeatureCollection", "features": features,
                                 "query": query})

        super().__init__(Handler)

    @property
    def url(self) -> str:
        return self.base_url

    def __enter__(self) -> FakeBan:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()


def _feature(label: str, lon: float, lat: float, citycode: str, postcode: str, city: str
             ) -> dict[str, Any]:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": {"label": label, "score": 0.93, "type": "housenumber",
                       "citycode": citycode, "postcode": postcode, "city": city},
    }
