"""PhoneMenu and PortOrder as a program declares them, under `pulumi.runtime.set_mocks`."""

from __future__ import annotations

from typing import Any

import pulumi
import pytest

from callplan_provider import menu
from callplan_provider.resources.phone_menu import PhoneMenu
from callplan_provider.resources.port_order import PortOrder
from tests.unit.pulumi_mocks import RecordingMocks

MOCKS = RecordingMocks()


@pytest.fixture(autouse=True)
def mocks() -> None:
    MOCKS.registered.clear()
    pulumi.runtime.set_mocks(MOCKS, preview=False)


def port_order() -> PortOrder:
    return PortOrder(
        "port-in",
        phone_numbers=["+14155550150"],
        losing_carrier={
            "name": "Old",
            "account_number": "1",
            "pin": "1234",
            "billing_telephone_number": "+14155550150",
        },
        account_holder={
            "name": "Acme",
            "service_address": {"address1": "1 Main", "city": "X", "postal_code": "1", "country": "US"},
        },
        bill_file="bill.pdf",
        bill_date="2024-01-01",
        loa={"signer_name": "Owner", "signer_email": "owner@example.com"},
    )


@pulumi.runtime.test
def test_port_order_registers_with_its_type_token():
    order = port_order()

    def registered(_: Any) -> None:
        [args] = MOCKS.registered
        assert args.typ == "pulumi-python:dynamic/callplan:PortOrder"
        assert args.inputs["phone_numbers"] == ["+14155550150"]

    return order.id.apply(registered)


def is_true(value: bool) -> None:
    assert value is True


@pulumi.runtime.test
def test_port_order_keeps_the_pin_secret():
    order = port_order()
    return pulumi.Output.from_input(order.losing_carrier.is_secret()).apply(is_true)


@pulumi.runtime.test
def test_phone_menu_registers_with_its_type_token():
    phone_menu = PhoneMenu(
        "desk",
        name="Front desk",
        extension="200",
        business_hours={"mon": ["09:00-17:00"]},
        business_hours_menu=menu.menu_options({"1": menu.transfer_to_extension("201", "sales")}),
    )

    def registered(_: Any) -> None:
        [args] = MOCKS.registered
        assert args.typ == "pulumi-python:dynamic/callplan:PhoneMenu"
        assert args.inputs["business_hours_menu"]["keys"]["1"]["extension"] == "201"

    return phone_menu.id.apply(registered)


def test_output_names_are_seeded():
    from callplan_provider.resources.phone_menu import PhoneMenuProvider
    from callplan_provider.resources.port_order import PortOrderProvider

    assert {"caller_hears", "schedule_name"} <= set(PhoneMenuProvider.output_names())
    assert {"status", "status_details", "estimated_completion", "foc_date", "numbers"} <= set(
        PortOrderProvider.output_names()
    )
