"""Street-address geocoding through geopy, against a local fake of the BAN API."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from actions.geo.geocoder import geocode, looks_like_street_address
from actions.structures import ActionFindStructure
from tests.fake_ban import FakeBan
from tests.test_structures_action import _tracker


@pytest.fixture
def ban() -> Iterator[FakeBan]:
    with FakeBan() as fake:
        yield fake


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12 rue de la paix amiens", True), ("j'habite 3 bis avenue foch", True),
     ("1 place du capitole", True), ("j'ai 17 ans", False), ("amiens", False),
     ("rue de la paix", False)],
)
def test_street_addresses_are_recognised(text, expected):
    assert looks_like_street_address(text) is expected


def test_geocoding_through_the_fake_server(ban):
    address = geocode("12 rue de la paix amiens", ban.url)
    assert address is not None
    assert (address.lat, address.lon, address.code_insee, address.code_postal) == (
        49.8933, 2.2982, "80021", "80000")
    assert ban.queries == ["12 rue de la paix amiens"]


def test_no_url_no_request(ban):
    assert geocode("12 rue de la paix amiens", None) is None
    assert ban.queries == []


def test_server_errors_and_no_match_give_none(ban):
    assert geocode("99 rue inconnue", ban.url) is None
    ban.fail = True
    assert geocode("12 rue de la paix amiens", ban.url) is None
    assert len(ban.queries) == 2


def test_unreachable_server_gives_none():
    assert geocode("12 rue de la paix amiens", "http://127.0.0.1:9", timeout=1) is None


async def test_search_around_a_street_address(ban, monkeypatch, dispatcher, domain):
    monkeypatch.setenv("GEOCODER_URL", ban.url)
    tracker = _tracker("un cio pres du 1 place du capitole", {})
    await ActionFindStructure().run(dispatcher, tracker, domain)
    text = dispatcher.messages[0]["text"]
    assert text.startswith("Près de 1 Place du Capitole 31000 Toulouse :")
    assert ban.queries == ["un cio pres du 1 place du capitole"]
