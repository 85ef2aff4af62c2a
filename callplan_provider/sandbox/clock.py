"""Business days per country, for port-order timelines on the sandbox clock.

A business day is a day that is neither part of the country's weekend nor one of its national
public holidays, both as the `holidays` package knows them (Saturday and Sunday in most countries,
Friday and Saturday in Israel...). A country the package does not know gets a Saturday-Sunday
weekend and no holidays. Dates are calendar dates: the caller decides which time zone they are in.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache

import holidays

_DEFAULT_WEEKEND = frozenset({5, 6})  # Saturday, Sunday (date.weekday())


class BusinessCalendar:
    """The working days of one country."""

    def __init__(self, country: str) -> None:
        self.country = country.upper()
        try:
            self._holidays: holidays.HolidayBase | None = holidays.country_holidays(self.country)
        except NotImplementedError:
            self._holidays = None
        weekend = getattr(self._holidays, "weekend", None)
        self.weekend: frozenset[int] = frozenset(weekend) if weekend else _DEFAULT_WEEKEND

    def is_business_day(self, day: date) -> bool:
        return day.weekday() not in self.weekend and not self.holiday_name(day)

    def holiday_name(self, day: date) -> str | None:
        """The public holiday on `day`, if any."""
        return self._holidays.get(day) if self._holidays is not None else None

    def add_business_days(self, start: date, days: int) -> date:
        """The date `days` business days after `start` (`start` itself never counts)."""
        if days < 0:
            raise ValueError("days must be >= 0")
        current = start
        remaining = days
        while remaining:
            current += timedelta(days=1)
            if self.is_business_day(current):
                remaining -= 1
        return current

    def next_business_day(self, day: date) -> date:
        """`day` itself when it is a business day, otherwise the first one after it."""
        while not self.is_business_day(day):
            day += timedelta(days=1)
        return day

    def add_business_days_at(self, moment: datetime, days: int) -> datetime:
        """`moment` moved `days` business days later, keeping its time of day."""
        return datetime.combine(self.add_business_days(moment.date(), days), moment.timetz())


@lru_cache(maxsize=64)
def calendar_for(country: str) -> BusinessCalendar:
    """The (cached) business calendar of a country, by ISO 3166 alpha-2 code."""
    return BusinessCalendar(country)


def start_of_day(day: date, like: datetime) -> datetime:
    """Midnight at the start of `day`, in the time zone of `like`."""
    return datetime.combine(day, time(0), tzinfo=like.tzinfo)
