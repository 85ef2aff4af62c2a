"""Business days per country (`sandbox/clock.py`), the calendar of port-order timelines."""

from datetime import UTC, date, datetime

import pytest

from callplan_provider.sandbox.clock import BusinessCalendar, calendar_for


def test_add_business_days_skips_the_weekend():
    friday = date(2025, 11, 14)
    assert calendar_for("US").add_business_days(friday, 1) == date(2025, 11, 17)


def test_add_business_days_skips_thanksgiving():
    wednesday = date(2025, 11, 26)
    assert calendar_for("US").add_business_days(wednesday, 1) == date(2025, 11, 28)


def test_add_business_days_ten_from_monday_before_thanksgiving():
    assert calendar_for("US").add_business_days(date(2025, 11, 17), 10) == date(2025, 12, 2)


def test_add_business_days_zero_is_the_start_day():
    saturday = date(2025, 11, 15)
    assert calendar_for("US").add_business_days(saturday, 0) == saturday


def test_add_business_days_negative_is_refused():
    with pytest.raises(ValueError):
        calendar_for("US").add_business_days(date(2025, 11, 17), -1)


def test_is_business_day_false_on_a_holiday():
    assert not calendar_for("US").is_business_day(date(2025, 11, 27))


def test_holiday_name_of_thanksgiving():
    assert calendar_for("US").holiday_name(date(2025, 11, 27)) == "Thanksgiving Day"


def test_holidays_follow_the_country():
    assert calendar_for("GB").is_business_day(date(2025, 11, 27))


def test_weekend_follows_the_country():
    israel = calendar_for("IL")
    assert not israel.is_business_day(date(2025, 11, 14))  # a Friday
    assert israel.is_business_day(date(2025, 11, 16))  # a Sunday


def test_unknown_country_has_a_saturday_sunday_weekend_and_no_holidays():
    unknown = BusinessCalendar("XX")
    assert unknown.add_business_days(date(2025, 12, 24), 2) == date(2025, 12, 26)
    assert not unknown.is_business_day(date(2025, 12, 27))


def test_next_business_day_of_a_holiday_weekend():
    assert calendar_for("US").next_business_day(date(2025, 12, 25)) == date(2025, 12, 26)


def test_add_business_days_at_keeps_the_time_of_day():
    moment = datetime(2025, 11, 21, 15, 30, tzinfo=UTC)  # a Friday
    assert calendar_for("US").add_business_days_at(moment, 1) == datetime(2025, 11, 24, 15, 30, tzinfo=UTC)
