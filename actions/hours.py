"""Opening hours of the counsellors, per territory, in local time (pure Python).

Configuration: ``actions/content/hours.yml`` (hours, time zones, exceptional closures);
public holidays come from the ``holidays`` package for France and each overseas territory.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import holidays
import yaml

CONFIG = Path(__file__).resolve().parent / "content" / "hours.yml"
PHONE = "0800 12 25 00"
"""The free number of the service, open at these hours."""
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
LOCAL_TIME = {
    "metropole": "heure de métropole",
    "guadeloupe": "heure de Guadeloupe",
    "martinique": "heure de Martinique",
    "guyane": "heure de Guyane",
    "reunion": "heure de La Réunion",
    "mayotte": "heure de Mayotte",
}
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre")


@dataclass(frozen=True)
class Closure:
    start: dt.date
    end: dt.date
    territories: frozenset[str] | None  # None: every territory
    reason: str


@dataclass(frozen=True)
class Schedule:
    territoire: str
    timezone: ZoneInfo
    opens: dt.time
    closes: dt.time
    holidays_subdiv: str | None


@dataclass(frozen=True)
class Hours:
    schedules: dict[str, Schedule]
    closures: tuple[Closure, ...]
    days: frozenset[int] = frozenset({1, 2, 3, 4, 5})
    """Open days, ISO numbers (1 = Monday)."""
    public_holidays: bool = True
    """Closed on the territory's public holidays."""

    def schedule(self, territoire: str | None) -> Schedule:
        return self.schedules.get(territoire or "metropole", self.schedules["metropole"])

    def closed_day(self, territoire: str, day: dt.date) -> str | None:
        """Why ``day`` (local) is closed, or None when it is a working day."""
        if day.isoweekday() not in self.days:
            return "week-end" if day.weekday() >= 5 else "jour de fermeture"
        schedule = self.schedule(territoire)
        name = (_holidays(schedule.holidays_subdiv, day.year).get(day)
                if self.public_holidays else None)
        if name:
            return f"jour férié ({name})"
        for closure in self.closures:
            if closure.start <= day <= closure.end and (
                closure.territories is None or territoire in closure.territories
            ):
                return closure.reason
        return None

    def is_open(self, territoire: str | None, at: dt.datetime) -> bool:
        schedule = self.schedule(territoire)
        local = at.astimezone(schedule.timezone)
        if self.closed_day(schedule.territoire, local.date()):
            return False
        return schedule.opens <= local.time() < schedule.closes

    def next_opening(self, territoire: str | None, at: dt.datetime) -> dt.datetime:
        """The next time the service opens (local, aware); ``at`` itself when open."""
        schedule = self.schedule(territoire)
        local = at.astimezone(schedule.timezone)
        if self.is_open(schedule.territoire, at):
            return local
        day = local.date()
        if local.time() >= schedule.opens:
            day += dt.timedelta(days=1)
        for _ in range(366):
            if not self.closed_day(schedule.territoire, day):
                return dt.datetime.combine(day, schedule.opens, tzinfo=schedule.timezone)
            day += dt.timedelta(days=1)
        raise RuntimeError("aucune ouverture dans l'année")

    def closing_time(self, territoire: str | None, at: dt.datetime) -> dt.datetime | None:
        """When the service closes today, if it is open now."""
        if not self.is_open(territoire, at):
            return None
        schedule = self.schedule(territoire)
        local = at.astimezone(schedule.timezone)
        return dt.datetime.combine(local.date(), schedule.closes, tzinfo=schedule.timezone)


@functools.lru_cache(maxsize=32)
def _holidays(subdiv: str | None, year: int) -> dict[dt.date, str]:
    calendar = holidays.country_holidays("FR", subdiv=subdiv, years=year, language="fr")
    return dict(calendar.items())


def _time(raw: str) -> dt.time:
    if raw == "24:00":
        return dt.time.max
    hours, minutes = raw.split(":")
    return dt.time(int(hours), int(minutes))


def parse_config(data: dict[str, Any]) -> Hours:
    schedules = {
        key: Schedule(key, ZoneInfo(value["timezone"]), _time(value["open"]),
                      _time(value["close"]), value.get("holidays"))
        for key, value in data["territories"].items()
    }
    closures = []
    for entry in data.get("closures") or []:
        where = entry.get("territories", "all")
        closures.append(Closure(
            start=dt.date.fromisoformat(str(entry["from"])),
            end=dt.date.fromisoformat(str(entry.get("to", entry["from"]))),
            territories=None if where == "all" else frozenset(where),
            reason=str(entry.get("reason") or "fermeture exceptionnelle"),
        ))
    days = frozenset(int(d) for d in data.get("days", [1, 2, 3, 4, 5]))
    return Hours(schedules, tuple(closures), days, bool(data.get("public_holidays", True)))


def load_hours(path: Path | None = None) -> Hours:
    """The configuration in ``path``, else HOURS_FILE, else actions/content/hours.yml."""
    if path is None:
        from actions.settings import get_settings

        path = get_settings().hours_file or CONFIG
    return _load(path)


@functools.lru_cache(maxsize=4)
def _load(path: Path) -> Hours:
    with path.open(encoding="utf-8") as fh:
        return parse_config(yaml.safe_load(fh))


def hour_label(moment: dt.time | dt.datetime) -> str:
    return f"{moment.hour} h" if moment.minute == 0 else f"{moment.hour} h {moment.minute:02d}"


def day_label(moment: dt.datetime, now: dt.datetime) -> str:
    local_now = now.astimezone(moment.tzinfo)
    if moment.date() == local_now.date():
        return "aujourd'hui"
    if moment.date() == local_now.date() + dt.timedelta(days=1):
        return "demain"
    return f"{WEEKDAYS[moment.weekday()]} {moment.day} {MONTHS[moment.month - 1]}"


def status_sentence(hours: Hours, territoire: str | None, now: dt.datetime) -> str:
    """'Open until 20 h' or 'closed, reopens Monday 1 December at 10 h', in local time."""
    schedule = hours.schedule(territoire)
    where = LOCAL_TIME[schedule.territoire]
    closes = hours.closing_time(territoire, now)
    if closes is not None:
        return f"Les conseillers sont là jusqu'à {hour_label(closes)} ({where})."
    opening = hours.next_opening(territoire, now)
    return (f"Les conseillers ne sont pas disponibles pour le moment. Ils reviennent "
            f"{day_label(opening, now)} à {hour_label(opening)} ({where}).")
