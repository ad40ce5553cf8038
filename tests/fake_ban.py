"""A local fake of the national address base API (BAN, /search), for the geocoder tests.

It answers like https://api-adresse.data.gouv.fr/search (a GeoJSON FeatureCollection) from
a small table of known addresses, records every query, and can be told to fail.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

KNOWN = {
    # normalised query word -> (label, lon, lat, citycode, postcode, city)
    "paix": ("12 Rue de la Paix 80000 Amiens", 2.2982, 49.8933, "80021", "80000", "Amiens"),
    "capitole": ("1 Place du Capitole 31000 Toulouse", 1.4442, 43.6045, "31555", "31000",
                 "Toulouse"),
}


class FakeBan:
    def __init__(self) -> None:
        self.queries: list[str] = []
        self.fail = False
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                url = urlparse(self.path)
                query = parse_qs(url.query).get("q", [""])[0]
                fake.queries.append(query)
                if fake.fail or url.path != "/search":
                    self.send_response(500)
                    self.end_headers()
                    return
                features = [_feature(*row) for key, row in KNOWN.items()
                            if key in query.lower()]
                body = json.dumps({"type": "FeatureCollection", "features": features,
                                   "query": query}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> FakeBan:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def _feature(label: str, lon: float, lat: float, citycode: str, postcode: str, city: str
             ) -> dict[str, Any]:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": {"label": label, "score": 0.93, "type": "housenumber",
                       "citycode": citycode, "postcode": postcode, "city": city},
    }
