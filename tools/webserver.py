"""Serves the web page with the chat widget (``widget/``) and its configuration.

``python -m tools.webserver --port 8080 --rasa-url http://127.0.0.1:5005``. Every response
carries a Content-Security-Policy: the page loads nothing but its own files, and talks only
to the Rasa server.
"""

from __future__ import annotations

import argparse
from collections.abc import Awaitable, Callable
from pathlib import Path
from urllib.parse import urlparse

from aiohttp import web

from actions.settings import ROOT

WIDGET = ROOT / "widget"
FILES = {"/": "index.html", "/index.html": "index.html", "/chat.js": "chat.js",
         "/chat.css": "chat.css", "/vendor/socket.io.min.js": "vendor/socket.io.min.js"}
TYPES = {".html": "text/html", ".js": "text/javascript", ".css": "text/css"}


def content_security_policy(rasa_url: str) -> str:
    parsed = urlparse(rasa_url)
    ws = "wss" if parsed.scheme == "https" else "ws"
    origin = f"{parsed.scheme}://{parsed.netloc}"
    return ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            f"connect-src 'self' {origin} {ws}://{parsed.netloc}; frame-ancestors 'none'; "
            "base-uri 'none'; form-action 'none'")


def make_app(rasa_url: str, root: Path = WIDGET) -> web.Application:
    csp = content_security_policy(rasa_url)

    @web.middleware
    async def headers(
        request: web.Request,
        handler: Callable[[web.Request], Awaitable[web.StreamResponse]],
    ) -> web.StreamResponse:
        try:
            response = await handler(request)
        except web.HTTPMethodNotAllowed:
            response = web.Response(status=405, text="Méthode non permise : cette page se lit "
                                    "seulement (GET).")
        response.headers["Content-Security-Policy"] = csp
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cache-Control"] = "no-store"
        return response

    async def config(_request: web.Request) -> web.Response:
        return web.json_response({"socketUrl": rasa_url, "socketPath": "/socket.io"})

    async def static(request: web.Request) -> web.StreamResponse:
        name = FILES.get(request.path)
        if name is None or not (root / name).is_file():
            raise web.HTTPNotFound(text="Page introuvable.")
        path = root / name
        return web.Response(body=path.read_bytes(),
                            content_type=TYPES.get(path.suffix, "application/octet-stream"),
                            charset="utf-8")

    app = web.Application(middlewares=[headers])
    app.router.add_get("/config.json", config)
    app.router.add_get("/{tail:.*}", static)
    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--rasa-url", required=True)
    args = parser.parse_args()
    # no access log: it would keep visitors' addresses
    web.run_app(make_app(args.rasa_url), host=args.host, port=args.port, print=None,
                access_log=None)


if __name__ == "__main__":
    main()
