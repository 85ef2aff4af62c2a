"""A calling plan that breaks each rule of the callplan policy pack once, and nothing else.

Only previewed (tests/e2e/test_policies.py), never deployed. Every resource passes the
provider's own checks; what is wrong is what the pack judges:

    main-number-protected            the MainNumber is not protected
    after-hours-menu-does-something  after hours the weekend menu only repeats itself
    menu-keys-reach-extensions       its key 1 sends callers to extension 399, which nobody has
    users-have-extensions            Eve is invited without a line
    port-order-pin-secret            the port order is registered without making its carrier block secret
    calling-lines-within-licenses    two lines, and the test's policy config grants one licence
    business-hours-open-on-a-weekday the weekend menu opens on Saturdays only

Config: `billFile` (a PDF bill for the port order) and `billDate`.
"""

from __future__ import annotations

import pulumi

import callplan_provider as cp
from callplan_provider.resources.base import CallplanResource
from callplan_provider.resources.port_order import PortOrderProvider

config = pulumi.Config()

ann = cp.User("ann", email="ann@example.com", first_name="Ann", last_name="Lee")
ann_line = cp.Extension("ann-line", user_id=ann.id, extension="301")
bo = cp.User("bo", email="bo@example.com", first_name="Bo", last_name="Chen")
bo_line = cp.Extension("bo-line", user_id=bo.id, extension="302")
eve = cp.User("eve", email="eve@example.com", first_name="Eve", last_name="Park")

menu = cp.PhoneMenu(
    "weekend-menu",
    name="Weekend menu",
    extension="300",
    business_hours={"sat": ["10:00-14:00"]},
    business_hours_menu={"keys": {"1": cp.transfer_to_extension("399", "sales"), "2": cp.operator("301")}},
    after_hours_menu={"extension_enabled": False, "keys": {"9": cp.repeat_menu()}},
    opts=pulumi.ResourceOptions(depends_on=[ann_line, bo_line]),
)
cp.MainNumber("main-number", phone_number="+14155550100", **cp.route_to_menu(menu))


class PlainPortOrder(CallplanResource, module="callplan", name="PortOrder"):
    """A port order registered by hand, without the secret marking `cp.PortOrder` adds."""

    provider_class = PortOrderProvider


PlainPortOrder(
    "port-in",
    {
        "phone_numbers": ["+12125550150"],
        "losing_carrier": {
            "name": "Example Telecom",
            "account_number": "4471-2209",
            "pin": "93718264",
            "billing_telephone_number": "+12125550150",
        },
        "account_holder": {
            "name": "Example Dental LLC",
            "service_address": {
                "address1": "100 Main St",
                "city": "New York",
                "state": "NY",
                "postal_code": "10001",
                "country": "US",
            },
        },
        "bill_file": config.require("billFile"),
        "bill_date": config.require("billDate"),
        "loa": {"signer_name": "Office Owner", "signer_email": "owner@example.com"},
    },
)
