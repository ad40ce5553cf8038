"""Opening hours per territory, in local time: weekdays, holidays, daylight-saving changes,
just before and just after opening, exceptional closures."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from actions.handoff import counsellor_message
from actions.hours import load_hours, parse_config, status_sentence

UTC = dt.timezone.utc
PARIS = ZoneInfo("Europe/Paris")


def local(territoire: str, year: int, month: int, day: int, hour: int, minute: int,
          second: int = 0) -> dt.datetime:
    zone = load_hours().schedule(territoire).timezone
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=zone)


# Tuesday 1 December 2026, a working day everywhere
@pytest.mark.parametrize(
    ("territoire", "opens", "closes"),
    [("metropole", 10, 20), ("guadeloupe", 8, 15), ("martinique", 8, 15), ("guyane", 9, 16),
     ("reunion", 12, 22), ("mayotte", 11, 21)],
)
def test_just_before_and_after_opening_and_closing(territoire, opens, closes):
    hours = load_hours()
    day = (2026, 12, 1)
    assert not hours.is_open(territoire, local(territoire, *day, opens - 1, 59, 59))
    assert hours.is_open(territoire, local(territoire, *day, opens, 0))
    assert hours.is_open(territoire, local(territoire, *day, closes - 1, 59, 59))
    assert not hours.is_open(territoire, local(territoire, *day, closes, 0))


def test_local_time_is_what_counts():
    hours = load_hours()
    # 13:00 UTC on a Tuesday: 14:00 in Paris, 9:00 in Guadeloupe, 17:00 in La Réunion
    at = dt.datetime(2026, 12, 1, 13, 0, tzinfo=UTC)
    assert [hours.is_open(t, at) for t in ("metropole", "guadeloupe", "reunion", "mayotte")] == [
        True, True, True, True]
    late = dt.datetime(2026, 12, 1, 19, 30, tzinfo=UTC)  # 20:30 Paris, 23:30 Réunion
    assert [hours.is_open(t, late) for t in ("metropole", "guadeloupe", "guyane", "reunion")
            ] == [False, False, False, False]


def test_daylight_saving_change_in_metropole():
    hours = load_hours()
    # 9:30 UTC is 10:30 in Paris in winter, 11:30 in summer: open both times
    assert hours.is_open("metropole", dt.datetime(2026, 3, 27, 9, 30, tzinfo=UTC))  # CET
    assert hours.is_open("metropole", dt.datetime(2026, 3, 30, 9, 30, tzinfo=UTC))  # CEST
    # 18:30 UTC: 19:30 in winter (open), 20:30 in summer (closed)
    assert hours.is_open("metropole", dt.datetime(2026, 3, 27, 18, 30, tzinfo=UTC))
    assert not hours.is_open("metropole", dt.datetime(2026, 3, 30, 18, 30, tzinfo=UTC))
    # overseas has no daylight saving: 12:30 UTC is 8:30 in Martinique all year
    assert hours.is_open("martinique", dt.datetime(2026, 3, 30, 12, 30, tzinfo=UTC))
    assert hours.is_open("martinique", dt.datetime(2026, 11, 30, 12, 30, tzinfo=UTC))


def test_weekends_are_closed():
    hours = load_hours()
    assert not hours.is_open("metropole", local("metropole", 2026, 11, 28, 12, 0))
    opening = hours.next_opening("metropole", local("metropole", 2026, 11, 28, 12, 0))
    assert opening == dt.datetime(2026, 11, 30, 10, 0, tzinfo=PARIS)


@pytest.mark.parametrize(
    ("territoire", "holiday"),
    [("guadeloupe", (2026, 5, 27)), ("martinique", (2026, 5, 22)), ("guyane", (2026, 6, 10)),
     ("reunion", (2027, 12, 20)), ("mayotte", (2026, 4, 27)), ("metropole", (2026, 7, 14))],
)
def test_public_holidays_of_each_territory(territoire, holiday):
    """Abolition of slavery differs per territory (in La Réunion, 20 December: a Monday
    in 2027)."""
    hours = load_hours()
    year, month, day = holiday
    noon = local(territoire, year, month, day, 12, 0)
    reason = hours.closed_day(territoire, noon.date())
    assert reason is not None and reason.startswith("jour férié")
    assert not hours.is_open(territoire, noon)


def test_abolition_day_closes_only_its_territory():
    hours = load_hours()
    assert hours.closed_day("guadeloupe", dt.date(2026, 5, 27)) is not None
    assert hours.closed_day("martinique", dt.date(2026, 5, 27)) is None
    assert hours.closed_day("metropole", dt.date(2026, 5, 27)) is None


def test_exceptional_closure_from_the_configuration():
    hours = parse_config({
        "territories": {"metropole": {"timezone": "Europe/Paris", "open": "10:00",
                                      "close": "20:00", "holidays": None}},
        "closures": [{"from": "2026-12-24", "to": "2026-12-24", "territories": ["metropole"],
                      "reason": "Veille de Noël"}],
    })
    assert hours.closed_day("metropole", dt.date(2026, 12, 24)) == "Veille de Noël"
    assert hours.next_opening("metropole", dt.datetime(2026, 12, 24, 9, 0, tzinfo=UTC)) == (
        dt.datetime(2026, 12, 28, 10, 0, tzinfo=PARIS))  # 25th holiday, then the weekend


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (dt.datetime(2026, 12, 1, 9, 0, tzinfo=UTC),
         "Les conseillers sont là jusqu'à 20 h (heure de métropole)."),
        (dt.datetime(2026, 12, 1, 8, 0, tzinfo=UTC),
         "Les conseillers ne sont pas disponibles pour le moment. Ils reviennent aujourd'hui "
         "à 10 h (heure de métropole)."),
        (dt.datetime(2026, 12, 1, 20, 0, tzinfo=UTC),
         "Les conseillers ne sont pas disponibles pour le moment. Ils reviennent demain à "
         "10 h (heure de métropole)."),
        (dt.datetime(2026, 12, 4, 20, 0, tzinfo=UTC),
         "Les conseillers ne sont pas disponibles pour le moment. Ils reviennent lundi "
         "7 décembre à 10 h (heure de métropole)."),
    ],
)
def test_status_sentence(at, expected):
    assert status_sentence(load_hours(), "metropole", at) == expected


def test_status_sentence_in_local_time_overseas():
    at = dt.datetime(2026, 12, 1, 3, 0, tzinfo=UTC)  # 7:00 in La Réunion
    assert status_sentence(load_hours(), "reunion", at) == (
        "Les conseillers ne sont pas disponibles pour le moment. Ils reviennent aujourd'hui "
        "à 12 h (heure de La Réunion).")


def test_counsellor_message_when_closed_offers_alternatives():
    message = counsellor_message("guyane", dt.datetime(2026, 12, 1, 21, 0, tzinfo=UTC))
    assert "0800 12 25 00" in message and "lieu d'accueil près de chez vous" in message
