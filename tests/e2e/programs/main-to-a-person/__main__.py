"""The main number to a person who has their own number, then to a phone menu.

Ann has extension 201 and her own direct number (config `directNumber`); the main number
(config `mainNumber`) rings Ann (config `route`: `person`, the default) or the phone menu on
extension 200 (`menu`). Ringing Ann, the main number is her alternate number; her direct number
stays hers throughout.
"""

from __future__ import annotations

import pulumi

import callplan_provider as cp

config = pulumi.Config()

ann = cp.User("ann", email="ann@example.com", first_name="Ann", last_name="Lee")
ann_line = cp.Extension(
    "ann-line", user_id=ann.id, extension="201", phone_number=config.require("directNumber")
)
menu = cp.PhoneMenu(
    "front-desk",
    name="Front desk",
    extension="200",
    business_hours={day: ["09:00-17:00"] for day in ("mon", "tue", "wed", "thu", "fri")},
    business_hours_menu={"keys": {"1": cp.transfer_to_user(ann_line.user_id, "Ann")}},
)
route = cp.route_to_menu(menu) if config.get("route") == "menu" else cp.route_to_user(ann_line)
cp.MainNumber("main-number", phone_number=config.require("mainNumber"), **route)
