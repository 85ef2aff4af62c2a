"""Ann and Bo with their lines, and, by the config `scene`, what the tests preview or apply:

    base         Ann 201 with the direct number `annNumber`, Bo 202
    move         Ann's direct number given to Bo (Ann's line declared first)
    swap         then Ann and Bo swap their extensions (and Bo gives the number back to Ann)
    taken        Cy's new line wants the number and the extension of Zoe, whom the program does not manage
    main-menu    a menu whose own number is the main number
    port         a port order of a number the org holds, signed by someone else, with an old bill
    clash        two new lines claim extension 250
    clash-number a menu claims Ann's direct number
    clash-menu   two menus named "Sales"
    clash-port   two port orders of one number
    recording    Cy's new line records calls (refused on a STANDARD plan)
    port-uk      a port order of a UK number into this US location

Config: `annNumber`, `zoeNumber`, `mainNumber`, `billFile`, `billDate` (too old), `freshBillDate`.
"""

from __future__ import annotations

import pulumi

import callplan_provider as cp

config = pulumi.Config()
scene = config.get("scene") or "base"
ann_number = config.require("annNumber")

ann_line_args: dict = {"extension": "201", "phone_number": ann_number}
bo_line_args: dict = {"extension": "202"}
if scene == "move":
    ann_line_args, bo_line_args = {"extension": "201"}, {"extension": "202", "phone_number": ann_number}
elif scene == "swap":
    ann_line_args = {"extension": "202", "phone_number": ann_number}
    bo_line_args = {"extension": "201"}

ann = cp.User("ann", email="ann@example.com", first_name="Ann", last_name="Lee")
cp.Extension("ann-line", user_id=ann.id, **ann_line_args)
bo = cp.User("bo", email="bo@example.com", first_name="Bo", last_name="Chen")
cp.Extension("bo-line", user_id=bo.id, **bo_line_args)

if scene in ("taken", "clash", "recording"):
    cy = cp.User("cy", email="cy@example.com", first_name="Cy", last_name="Ray")
    if scene == "taken":
        cp.Extension("cy-line", user_id=cy.id, extension="209", phone_number=config.require("zoeNumber"))
    elif scene == "recording":
        cp.Extension("cy-line", user_id=cy.id, extension="250", call_recording=True)
    else:
        dee = cp.User("dee", email="dee@example.com", first_name="Dee", last_name="Ek")
        cp.Extension("cy-line", user_id=cy.id, extension="250")
        cp.Extension("dee-line", user_id=dee.id, extension="250")
if scene in ("clash-number", "clash-menu"):
    for name, extension in (("sales", "260"), ("sales-2", "261")):
        cp.PhoneMenu(
            name,
            name="Sales" if scene == "clash-menu" else name,
            extension=extension,
            phone_number=ann_number if scene == "clash-number" and name == "sales" else None,
            business_hours={"mon": ["09:00-17:00"]},
        )
if scene == "main-menu":
    cp.PhoneMenu(
        "menu",
        name="Main menu",
        extension="200",
        phone_number=config.require("mainNumber"),
        business_hours={"mon": ["09:00-17:00"]},
    )
port_orders = {"port": [ann_number]} if scene == "port" else {}
if scene == "clash-port":
    port_orders = {"port-a": ["+12125550170"], "port-b": ["+12125550170"]}
if scene == "port-uk":
    port_orders = {"port-uk": ["+442071838750"]}
for port_name, port_numbers in port_orders.items():
    cp.PortOrder(
        port_name,
        phone_numbers=port_numbers,
        losing_carrier={
            "name": "Old Telco",
            "account_number": "A-1",
            "billing_telephone_number": port_numbers[0],
        },
        account_holder={
            "name": "Acme",
            "service_address": {
                "address1": "1 Main St",
                "city": "San Jose",
                "state": "CA",
                "postal_code": "95134",
                "country": "US",
            },
        },
        bill_file=config.require("billFile"),
        bill_date=config.require("billDate" if scene == "port" else "freshBillDate"),
        loa={"signer_name": "Eve", "signer_email": "eve@example.com"}
        if scene == "port"
        else {"signer_name": "Account Owner", "signer_email": "owner@example.com"},
    )
