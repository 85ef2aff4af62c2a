"""The numbers interface other areas call (auto attendants, port orders), without HTTP."""

from __future__ import annotations

import pytest

from callplan_provider.sandbox.backend import OrgBackend
from callplan_provider.sandbox.backend.control import Control, PurchaseRequest
from callplan_provider.sandbox.errors import ExtensionInUse, NumberInUse, NumberNotInLocation
from callplan_provider.sandbox.store import Store

AA = "AUTO_ATTENDANT"


@pytest.fixture
def backend():
    store = Store(":memory:")
    control = Control(store)
    purchase = control.create_org(PurchaseRequest(licenses=1, numbers=["+14155550600"]))
    yield OrgBackend(store, purchase.org_id, control.now), purchase.location_id
    store.close()


def test_assign_number_to_auto_attendant_shows_its_name(backend):
    numbers, location_id = backend
    numbers.store.put(numbers.org_id, "auto_attendant", "aa1", {"name": "Front desk"})
    numbers.assign_number("+14155550600", location_id, "aa1", AA)
    (row,) = numbers.list_numbers(owner_id="aa1")
    assert (row.owner.type, row.owner.first_name) == (AA, "Front desk")


def test_assign_number_held_by_another_owner_is_refused(backend):
    numbers, location_id = backend
    numbers.assign_number("+14155550600", location_id, "aa1", AA)
    with pytest.raises(NumberInUse):
        numbers.assign_number("+14155550600", location_id, "aa2", AA)


def test_assign_number_outside_inventory_is_refused(backend):
    numbers, location_id = backend
    with pytest.raises(NumberNotInLocation):
        numbers.assign_number("+14155550601", location_id, "aa1", AA)


def test_unassign_number_by_other_owner_changes_nothing(backend):
    numbers, location_id = backend
    numbers.assign_number("+14155550600", location_id, "aa1", AA)
    numbers.unassign_number("+14155550600", "aa2")
    assert numbers.number_record("+14155550600").owner_id == "aa1"


def test_claim_extension_twice_by_same_owner_is_idempotent(backend):
    numbers, location_id = backend
    numbers.claim_extension(location_id, "4000", "aa1", AA)
    numbers.claim_extension(location_id, "4000", "aa1", AA)
    with pytest.raises(ExtensionInUse):
        numbers.claim_extension(location_id, "4000", "aa2", AA)


def test_release_extension_frees_it(backend):
    numbers, location_id = backend
    numbers.claim_extension(location_id, "4001", "aa1", AA)
    numbers.release_extension(location_id, "4001", "aa1")
    numbers.claim_extension(location_id, "4001", "aa2", AA)


def test_add_to_inventory_then_is_in_inventory(backend):
    numbers, location_id = backend
    assert not numbers.is_in_inventory("+14155550602")
    numbers.add_to_inventory(location_id, ["+14155550602"])
    assert numbers.is_in_inventory("+14155550602")
    assert numbers.number_record("+14155550602").state == "ACTIVE"
