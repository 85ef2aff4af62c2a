"""Which location the export reads (the rest of the reader runs against the sandbox in
`tests/provider/test_export_round_trip.py` and `test_export_cli.py`)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, cast

import pytest

from callplan_provider.client import CallingPlanApi
from callplan_provider.export import ExportError, read_org
from callplan_provider.models.locations import Location
from tests.unit.test_export_program import LOCATION


def api_with(*locations: Location) -> CallingPlanApi:
    """An API whose only answer is its list of locations (the reader asks for it first)."""
    fake: Any = SimpleNamespace(locations=SimpleNamespace(list=lambda: iter(locations)))
    return cast(CallingPlanApi, fake)


def test_several_locations_and_none_chosen_asks_for_one_naming_them() -> None:
    annex = LOCATION.model_copy(update={"id": "loc-2", "name": "Annex"})

    with pytest.raises(ExportError) as refused:
        read_org(api_with(LOCATION, annex))

    assert str(refused.value) == (
        "the organisation has several locations: choose one with --location; "
        "its locations: Main Office (loc-1), Annex (loc-2)"
    )


def test_an_organisation_without_a_location_has_nothing_to_export() -> None:
    with pytest.raises(ExportError, match="the organisation has no location: there is nothing to export"):
        read_org(api_with())
