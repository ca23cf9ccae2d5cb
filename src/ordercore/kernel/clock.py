"""Time without a wall clock: aware instants, calendar dates, and an injected ``Clock``.

The domain never reads the time; ``now`` is a parameter of every method that needs it, and the
service layer asks a :class:`Clock` port. Instants are timezone-aware ``pendulum.DateTime`` values;
naive datetimes are refused with :class:`NaiveDatetime`. Dates (due dates, ship-by dates) are
``pendulum.Date`` values, distinct from instants, computed in the merchant's timezone with
:func:`local_date`.
"""

from __future__ import annotations

import datetime as _dt
from typing import Protocol

import attrs
import pendulum

from ordercore.kernel.errors import NaiveDatetime, ValidationError, WrongType

__all__ = ["Clock", "FixedClock", "instant", "local_date", "require_date", "zone"]


_DATETIME = pendulum.DateTime
"""pendulum's instant class, bound once: :func:`instant` runs ~70 times per order."""


def instant(value: object, field: str = "at") -> pendulum.DateTime:
    """``value`` as an aware ``pendulum.DateTime``; naive datetimes and non-datetimes are refused.

    >>> instant(pendulum.datetime(2026, 11, 26, 9, 30, tz="Europe/Berlin")).isoformat()
    '2026-11-26T09:30:00+01:00'
    """
    if value.__class__ is _DATETIME and value.tzinfo is not None:
        return value  # the usual case: no isinstance() call
    if isinstance(value, pendulum.DateTime):
        if value.tzinfo is None:
            raise NaiveDatetime(field, value)
        return value
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
            raise NaiveDatetime(field, value)
        return pendulum.instance(value)
    raise WrongType(field, value, "an instant is a timezone-aware datetime")


def require_date(value: object, field: str = "date") -> pendulum.Date:
    """``value`` as a calendar ``pendulum.Date``; a datetime is refused (dates are not instants)."""
    if isinstance(value, _dt.datetime):
        raise WrongType(
            field, value, "a calendar date is expected, not an instant; use local_date(at, tz)"
        )
    if isinstance(value, pendulum.Date):
        return value
    if isinstance(value, _dt.date):
        return pendulum.date(value.year, value.month, value.day)
    raise WrongType(field, value, "a calendar date (pendulum.Date or datetime.date) is expected")


def local_date(at: object, timezone: str) -> pendulum.Date:
    """The calendar date that the instant ``at`` falls on in ``timezone`` (e.g. the merchant's).

    >>> str(local_date(pendulum.datetime(2026, 1, 31, 23, 30, tz="UTC"), "Asia/Tokyo"))
    '2026-02-01'
    """
    moment = instant(at, "at")
    tz = zone(timezone)
    # already in that zone (one Timezone per name, see zone()): no conversion
    day = moment.date() if moment.tzinfo is tz else moment.in_timezone(tz).date()
    # the same day as the last one asked for (a shop's invoices of a day): that same shared
    # value (a date never changes), so a store keeps one Date per day, not one per document
    last = _LAST_DAY[0]
    if last is not None and last == day and last.__class__ is day.__class__:
        return last
    _LAST_DAY[0] = day
    return day


_LAST_DAY: list[pendulum.Date | None] = [None]
"""The last date :func:`local_date` gave (one, whatever the history)."""


_ZONES: dict[str, pendulum.Timezone | pendulum.FixedTimezone] = {}
"""The zones :func:`zone` has looked up, by name: at most one per name of the tz database."""


def zone(name: str) -> pendulum.Timezone | pendulum.FixedTimezone:
    """The timezone called ``name`` (an IANA name such as ``'Europe/Paris'``), looked up once.

    pendulum keeps a zone only while something holds it (a weak cache), so a shop whose clock
    says UTC and whose merchant's zone is ``'Europe/Paris'`` would read the zone's file from
    the tz database on every invoice date (~60 us each); kept here by name, it is read once. Only
    names the tz database knows are kept, so this holds at most one zone per name in it.

    >>> zone("Europe/Paris") is zone("Europe/Paris")
    True
    >>> zone("Mars/Olympus")
    Traceback (most recent call last):
    ordercore.kernel.errors.ValidationError: timezone='Mars/Olympus' was refused: an IANA...
    """
    found = _ZONES.get(name) if isinstance(name, str) else None
    if found is None:
        if not isinstance(name, str):
            raise WrongType("timezone", name, "a timezone is given by its IANA name, as text")
        try:
            found = pendulum.timezone(name)
        except ValueError:  # pendulum's InvalidTimezone is a ValueError; ours names the rule
            raise ValidationError("timezone", name, "an IANA timezone name such as 'UTC'") from None
        _ZONES[name] = found
    return found


class Clock(Protocol):
    """The port through which the service layer reads the time; the domain takes ``now``."""

    def now(self) -> pendulum.DateTime:
        """The current instant, timezone-aware."""
        ...


@attrs.define
class FixedClock:
    """A clock for tests and simulations: it says what it was told, and moves only when advanced."""

    current: pendulum.DateTime = attrs.field(converter=instant)

    def now(self) -> pendulum.DateTime:
        """The instant this clock is set to."""
        return self.current

    def advance(
        self, *, days: int = 0, hours: int = 0, minutes: int = 0, seconds: int = 0
    ) -> pendulum.DateTime:
        """Move the clock forward (never back) and return the new instant."""
        if min(days, hours, minutes, seconds) < 0:
            raise ValidationError(
                "advance", (days, hours, minutes, seconds), "time never goes back"
            )
        self.current = self.current.add(days=days, hours=hours, minutes=minutes, seconds=seconds)
        return self.current

    def set(self, at: object) -> None:
        """Set the clock to ``at``; it may not move backwards."""
        moment = instant(at)
        if moment < self.current:
            raise ValidationError("at", moment, f"time never goes back from {self.current}")
        self.current = moment
